import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData, IHookFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

// Placeholder until the trigger lands: acknowledges callbacks with `success`.
export class ByaiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byai Trigger',
		name: 'byaiTrigger',
		icon: { light: 'file:byai.svg', dark: 'file:byai.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Byai calls back',
		defaults: { name: 'Byai Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [{ name: 'Call Finished', value: 'callFinished' }],
				default: ['callFinished'],
			},
		],
	};

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
		this.getResponseObject().status(200).type('text/plain').send('success');
		return { noWebhookResponse: true, workflowData: [[{ json: this.getBodyData() }]] };
	}
}
