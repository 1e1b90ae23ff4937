import { Container } from '@n8n/di';
import { OutboundHttp } from '@n8n/backend-network';
import type { IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ByaiApi } from '../../credentials/ByaiApi.credentials';
import type { ByaiSend } from '../../nodes/Byai/transport';
import { ByaiClient } from '../../nodes/Byai/transport';
import { startSandbox } from '../../sandbox';
import { withServer } from '../helpers/server';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	headers: Record<string, string>;
	signatureValid: boolean;
	envelopeCode?: number;
}

const node: INode = { id: '1', name: 'Byai', type: 'n8n-nodes-byai.byai', typeVersion: 1, position: [0, 0], parameters: {} };
const credential = new ByaiApi();
let sandbox: Sandbox;

/** n8n's own path: the credential's authenticate, then n8n's outbound HTTP client. */
function n8nSend(appKey: string, appSecret: string, counter?: { calls: number }): ByaiSend {
	return async (options: IHttpRequestOptions) => {
		if (counter) counter.calls++;
		const signed = await credential.authenticate({ appKey, appSecret, baseUrl: sandbox.url }, options);
		return (await Container.get(OutboundHttp).requests().request(signed)) as Awaited<ReturnType<ByaiSend>>;
	};
}

function client(options: ConstructorParameters<typeof ByaiClient>[3] = {}, secret = sandbox.appSecret, counter?: { calls: number }) {
	return new ByaiClient(sandbox.url, n8nSend(sandbox.appKey, secret, counter), node, { retryBaseDelayMs: 20, ...options });
}

async function admin(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sandbox.url}/admin${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return response.json();
}

async function requestLog(path: string): Promise<LoggedRequest[]> {
	return ((await admin('GET', `/requests?path=${encodeURIComponent(path)}`)) as { requests: LoggedRequest[] }).requests;
}

async function failureOf(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(NodeApiError);
		return error as NodeApiError;
	}
	throw new Error('expected the request to fail');
}

function expectNoSecrets(error: NodeApiError, signs: string[]) {
	const text = JSON.stringify({ message: error.message, description: error.description, context: error.context, cause: error.cause, messages: error.messages });
	expect(text).not.toContain(sandbox.appSecret);
	for (const sign of signs) expect(text).not.toContain(sign);
}

const companies = { method: 'GET' as const, path: '/openapi/v1/company/getCompanys', operation: 'Company → Get Many' };

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, quiet: true, seed: 7 });
});
afterAll(async () => sandbox?.stop());
beforeEach(async () => {
	await admin('POST', '/reset');
});

describe('signed requests', () => {
	test('GET sends appkey, datetime, sign, Accept and the query; the sandbox verifies the signature', async () => {
		const lines = await client().request<Array<{ companyId: number }>>({
			method: 'GET',
			path: '/openapi/v1/company/getPhones',
			query: { companyId: 3811 },
			operation: 'Caller Line → Get Many',
		});
		expect(lines.length).toBeGreaterThan(0);
		const [logged] = await requestLog('/company/getPhones');
		expect(logged.method).toBe('GET');
		expect(logged.query).toEqual({ companyId: '3811' });
		expect(logged.signatureValid).toBe(true);
		expect(logged.headers.appkey).toBe(sandbox.appKey);
		expect(logged.headers.accept).toContain('application/json');
		expect(Math.abs(Date.parse(logged.headers.datetime) - Date.now())).toBeLessThan(5000);
		expect(logged.headers.sign).toMatch(/^[A-Za-z0-9+/]{27}=$/);
	});

	test('POST sends a UTF-8 JSON body', async () => {
		const groupId = await client().request<number>({
			method: 'POST',
			path: '/openapi/v1/company/blacklist/group/add',
			body: { companyId: 3811, name: '测试分组', remark: '来自 n8n' },
			operation: 'Blacklist → Create Group',
		});
		expect(typeof groupId).toBe('number');
		const [logged] = await requestLog('/blacklist/group/add');
		expect(logged.method).toBe('POST');
		expect(logged.headers['content-type']).toMatch(/^application\/json/);
		expect(logged.body).toEqual({ companyId: 3811, name: '测试分组', remark: '来自 n8n' });
		expect(logged.signatureValid).toBe(true);
	});
});

