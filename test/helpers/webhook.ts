// Serves the Byai Trigger's webhook() over real HTTP: the body is read like n8n's webhook server does
// (raw body kept, JSON parsed, a JSON parse failure answered 422 before any node runs) and n8n-core's
// WebhookContext runs the node.
import express from 'express';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, INodeExecutionData, INodeParameters, IWebhookResponseData } from 'n8n-workflow';
import { WebhookContext } from 'n8n-core';

import type { SandboxCredentials } from './n8n';
import { additionalData, makeNode, makeWorkflow, NODE_TYPES } from './n8n';

export interface TriggerServer {
	url: string;
	/** workflowData of every call that started an execution. */
	executions: INodeExecutionData[][];
	staticData: IDataObject;
	stop(): Promise<void>;
	post(path: string, body: unknown, init?: { contentType?: string; headers?: Record<string, string> }): Promise<{ status: number; text: string; contentType: string | null }>;
}

let servers = 0;

export async function startTrigger(parameters: INodeParameters, credentials?: SandboxCredentials, options: { trustProxy?: boolean } = {}): Promise<TriggerServer> {
	const app = express();
	const node = makeNode('n8n-nodes-byai.byaiTrigger', parameters, credentials !== undefined);
	const workflowId = `wf-${++servers}`;
	// Static data is saved with the workflow between requests, as n8n does.
	const staticData: IDataObject = {};
	const executions: INodeExecutionData[][] = [];
	if (options.trustProxy) app.set('trust proxy', true);
	app.use(express.raw({ type: () => true, limit: '5mb' }));
	app.use((req, res, next) => {
		const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
		(req as unknown as { rawBody: Buffer }).rawBody = raw;
		req.body = {};
		if (/json/.test(req.headers['content-type'] ?? '') && raw.length) {
			try {
				req.body = JSON.parse(raw.toString('utf8'));
			} catch (error) {
				return void res.status(422).json({ message: 'Failed to parse request body', hint: (error as Error).message });
			}
		}
		next();
	});
	app.post('/webhook/:path', async (req, res) => {
		const data = additionalData(credentials);
		Object.assign(data, { httpRequest: req, httpResponse: res });
		const workflow = makeWorkflow(node, staticData, workflowId);
		const webhookData = { httpMethod: 'POST', node: node.name, path: req.params.path, webhookDescription: {}, workflowId };
		const context = new WebhookContext(workflow, node, data, 'trigger', webhookData as never, [], null);
		try {
			const result = (await (NODE_TYPES[node.type].webhook as (this: WebhookContext) => Promise<IWebhookResponseData>).call(context)) ?? {};
			if (result.workflowData) executions.push(result.workflowData[0]);
			if (!result.noWebhookResponse && !res.headersSent) res.status(200).json({ message: 'Workflow was started' });
		} catch (error) {
			if (!res.headersSent) res.status(500).send(String((error as Error).message));
		}
	});
	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		executions,
		staticData,
		stop: () => new Promise((resolve) => server.close(() => resolve())),
		async post(path, body, init = {}) {
			const response = await fetch(`${url}/webhook/${path}`, {
				method: 'POST',
				headers: { 'content-type': init.contentType ?? 'application/json;charset=utf-8', ...init.headers },
				body: typeof body === 'string' ? body : JSON.stringify(body),
			});
			return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
		},
	};
}
