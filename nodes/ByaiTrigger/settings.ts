// The trigger's parameters, read and checked once: at activation (create()) a mistake stops the workflow
// from being activated with a clear message, instead of every callback being refused for a day.
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ANSWER_BYAI, ANSWER_FROM_BYAI_NODE, ANSWER_WHEN_RECEIVED, isAcknowledgeNode } from './answer';
import type { ByaiEvent, CallbackFilters } from './callbacks';
import type { AddressRule } from './security';
import { parseAllowList } from './security';

export const DEFAULT_DEDUPE_WINDOW = 5000;
export const MAX_DEDUPE_WINDOW = 100000;

export interface TriggerSettings {
	events: ByaiEvent[];
	includeUnknown: boolean;
	simplify: boolean;
	filters: CallbackFilters;
	allowList: AddressRule[];
	/** How many trusted proxies stand in front of n8n (0 = X-Forwarded-For is ignored). */
	proxies: number;
	verifySignature: boolean;
	requireSignature: boolean;
	dedupeWindow: number;
	/** Answer Byai "From a Byai Node": a Byai node's Callback → Acknowledge answers, not n8n on receipt. */
	answeredByNode: boolean;
}

export function readSettings(context: IHookFunctions | IWebhookFunctions): TriggerSettings {
	const node = context.getNode();
	const fail = (message: string, description: string) => {
		throw new NodeOperationError(node, message, { description });
	};
	const answerByai = context.getNodeParameter(ANSWER_BYAI, ANSWER_WHEN_RECEIVED) as string;
	const answeredByNode = answerByai === ANSWER_FROM_BYAI_NODE;
	// As n8n's Webhook node does without a Respond to Webhook node; here already at activation.
	if (answeredByNode && !context.getChildNodes(node.name, { includeNodeParameters: true }).some(isAcknowledgeNode)) {
		fail(
			'No Byai node acknowledges the callbacks',
			'Answer Byai is "From a Byai Node": add a Byai node with Callback → Acknowledge after this trigger (after the step that makes a callback safe, e.g. a database claim), or set Answer Byai to "When Received". Otherwise Byai would never get "success" and would resend every callback for a day.',
		);
	}
	const events = context.getNodeParameter('events', []) as ByaiEvent[];
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const verifySignature = context.getNodeParameter('verifySignature', false) as boolean;
	const includeUnknown = options.includeUnknown === true;
	if (!events.length && !includeUnknown) {
		fail('Choose at least one event', 'With no event selected the trigger would answer every callback and never start the workflow.');
	}

	const idList = (name: string, label: string) => {
		const entries = String(filters[name] ?? '').split(/[\s,;]+/).filter(Boolean);
		const invalid = entries.filter((entry) => !/^\d+$/.test(entry));
		if (invalid.length) fail(`${label}: "${invalid.join('", "')}" is not a number`, `Enter Byai IDs separated by commas, e.g. 3811, 3812.`);
		return entries.map((entry) => entry.replace(/^0+(?=\d)/, ''));
	};
	const { rules, invalid } = parseAllowList(String(options.allowedIps ?? ''));
	if (invalid.length) {
		fail(`Allowed IPs: "${invalid.join('", "')}" is not an IP address`, 'Enter IPv4 or IPv6 addresses or IPv4 ranges (10.0.0.0/8), separated by commas. Byai documents 120.55.46.3.');
	}
	const behindProxy = options.behindProxy === true;
	const proxyHops = Number(options.proxyHops ?? 1);
	if (behindProxy && (!Number.isInteger(proxyHops) || proxyHops < 1)) fail('Proxy Hops must be a whole number of at least 1', 'Count the reverse proxies between the internet and n8n.');
	const dedupeWindow = Number(options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW);
	if (!Number.isInteger(dedupeWindow) || dedupeWindow < 0 || dedupeWindow > MAX_DEDUPE_WINDOW) {
		fail(`Dedupe Window must be a whole number from 0 to ${MAX_DEDUPE_WINDOW}`, '0 turns the dedupe off.');
	}
	const minDuration = Number(filters.minDuration ?? 0);
	if (!Number.isFinite(minDuration) || minDuration < 0) fail('Min Call Duration must be 0 or more seconds', 'Calls shorter than this are acknowledged and dropped.');

	return {
		events,
		includeUnknown,
		simplify: context.getNodeParameter('simplify', true) as boolean,
		filters: {
			companyIds: idList('companyIds', 'Company IDs'),
			taskIds: idList('taskIds', 'Task IDs'),
			finishStatuses: ((filters.finishStatuses as number[] | undefined) ?? []).map(Number),
			intentionGrades: (filters.intentionGrades as string[] | undefined) ?? [],
			taskStatuses: ((filters.taskStatuses as number[] | undefined) ?? []).map(Number),
			minDuration,
		},
		allowList: rules,
		proxies: behindProxy ? proxyHops : 0,
		verifySignature,
		requireSignature: verifySignature && (context.getNodeParameter('requireSignature', false) as boolean),
		dedupeWindow,
		answeredByNode,
	};
}
