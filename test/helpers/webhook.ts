// Serves the Byai Trigger's webhook() over real HTTP the way n8n's live and test webhooks do:
// - the body is read as n8n does for a version-1 node: raw bytes kept in req.rawBody (and req.readRawBody),
//   application/json parsed (a parse failure answered 422 before any node runs), text/plain handed over
//   as a string, other types left unparsed;
// - every request builds its Workflow from the static data stored in the "database" (a JSON string), as
//   n8n loads the workflow per request, and the load yields to other requests like a database read;
// - n8n-core's WebhookContext runs the node with the real Node request and response;
// - a request that starts no execution: static data is saved when the node changed it, and n8n's default
//   answer is sent when the node did not answer itself; a thrown error is answered 500;
// - a request that starts one: n8n builds the execution's Workflow over the same static-data object (which
//   clears its "changed" mark), runs the node's execute() on the items in an ExecuteContext of that
//   Workflow and saves static data changed there when the execution ends. n8n 2.x answers once the
//   execution exists, so the save it makes when it answers finds nothing changed; n8n 1.x (`answerFirst`)
//   answers and saves before it creates the execution. Nothing is saved in manual mode.
// Also: the lifecycle hooks through n8n-core's HookContext, and a TCP proxy that loses answers.
import express from 'express';
import http from 'http';
import type { Server } from 'http';
import net from 'net';
import type { AddressInfo } from 'net';
import type { IDataObject, INode, INodeExecutionData, INodeParameters, IWebhookData, IWebhookDescription, IWebhookResponseData, Workflow, WorkflowExecuteMode } from 'n8n-workflow';
import { HookContext, WebhookContext } from 'n8n-core';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

import type { SandboxCredentials } from './n8n';
import { additionalData, executeNode, makeNode, makeWorkflow, newRunExecutionData, NODE_TYPES } from './n8n';

const TRIGGER_TYPE = 'n8n-nodes-byai.byaiTrigger';
const trigger = NODE_TYPES[TRIGGER_TYPE];

export interface Answer {
	status: number;
	body: Buffer;
	text: string;
	contentType: string | undefined;
}

export interface PostOptions {
	contentType?: string | null;
	headers?: Record<string, string>;
	/** Source address of the connection (any 127.x.y.z works on Linux loopback). */
	localAddress?: string;
	/** Connect to this host instead of 127.0.0.1 (e.g. ::1). */
	host?: string;
}

export interface TriggerServer {
	url: string;
	port: number;
	/** The trigger's output (its execute() on workflowData[0]) in every execution a request started. */
	executions: INodeExecutionData[][];
	/** Errors thrown by webhook() (n8n answers 500 and records a failed execution). */
	errors: Error[];
	/** The workflow's static data as last saved. */
	storedStaticData(): IDataObject;
	/** How many times static data was saved. */
	saves: number;
	post(path: string, body: unknown, options?: PostOptions): Promise<Answer>;
	stop(): Promise<void>;
}

export interface TriggerOptions {
	credentials?: SandboxCredentials;
	/** 'webhook' = production URL of an active workflow, 'manual' = the editor's test URL. */
	mode?: WorkflowExecuteMode;
	workflowId?: string;
	/**
	 * How long loading the workflow takes (ms). n8n reads it from the database per request; requests that
	 * arrive within this time of each other all get the static data saved before any of them.
	 */
	loadMs?: number;
	/**
	 * Whether n8n fails to create the n-th execution (0-based): n8n 2.x then answers 500 and saves no
	 * static data (live-webhooks saves it only with a successful answer); n8n 1.x has answered already.
	 */
	failExecution?: (n: number) => boolean;
	/** How long n8n takes to create the n-th execution (0-based, in order of arrival) before it answers (ms). */
	createMs?: (n: number) => number;
	/** n8n 1.x: the answer (and its static-data save) before the execution is created. */
	answerFirst?: boolean;
	/** Another node of the workflow changes its own static data in every execution (as a Code node may). */
	otherNodeWritesStaticData?: boolean;
	/** Nodes after the trigger, in a chain. With responseMode "responseNode" they run in the execution. */
	downstream?: INode[];
}

let servers = 0;

