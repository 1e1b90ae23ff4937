import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { BYAI_CREDENTIAL_TYPE } from '../Byai/transport';
import { ACKNOWLEDGEMENT, RESPONSE_MODE } from './answer';
import { callbackRecords, parseCallback, passesFilters, readCallbackBody, recordJson } from './callbacks';
import { DedupeWindow, dedupeFields, recordIdentity, saveInExecution } from './dedupe';
import { CALL_RECORD_PATH, TASK_STATUS_PATH, triggerProperties } from './description';
import { addressAllowed, callbackSignatureValid, callerAddress } from './security';
import { readSettings } from './settings';

/**
 * Byai has no API for callback URLs: the user enters them in the CRM (see the notice), so there is nothing
 * to look up, create or delete on Byai's side. checkExists() says so by returning false, which makes n8n
 * call create() on every activation and test listen; create() checks the settings, so a mistake stops the
 * activation with a message instead of every callback being refused. delete() has nothing to remove: the
 * URLs stay entered at Byai, whose callbacks then fail and are retried (and listed by Get Many Failed).
 */
const webhookLifecycle = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return false;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		const settings = readSettings(this);
		if (settings.verifySignature) {
			try {
				await this.getCredentials(BYAI_CREDENTIAL_TYPE);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), 'Verify Signature needs a Byai API credential', {
					description: `Select the credential whose APP_KEY and APP_SECRET Byai signs callbacks with (${(error as Error).message}).`,
				});
			}
		}
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};

const isPlainText = (response: { getHeader(name: string): unknown }) => /^text\/plain\b/i.test(String(response.getHeader('content-type') ?? ''));

/** The dedupe window of this trigger in this workflow. */
const windowScope = (context: IWebhookFunctions | IExecuteFunctions) => `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;

export class ByaiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byai Trigger',
		name: 'byaiTrigger',
		icon: { light: 'file:byai.svg', dark: 'file:byai.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Events: " + ($parameter["events"] || []).length}}',
		description: 'Starts the workflow when Byai (百应) calls back: call finished, intention level changed, task status changed, inbound call finished',
		defaults: { name: 'Byai Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Optional, and not tied to Verify Signature by displayOptions: n8n 1.x would take Verify Signature for an
		// authentication field and hide it. create() insists on the credential when Verify Signature is on.
		credentials: [{ name: BYAI_CREDENTIAL_TYPE, required: false }],
		webhooks: [
			// responseData is the body n8n sends once the execution exists (onReceived); webhookResponse the one
			// for callbacks that start none (repeats, filtered out). responseMode follows Answer Byai.
			{ name: 'default', httpMethod: 'POST', responseMode: RESPONSE_MODE, responseData: ACKNOWLEDGEMENT, path: CALL_RECORD_PATH },
			{ name: 'default', httpMethod: 'POST', responseMode: RESPONSE_MODE, responseData: ACKNOWLEDGEMENT, path: TASK_STATUS_PATH },
		],
		properties: triggerProperties,
	};

	// Both webhooks are "default" (n8n knows only default and setup); create() runs once for each.
	webhookMethods = { default: webhookLifecycle };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const settings = readSettings(this);
		const response = this.getResponseObject();
		const refuse = (status: number, reason: string): IWebhookResponseData => {
			this.logger.warn(`Byai Trigger "${this.getNode().name}" refused a callback (${status}): ${reason}`);
			response.status(status).type('text/plain').send(reason);
			return { noWebhookResponse: true };
		};

		if (settings.allowList.length) {
			const caller = callerAddress(this.getRequestObject(), this.getHeaderData()['x-forwarded-for'], settings.proxies);
			if (!addressAllowed(caller, settings.allowList)) return refuse(403, `forbidden: ${caller || 'the caller'} is not in Allowed IPs`);
		}

		let body;
		try {
			body = await readCallbackBody(this.getRequestObject());
		} catch (error) {
			return refuse(400, `not a Byai callback: the body could not be read (${(error as Error).message})`);
		}
		const callback = parseCallback(body);
		if ('malformed' in callback) return refuse(400, `not a Byai callback: ${callback.malformed}`);

		if (settings.verifySignature) {
			if (callback.data.sign === undefined || callback.data.sign === null || callback.data.sign === '') {
				if (settings.requireSignature) return refuse(403, 'unsigned callback');
			} else {
				const credentials = await this.getCredentials(BYAI_CREDENTIAL_TYPE);
				if (!callbackSignatureValid(callback.data, String(credentials.appKey), String(credentials.appSecret))) return refuse(403, 'invalid sign');
			}
		}

		const wanted = callback.event === 'unknown' ? settings.includeUnknown : settings.events.includes(callback.event);
		const items: INodeExecutionData[] = [];
		if (wanted) {
			// The editor's test URL (manual mode) keeps no window: every test event shows.
			const window =
				settings.dedupeWindow > 0 && this.getMode() !== 'manual'
					? new DedupeWindow(this.getWorkflowStaticData('node'), windowScope(this), settings.dedupeWindow)
					: undefined;
			for (const record of callbackRecords(callback)) {
				if (!passesFilters(record, settings.filters)) continue;
				const identity = recordIdentity(record);
				if (window && !window.firstDelivery(identity)) continue;
				items.push({ json: recordJson(record, settings.simplify, dedupeFields(identity)) });
			}
			window?.save();
			// n8n answers with an error when it could not create the execution: Byai resends, and the resend
			// must not be taken for a repeat. Answered by a Byai node, neither may a caller that hung up before
			// the answer, nor n8n 1.x's answer to an execution that failed before Acknowledge (200, no body, JSON):
			// n8n does not tell what it sent, but Acknowledge's answer is the only text/plain one.
			if (window && items.length && settings.answeredByNode) response.once('close', () => window.settle(response.writableFinished && response.statusCode < 300 && isPlainText(response)));
			else if (window && items.length) response.once('finish', () => window.settle(response.statusCode < 300));
		}
		// Every well-formed callback is acknowledged, filtered-out and repeated ones included. n8n sends the
		// answer: n8n 2.x only once the execution exists, so Byai gets "success" for nothing n8n failed to
		// start (it resends instead) and cannot outrun n8n (the answer waits, like n8n's own Webhook node's).
		// Answer Byai "From a Byai Node" (responseMode "responseNode"): callbacks that start an execution are
		// answered by its Callback → Acknowledge, or with n8n's error if it fails before.
		if (!(items.length && settings.answeredByNode)) response.type('text/plain');
		return items.length ? { webhookResponse: ACKNOWLEDGEMENT, workflowData: [items] } : { webhookResponse: ACKNOWLEDGEMENT };
	}

	/**
	 * Runs first in every execution a callback started: passes the items on, and saves the dedupe window
	 * there (n8n saves static data changed in an execution when it ends; see dedupe.ts).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getMode() !== 'manual' && saveInExecution(this.getWorkflowStaticData('node'), windowScope(this), items.map((item) => item.json.dedupeSubject))) {
			this.logger.debug(`Byai Trigger "${this.getNode().name}": dedupe window saved with this execution`);
		}
		return [items];
	}
}