test('ids beyond 2^53 in an answer stay exact, as strings (Byai ids are Java longs)', async () => {
	const body = '{"code":200,"data":{"callInstanceId":9007199254740993,"callJobId":4711,"note":"12345678901234567890"},"resultMsg":"执行成功"}';
	await withServer(
		(_request, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(body),
		async (url) => {
			const data = await new ByaiClient(url, n8nSend(sandbox.appKey, sandbox.appSecret), node).request(companies);
			expect(data).toEqual({ callInstanceId: '9007199254740993', callJobId: 4711, note: '12345678901234567890' });
		},
	);
});

describe('envelope errors become NodeApiErrors a user can act on', () => {
	test('401: bad APP_SECRET; no secret or sign in the error', async () => {
		const error = await failureOf(client({}, 'wrong-secret').request(companies));
		expect(error.message).toContain('code 401');
		expect(error.description).toContain('APP_KEY and APP_SECRET');
		expect(error.description).toContain('GET /openapi/v1/company/getCompanys');
		expect(error.httpCode).toBe('401');
		expectNoSecrets(error, (await requestLog('getCompanys')).map((r) => r.headers.sign));
	});

	test('403: a company not bound to the key', async () => {
		const error = await failureOf(
			client().request({ method: 'GET', path: '/openapi/v1/company/getPhones', query: { companyId: 9999 }, operation: 'Caller Line → Get Many' }),
		);
		expect(error.message).toContain('code 403');
		expect(error.description).toContain('not bound to the APP_KEY');
	});

	test('404: an unknown path', async () => {
		const error = await failureOf(client().request({ method: 'GET', path: '/openapi/v1/company/nothing', operation: 'Nothing' }));
		expect(error.message).toContain('code 404');
		expect(error.description).toContain('Check the id');
	});

	test('412: names the parameter Byai rejected', async () => {
		const error = await failureOf(client().request({ method: 'GET', path: '/openapi/v1/company/getPhones', operation: 'Caller Line → Get Many' }));
		expect(error.message).toContain('code 412');
		expect(error.message).toContain('companyId');
		expect(error.description).toContain('companyId');
	});

	test('500 envelope: not retried, reported with the hint', async () => {
		await admin('POST', '/faults', { path: companies.path, mode: 'envelope', status: 500, count: -1 });
		const error = await failureOf(client().request(companies));
		expect(error.message).toContain('code 500');
		expect(error.description).toContain('internal error');
		expect(await requestLog('getCompanys')).toHaveLength(1);
	});

	test('408 that persists: says how far the local clock is from the server Date header', async () => {
		await admin('POST', '/faults', { path: companies.path, mode: 'envelope', status: 408, count: -1 });
		const error = await failureOf(client().request(companies));
		expect(error.message).toContain('code 408');
		expect(error.description).toMatch(/clock is off by \d+ s/);
	});

	test('HTML 502 from a gateway: HTTP status and the first 200 characters', async () => {
		await admin('POST', '/faults', { path: companies.path, mode: 'html', status: 502, count: -1 });
		const error = await failureOf(client({ maxRetries: 1 }).request(companies));
		expect(error.message).toContain('HTTP 502');
		const quoted = /"(.*)"/.exec(String(error.description))?.[1] ?? '';
		expect(quoted).toMatch(/<html|<head|<title/i);
		expect(quoted.length).toBeLessThanOrEqual(200);
		expect(await requestLog('getCompanys')).toHaveLength(2);
	});

	test('a redirect is not followed (the signed headers stay home) and names where the Base URL points', async () => {
		await withServer(
			(request, response) => response.writeHead(301, { Location: `${sandbox.url}${request.url}` }).end(),
			async (url) => {
				const error = await failureOf(new ByaiClient(url, n8nSend(sandbox.appKey, sandbox.appSecret), node).request(companies));
				expect(error.message).toBe('Byai request "Company → Get Many" was redirected (HTTP 301)');
				expect(error.description).toContain(`redirects to "${sandbox.url}/openapi/v1/company/getCompanys"`);
				expect(await requestLog('getCompanys')).toHaveLength(0);
			},
		);
	});
});

describe('retries', () => {
	test('a GET is retried after a 503 and succeeds', async () => {
		await admin('POST', '/faults', { path: companies.path, mode: 'http-error', status: 503, count: 1 });
		const result = await client().request<unknown[]>(companies);
		expect(result.length).toBeGreaterThan(0);
		expect((await requestLog('getCompanys')).map((r) => r.path)).toHaveLength(2);
	});

	test('a GET is retried after a dropped connection and malformed JSON', async () => {
		await admin('POST', '/faults', { path: companies.path, mode: 'drop', count: 1 });
		await admin('POST', '/faults', { path: companies.path, mode: 'malformed-json', count: 1 });
		expect((await client().request<unknown[]>(companies)).length).toBeGreaterThan(0);
	});

	test('429 honours Retry-After, for reads and for writes Byai refused', async () => {
		await admin('POST', '/faults', { path: companies.path, mode: 'rate-limit', retryAfterSeconds: 1, count: 1 });
		const started = Date.now();
		await client().request(companies);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	test('gives up after 3 retries of a read', async () => {
		await admin('POST', '/faults', { path: companies.path, mode: 'http-error', status: 503, count: -1 });
		const error = await failureOf(client().request(companies));
		expect(error.message).toContain('HTTP 503');
		expect(await requestLog('getCompanys')).toHaveLength(4);
	});

	test('a POST that timed out is not retried and fails as "outcome unknown"', async () => {
		const path = '/openapi/v1/company/blacklist/group/add';
		await admin('POST', '/faults', { path, mode: 'slow', delayMs: 3000, count: 1 });
		const error = await failureOf(
			client({ timeoutMs: 300 }).request({ method: 'POST', path, body: { companyId: 3811, name: 'x' }, operation: 'Blacklist → Create Group' }),
		);
		expect(error.message).toContain('outcome of "Blacklist → Create Group" is unknown');
		expect(error.description).toContain('never retried automatically');
		expect(await requestLog(path)).toHaveLength(1);
	});

	test('a POST answered 503 is not retried', async () => {
		const path = '/openapi/v1/task/start';
		await admin('POST', '/faults', { path, mode: 'http-error', status: 503, count: 1 });
		const error = await failureOf(client().request({ method: 'POST', path, body: { taskId: 1 }, operation: 'Task → Start' }));
		expect(error.message).toContain('is unknown');
		expect(await requestLog(path)).toHaveLength(1);
	});

	test('a POST is resent when the connection was refused (it never reached Byai)', async () => {
		const counter = { calls: 0 };
		const refused = new ByaiClient('http://127.0.0.1:1', n8nSend(sandbox.appKey, sandbox.appSecret, counter), node, { retryBaseDelayMs: 5 });
		const error = await failureOf(refused.request({ method: 'POST', path: '/openapi/v1/task/start', body: { taskId: 1 }, operation: 'Task → Start' }));
		expect(counter.calls).toBe(4);
		expect(error.message).toContain('Could not reach Byai');
		expect(error.description).toContain('ECONNREFUSED');
	});
});

describe('clock skew', () => {
	test('408 from a skewed clock: re-signs with the server time offset and retries once', async () => {
		await admin('POST', '/clock', { offsetMs: 10 * 60 * 1000 });
		const result = await client().request<unknown[]>(companies);
		expect(result.length).toBeGreaterThan(0);
		const log = await requestLog('getCompanys');
		expect(log.map((r) => r.envelopeCode)).toEqual([408, 200]);
		expect(Date.parse(log[1].headers.datetime) - Date.now()).toBeGreaterThan(9 * 60 * 1000);
		// The offset is kept: the next request is signed with the server's time at once.
		await client().request(companies);
		expect((await requestLog('getCompanys')).map((r) => r.envelopeCode)).toEqual([408, 200, 200]);
		await admin('POST', '/clock', { offsetMs: 0 });
		await client().request(companies);
	});
});

describe('paging', () => {
	const numbers = {
		method: 'GET' as const,
		path: '/openapi/v1/company/blacklist/info/page',
		query: { companyId: 3811, blacklistInfoGroupId: -1 },
		operation: 'Blacklist → Get Many Numbers',
	};

	async function biggestGroup(): Promise<{ id: number; total: number }> {
		const groups = await client().request<Array<{ blacklistInfoGroupId: number }>>({
			method: 'GET',
			path: '/openapi/v1/company/blacklist/group/list',
			query: { companyId: 3811 },
			operation: 'groups',
		});
		let best = { id: -1, total: 0 };
		for (const group of groups) {
			const page = await client().request<{ total: number }>({ ...numbers, query: { ...numbers.query, blacklistInfoGroupId: group.blacklistInfoGroupId, pageSize: 1 } });
			if (page.total > best.total) best = { id: group.blacklistInfoGroupId, total: page.total };
		}
		return best;
	}

	test('walks every page with the cap as page size, streaming page by page', async () => {
		const group = await biggestGroup();
		expect(group.total).toBeGreaterThan(40);
		await admin('DELETE', '/requests');
		const pages: number[] = [];
		for await (const page of client().pages({ ...numbers, query: { ...numbers.query, blacklistInfoGroupId: group.id } }, { pageSizeCap: 20 })) {
			pages.push(page.length);
		}
		expect(pages.reduce((a, b) => a + b, 0)).toBe(group.total);
		expect(pages.length).toBe(Math.ceil(group.total / 20));
		const log = await requestLog('blacklist/info/page');
		expect(log.map((r) => r.query.pageNum)).toEqual(pages.map((_, i) => String(i + 1)));
		expect(new Set(log.map((r) => r.query.pageSize))).toEqual(new Set(['20']));
	});

	test('stops at the limit without fetching more pages', async () => {
		const group = await biggestGroup();
		await admin('DELETE', '/requests');
		const records = await client().all({ ...numbers, query: { ...numbers.query, blacklistInfoGroupId: group.id } }, { pageSizeCap: 20, limit: 25 });
		expect(records).toHaveLength(25);
		expect(await requestLog('blacklist/info/page')).toHaveLength(2);
	});

	test('POST endpoints page in the body', async () => {
		const { taskId } = (await admin('POST', '/seed/done-calls', { companyId: 3811, count: 120 })) as { taskId: number };
		const calls = await client().all(
			{ method: 'POST', path: '/openapi/v1/task/queryDoneTaskPhones', body: { callJobId: taskId }, operation: 'Call → Get Many' },
			{ pageSizeCap: 50 },
		);
		expect(calls).toHaveLength(120);
		const log = await requestLog('queryDoneTaskPhones');
		expect(log.map((r) => (r.body as { pageNum: number }).pageNum)).toEqual([1, 2, 3]);
		expect(log.every((r) => (r.body as { pageSize: number }).pageSize === 50)).toBe(true);
	});
});