/** What nodes logged through n8n's Logger (this.logger) in this test file, as "level: message". */
export const triggerLog: string[] = [];
const capture = (level: string) => (message: string) => void triggerLog.push(`${level}: ${message}`);
const capturingLogger = { error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug'), scoped: () => capturingLogger };
Container.set(Logger, capturingLogger as unknown as Logger);

/** n8n's body handling for webhooks of version-1 nodes (packages/cli middlewares/body-parser). */
function n8nBodyParser(): express.RequestHandler {
	return async (req, res, next) => {
		const request = req as express.Request & { rawBody?: Buffer; readRawBody?: () => Promise<void> };
		request.readRawBody = async () => {
			if (request.rawBody) return;
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			request.rawBody = Buffer.concat(chunks);
		};
		await request.readRawBody();
		const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		const text = () => {
			const decoded = request.rawBody!.toString('utf8');
			return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
		};
		if (request.rawBody!.length) {
			if (mediaType === 'application/json') {
				try {
					req.body = JSON.parse(text());
				} catch (error) {
					res.status(422).json({ code: 422, message: 'Failed to parse request body', hint: (error as Error).message });
					return;
				}
			} else if (mediaType === 'text/plain') {
				req.body = text();
			}
		}
		next();
	};
}

export async function startTrigger(parameters: INodeParameters, options: TriggerOptions = {}): Promise<TriggerServer> {
	const app = express();
	const node = makeNode(TRIGGER_TYPE, parameters, options.credentials !== undefined);
	const workflowId = options.workflowId ?? `wf-trigger-${++servers}`;
	const mode = options.mode ?? 'webhook';
	let database = '{}';
	let creations = 0;
	const handle = {
		executions: [] as INodeExecutionData[][],
		errors: [] as Error[],
		saves: 0,
	};
	app.use(n8nBodyParser());
	app.post('/webhook/:path', async (req, res) => {
		const description = (trigger.description.webhooks ?? []).find((webhook) => webhook.path === req.params.path);
		if (!description) return void res.status(404).json({ message: `The requested webhook "POST ${req.params.path}" is not registered.` });
		// The workflow, static data included, is loaded for every request.
		const staticData = JSON.parse(database) as IDataObject;
		const workflow = makeWorkflow(node, staticData, workflowId, options.downstream);
		await new Promise((resolve) => (options.loadMs ? setTimeout(resolve, options.loadMs) : setImmediate(resolve)));
		const data = additionalData(options.credentials);
		Object.assign(data, { httpRequest: req, httpResponse: res });
		const webhookData = { httpMethod: 'POST', node: node.name, path: `${workflowId}/${description.path}`, webhookDescription: description, workflowId } as IWebhookData;
		const context = new WebhookContext(workflow, node, data, mode, webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = (await (trigger.webhook as (this: WebhookContext) => Promise<IWebhookResponseData>).call(context)) ?? {};
		} catch (error) {
			handle.errors.push(error as Error);
			if (!res.headersSent) res.status(500).json({ code: 0, message: 'Error in workflow' });
			return;
		}
		const saveIfChanged = (changed: Workflow) => {
			if (mode !== 'webhook' || changed.staticData.__dataChanged !== true) return;
			database = JSON.stringify(changed.staticData);
			changed.staticData.__dataChanged = false;
			handle.saves++;
		};
		// n8n's "onReceived" answer (webhook-helpers): without an execution the node's webhookResponse; with one
		// the description's responseData, which n8n defaults to "firstEntryJson".
		// The response mode as n8n's webhook-helpers reads it: an expression over the node's parameters.
		const responseMode = workflow.expression.getSimpleParameterValue(node, description.responseMode, mode, {}, undefined, 'onReceived');
		const answer = () => {
			if (res.headersSent || result.noWebhookResponse || (responseMode === 'responseNode' && result.workflowData)) return;
			const responseData = description.responseData ?? 'firstEntryJson';
			const body = !result.workflowData ? (result.webhookResponse ?? { message: 'Webhook call received' }) : responseData === 'noData' ? '' : responseData;
			if (typeof body === 'string') res.status(200).send(body);
			else res.status(200).json(body);
		};
		if (!result.workflowData || options.answerFirst) {
			saveIfChanged(workflow);
			answer();
			if (!result.workflowData) return;
		}
		const creation = creations++;
		if (options.createMs) await new Promise((resolve) => setTimeout(resolve, options.createMs?.(creation)));
		if (options.failExecution?.(creation)) {
			if (!res.headersSent) res.status(500).json({ code: 0, message: 'There was a problem executing the workflow' });
			return;
		}
		const execution = makeWorkflow(node, staticData, workflowId, options.downstream);
		saveIfChanged(workflow);
		const runExecutionData = newRunExecutionData();
		let items = await executeNode(execution, node, result.workflowData[0], mode, options.credentials, undefined, { runExecutionData });
		handle.executions.push(items);
		if (responseMode === 'responseNode') {
			// What a node sends with this.sendResponse() is the answer (n8n's responsePromise); an execution that
			// fails or ends before that is answered with an error (checked against real n8n in e2e/).
			const respond = (response: unknown) => {
				const { statusCode, headers, body } = response as { statusCode: number; headers: Record<string, string>; body: string };
				if (!res.headersSent) res.status(statusCode).set(headers).send(body);
			};
			try {
				for (const next of options.downstream ?? []) items = await executeNode(execution, next, items, mode, options.credentials, undefined, { runExecutionData, onResponse: respond });
			} catch (error) {
				handle.errors.push(error as Error);
			}
			// n8n 2.x answers 500; 1.x (answerFirst) ends the response with 200 and an empty JSON body.
			if (!res.headersSent && options.answerFirst) res.status(200).json(undefined);
			else if (!res.headersSent) res.status(500).json({ message: 'Error in workflow' });
		}
		if (options.otherNodeWritesStaticData) execution.staticData['node:Code'] = { execution: creation };
		saveIfChanged(execution);
		answer();
	});
	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '::', () => resolve(listening));
	});
	const port = (server.address() as AddressInfo).port;
	return Object.assign(handle, {
		url: `http://127.0.0.1:${port}`,
		port,
		storedStaticData: () => JSON.parse(database) as IDataObject,
		post: (path: string, body: unknown, init: PostOptions = {}) => postTo(port, `/webhook/${path}`, body, init),
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	});
}

