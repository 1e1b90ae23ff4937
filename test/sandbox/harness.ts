// Shared pieces of the sandbox's own tests: a sandbox per test file, requests signed with crypto-js
// (an HMAC implementation independent of the sandbox's Node crypto), a callback receiver, the reference.
import CryptoJS from 'crypto-js';
import http from 'http';
import type { AddressInfo } from 'net';

import { startSandbox } from '../../sandbox';
import { callbacksJson, endpointsJson } from '../helpers/reference';

export type Json = Record<string, any>;
export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export const endpoints: Json[] = endpointsJson.endpoints;
export const callbacks: Json[] = callbacksJson.callbacks;

export const sign = (appKey: string, appSecret: string, datetime: string) => CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA1(`${appKey}\n${datetime}`, appSecret));

/** Today in China time, as Byai's dates are. */
export const chinaToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` resolves truthy (then returns it), failing after timeoutMs. */
export async function until<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${check}`);
		await sleep(10);
	}
}

export interface Answer {
	status: number;
	headers: Headers;
	body: Json;
}

/** A sandbox started before the file's tests and stopped after them, with signed API and admin helpers. */
export function useSandbox(options: Json = {}) {
	const env = {} as {
		sandbox: Sandbox;
		headers: (datetime?: string) => Json;
		api: (method: string, apiPath: string, params?: Json, headers?: Json) => Promise<Answer>;
		ok: (method: string, apiPath: string, params?: Json) => Promise<any>;
		admin: (method: string, adminPath: string, body?: unknown) => Promise<any>;
	};
	beforeAll(async () => {
		env.sandbox = await startSandbox({ port: 0, quiet: true, ...options });
	});
	afterAll(async () => env.sandbox?.stop());

	env.headers = (datetime = new Date().toUTCString()) => ({ appkey: env.sandbox.appKey, datetime, sign: sign(env.sandbox.appKey, env.sandbox.appSecret, datetime) });
	env.api = async (method, apiPath, params = {}, headers = env.headers()) => {
		const url = new URL(env.sandbox.url + apiPath);
		if (method === 'GET') for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
		const response = await fetch(url, {
			method,
			headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
			body: method === 'GET' ? undefined : JSON.stringify(params),
		});
		return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
	};
	env.ok = async (method, apiPath, params = {}) => {
		const { body } = await env.api(method, apiPath, params);
		if (body.code !== 200) throw new Error(`${apiPath} answered ${body.code}: ${body.resultMsg ?? body.msg}`);
		return body.data;
	};
	env.admin = async (method, adminPath, body) => {
		const response = await fetch(`${env.sandbox.url}/admin${adminPath}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const answer = (await response.json()) as Json;
		if (response.status !== 200) throw new Error(`admin ${method} ${adminPath} → ${response.status}: ${answer.error}`);
		return answer;
	};
	return env;
}

export interface Received {
	path: string;
	contentType: string;
	userAgent: string;
	body: string;
	json: Json;
	at: number;
}

/**
 * A customer's callback server. `answers` is consumed one per request ("success", "error", or a
 * [status, body] pair); once empty it answers "success".
 */
export async function startReceiver() {
	const receiver = {
		received: [] as Received[],
		answers: [] as Array<string | [number, string]>,
		url: '',
		delayMs: 0,
		inFlight: 0,
		maxInFlight: 0,
		paths: (urlPath: string) => receiver.received.filter((r) => r.path === urlPath).map((r) => r.json),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
	const server = http.createServer((req, res) => {
		receiver.maxInFlight = Math.max(receiver.maxInFlight, ++receiver.inFlight);
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (body += chunk));
		req.on('end', async () => {
			if (receiver.delayMs) await sleep(receiver.delayMs);
			receiver.received.push({ path: req.url!, contentType: req.headers['content-type']!, userAgent: req.headers['user-agent']!, body, json: JSON.parse(body), at: Date.now() });
			const answer = receiver.answers.shift() ?? 'success';
			const [status, text] = Array.isArray(answer) ? answer : [answer === 'success' ? 200 : 500, answer];
			receiver.inFlight--;
			res.writeHead(status, { 'content-type': 'text/plain' });
			res.end(text);
		});
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const close = receiver.close;
	receiver.close = async () => {
		server.closeAllConnections();
		await close();
	};
	return receiver;
}

/** Creates a manual landline task of company 3811 (script 202 has no custom variables) and imports `phones`. */
export async function taskWithCustomers(env: ReturnType<typeof useSandbox>, phones: string[], patch: Json = {}) {
	const taskId = await env.ok('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: '测试任务', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1, ...patch });
	if (phones.length) await env.ok('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: phones.map((phone, i) => ({ name: `客户${i + 1}`, phone, properties: { crmId: `C-${i + 1}` } })) });
	return taskId as number;
}
