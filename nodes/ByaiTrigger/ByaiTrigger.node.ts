import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { INTENTION_GRADES, INTENTION_LABELS } from '../Byai/helpers/labels';
import { byaiApiCredentialTest, BYAI_CREDENTIAL_TYPE } from '../Byai/transport';
import type { CallbackFilters } from './callbacks';
import {
	callbackRecords,
	callbackSignatureValid,
	dedupeKey,
	EVENT_OPTIONS,
	FINISH_STATUS_OPTIONS,
	parseCallbackBody,
	passesFilters,
	TASK_STATUS_OPTIONS,
} from './callbacks';
import { rememberCallback } from './dedupe';

const ids = (value: unknown): number[] =>
	String(value ?? '')
		.split(/[,\s]+/)
		.filter(Boolean)
		.map(Number)
		.filter(Number.isFinite);

function clientIp(context: IWebhookFunctions, behindProxy: boolean): string {
	const request = context.getRequestObject();
	const forwarded = context.getHeaderData()['x-forwarded-for'];
	const address = behindProxy && forwarded ? String(forwarded).split(',')[0].trim() : (request.socket?.remoteAddress ?? request.ip ?? '');
	return address.replace(/^::ffff:/, '');
}

export class ByaiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byai Trigger',
		name: 'byaiTrigger',
		icon: { light: 'file:byai.svg', dark: 'file:byai.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when Byai (百应) calls back: call finished, intention level changed, task status changed, inbound call finished',
		defaults: { name: 'Byai Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'byaiApi', required: true, testedBy: 'byaiApiTest', displayOptions: { show: { verifySignature: [true] } } }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'call-record' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'task-status' },
		],
		properties: [
			{
				displayName:
					'Byai has no API to register callbacks: hand these URLs to Byai. In the Byai CRM (系统管理 → 系统设置 → API配置) or via Byai support, set the URL ending in <b>/call-record</b> as the call-record callback URL (通话记录回调地址) and the URL ending in <b>/task-status</b> as the task callback URL (任务回调地址; Byai must enable task callbacks). Use the <b>Production URLs</b> once the workflow is active; the Test URLs only work while n8n listens for a test event. Both URLs accept every callback type.',
				name: 'urlsNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_OPTIONS,
				default: ['callFinished', 'inboundCallFinished', 'intentionChanged', 'taskStatusChanged'],
				description: 'Which callbacks start the workflow. Others are still answered "success" so Byai does not retry them.',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to flatten each call into one item with readable labels, intention level, parsed properties and a plain transcript; off returns Byai\'s payload as is',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{ displayName: 'Company IDs', name: 'companyIds', type: 'string', default: '', placeholder: '3811, 3812', description: 'Only callbacks of these companies (comma-separated)' },
					{
						displayName: 'Intention Levels',
						name: 'intentionGrades',
						type: 'multiOptions',
						options: INTENTION_GRADES.map((grade) => ({ name: `${grade} – ${INTENTION_LABELS[grade].meaning}`, value: grade })),
						default: [],
						description: 'Only calls and intention changes with these levels; matched on the letter, whatever label set the account uses',
					},
					{ displayName: 'Min Call Duration (Seconds)', name: 'minDuration', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Only calls that lasted at least this long' },
					{ displayName: 'Outcomes', name: 'finishStatuses', type: 'multiOptions', options: FINISH_STATUS_OPTIONS, default: [], description: 'Only calls with these outcomes (finishStatus)' },
					{ displayName: 'Task IDs', name: 'taskIds', type: 'string', default: '', placeholder: '1001, 1002', description: 'Only callbacks of these tasks (comma-separated)' },
					{ displayName: 'Task Statuses', name: 'taskStatuses', type: 'multiOptions', options: TASK_STATUS_OPTIONS, default: [], description: 'Only task-status callbacks with these statuses' },
				],
			},
			{
				displayName: 'Verify Signature',
				name: 'verifySignature',
				type: 'boolean',
				default: false,
				description:
					'Whether to check the "sign" field of callbacks that carry one. Byai sends it only when asked to enable it and never documented the algorithm; this checks Base64(HMAC-SHA1(APP_SECRET, APP_KEY + "\\n" + dateTime)), by analogy with request signing. Callbacks without a sign are accepted.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Allowed IPs',
						name: 'allowedIps',
						type: 'string',
						default: '',
						placeholder: '120.55.46.3',
						description: 'Only accept callbacks from these addresses (comma-separated); others get 403. Byai documents 120.55.46.3 for its public cloud.',
					},
					{ displayName: 'Behind a Proxy', name: 'behindProxy', type: 'boolean', default: false, description: 'Whether n8n is behind a reverse proxy: then the caller\'s address is taken from X-Forwarded-For' },
					{
						displayName: 'Dedupe Window',
						name: 'dedupeWindow',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10000,
						description: 'How many recent callbacks to remember so a repeat (Byai retries up to 27 times) starts no second execution; 0 turns it off',
					},
					{ displayName: 'Include Unknown Events', name: 'includeUnknown', type: 'boolean', default: false, description: 'Whether to emit callbacks of an unknown dataType as they are (they are always answered "success")' },
				],
			},
		],
	};

	methods = { credentialTest: { byaiApiTest: byaiApiCredentialTest } };

	// Byai has no API to register callback URLs; the user hands them over (see the notice).
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const answer = (status: number, text: string): IWebhookResponseData => {
			response.status(status).type('text/plain').send(text);
			return { noWebhookResponse: true };
		};
		const options = this.getNodeParameter('options', {}) as IDataObject;

		const allowed = String(options.allowedIps ?? '').split(/[,\s]+/).filter(Boolean);
		if (allowed.length && !allowed.includes(clientIp(this, options.behindProxy === true))) return answer(403, 'forbidden');

		// n8n hands JSON bodies over parsed; text/plain ones (Byai private cloud) as raw text.
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
		const body = request.body;
		const parsedBody = body && typeof body === 'object' && !Buffer.isBuffer(body) && Object.keys(body).length ? (body as IDataObject) : undefined;
		const callback = parseCallbackBody(parsedBody ?? request.rawBody ?? (body as string | undefined));
		if ('malformed' in callback) return answer(400, `not a Byai callback: ${callback.malformed}`);

		if (this.getNodeParameter('verifySignature', false) && callback.data.sign) {
			const credentials = await this.getCredentials(BYAI_CREDENTIAL_TYPE);
			if (!callbackSignatureValid(callback.data, String(credentials.appKey), String(credentials.appSecret))) return answer(403, 'invalid sign');
		}

		const events = this.getNodeParameter('events', []) as string[];
		const wanted = callback.event === 'unknown' ? options.includeUnknown === true : events.includes(callback.event);
		const filterValues = this.getNodeParameter('filters', {}) as IDataObject;
		const filters: CallbackFilters = {
			companyIds: ids(filterValues.companyIds),
			taskIds: ids(filterValues.taskIds),
			finishStatuses: filterValues.finishStatuses as number[] | undefined,
			intentionGrades: filterValues.intentionGrades as string[] | undefined,
			taskStatuses: filterValues.taskStatuses as number[] | undefined,
			minDuration: Number(filterValues.minDuration ?? 0),
		};
		const windowSize = Number(options.dedupeWindow ?? 10000);
		const staticData = this.getWorkflowStaticData('node');
		const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		const simplify = this.getNodeParameter('simplify', true) as boolean;

		const items: INodeExecutionData[] = [];
		if (wanted) {
			for (const record of callbackRecords(callback, simplify)) {
				if (!passesFilters(callback, record, filters)) continue;
				if (windowSize > 0 && !rememberCallback(staticData, scope, dedupeKey(callback, record), windowSize)) continue;
				items.push({ json: record });
			}
		}
		// Byai counts only HTTP 200 with the body "success" as delivered; anything else is retried for a day.
		answer(200, 'success');
		return items.length ? { noWebhookResponse: true, workflowData: [items] } : { noWebhookResponse: true };
	}
}