/** A raw HTTP POST (real socket, chosen source address), returning the exact bytes of the answer. */
export function postTo(port: number, path: string, body: unknown, init: PostOptions = {}): Promise<Answer> {
	const payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
	const headers: Record<string, string | number> = { 'content-length': payload.length, ...init.headers };
	if (init.contentType !== null) headers['content-type'] = init.contentType ?? 'application/json;charset=utf-8';
	return new Promise((resolve, reject) => {
		const request = http.request({ host: init.host ?? '127.0.0.1', port, path, method: 'POST', headers, localAddress: init.localAddress, agent: false }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const bytes = Buffer.concat(chunks);
				resolve({ status: response.statusCode ?? 0, body: bytes, text: bytes.toString('utf8'), contentType: response.headers['content-type'] });
			});
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(payload);
	});
}

/** Runs the node's webhookMethods for each of its webhooks as n8n does on activation (checkExists, then create if false). */
export async function activateTrigger(parameters: INodeParameters, credentials?: SandboxCredentials, mode: WorkflowExecuteMode = 'trigger', downstream: INode[] = []): Promise<string[]> {
	const node = makeNode(TRIGGER_TYPE, parameters, credentials !== undefined);
	const workflow = makeWorkflow(node, {}, 'wf-test', downstream);
	const calls: string[] = [];
	for (const description of trigger.description.webhooks as IWebhookDescription[]) {
		const webhookData = { httpMethod: 'POST', node: node.name, path: description.path, webhookDescription: description, workflowId: workflow.id, workflowExecuteAdditionalData: additionalData(credentials) } as IWebhookData;
		const context = new HookContext(workflow, node, additionalData(credentials), mode, 'activate', webhookData);
		const methods = trigger.webhookMethods![description.name]!;
		calls.push('checkExists');
		if (!(await methods.checkExists.call(context))) {
			calls.push('create');
			if ((await methods.create.call(context)) !== true) throw new Error('create() did not return true');
		}
	}
	return calls;
}

/** Runs the node's delete() for each webhook as n8n does on deactivation. */
export async function deactivateTrigger(parameters: INodeParameters, credentials?: SandboxCredentials): Promise<boolean[]> {
	const node = makeNode(TRIGGER_TYPE, parameters, credentials !== undefined);
	const workflow = makeWorkflow(node);
	return Promise.all(
		(trigger.description.webhooks as IWebhookDescription[]).map((description) => {
			const webhookData = { httpMethod: 'POST', node: node.name, path: description.path, webhookDescription: description, workflowId: workflow.id } as IWebhookData;
			return trigger.webhookMethods![description.name]!.delete.call(new HookContext(workflow, node, additionalData(credentials), 'trigger', 'activate', webhookData));
		}),
	);
}

export interface LossyProxy {
	url: string;
	/** Responses that were dropped (their requests were processed by the target). */
	dropped: number;
	stop(): Promise<void>;
}

/**
 * A TCP proxy in front of the trigger that loses chosen answers: the request reaches n8n and is processed,
 * but the connection is cut before the answer gets back, as when "success" is lost on the way to Byai.
 * `lose(n)` decides for the n-th answer (0-based).
 */
export async function startLossyProxy(targetPort: number, lose: (n: number) => boolean): Promise<LossyProxy> {
	let answers = 0;
	const state = { dropped: 0 };
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		const upstream = net.connect(targetPort, '127.0.0.1');
		sockets.add(client).add(upstream);
		const close = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('data', (chunk) => upstream.write(chunk));
		upstream.on('data', (chunk) => {
			// Each answer of the trigger is small and written at once: it starts a chunk.
			if (chunk.subarray(0, 5).toString('latin1') === 'HTTP/' && lose(answers++)) {
				state.dropped++;
				return close();
			}
			client.write(chunk);
		});
		client.on('close', close).on('error', close);
		upstream.on('close', close).on('error', close);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		get dropped() {
			return state.dropped;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
