// Fault injection: every mode's answer, which ones leave the state untouched (all, unless
// applyBeforeFault), counts, exact path and method matching, and the server under concurrent load.
import { startSandbox } from '../../sandbox';
import { sign, sleep, useSandbox, type Json } from './harness';

const env = useSandbox({ seed: 31, dialer: { paused: true } });
beforeEach(() => env.admin('POST', '/reset'));

const ADD_GROUP = '/openapi/v1/company/blacklist/group/add';
const COMPANIES = '/openapi/v1/company/getCompanys';
const fault = (spec: Json) => env.admin('POST', '/faults', spec);
/** A raw signed request, so that broken answers can be inspected. */
const raw = (path: string, { method = 'GET', body, signal }: { method?: string; body?: Json; signal?: AbortSignal } = {}) =>
	fetch(env.sandbox.url + path, { method, headers: { 'content-type': 'application/json', ...env.headers() }, body: body && JSON.stringify(body), signal });
const addGroup = (name: string, signal?: AbortSignal) => raw(ADD_GROUP, { method: 'POST', body: { companyId: 3811, name }, signal });
const groupNames = async () => (await env.ok('GET', '/openapi/v1/company/blacklist/group/list', { companyId: 3811 })).map((g: Json) => g.name);

describe('each mode answers like the failure it stands for', () => {
	test.each([
		['http-error (default 503, JSON)', { mode: 'http-error' }, 503, 'application/json', (text: string) => expect(JSON.parse(text)).toMatchObject({ status: 503, error: 'Service Unavailable' })],
		['http-error with an empty body', { mode: 'http-error', status: 500, emptyBody: true }, 500, 'text/plain', (text: string) => expect(text).toBe('')],
		['rate-limit', { mode: 'rate-limit', retryAfterSeconds: 7 }, 429, 'application/json', (text: string) => expect(JSON.parse(text).status).toBe(429)],
		['html (default 502)', { mode: 'html' }, 502, 'text/html', (text: string) => expect(text).toMatch(/<title>502 Bad Gateway<\/title>[\s\S]*nginx/)],
		['html 504', { mode: 'html', status: 504 }, 504, 'text/html', (text: string) => expect(text).toContain('504 Gateway Timeout')],
		['malformed-json', { mode: 'malformed-json' }, 200, 'application/json', (text: string) => expect(() => JSON.parse(text)).toThrow()],
		['envelope (default 500)', { mode: 'envelope' }, 200, 'application/json', (text: string) => expect(JSON.parse(text)).toMatchObject({ code: 500, data: null, resultMsg: '未知错误', errorStackTrace: null })],
		['envelope 401', { mode: 'envelope', status: 401 }, 200, 'application/json', (text: string) => expect(JSON.parse(text)).toMatchObject({ code: 401, resultMsg: '签名验证失败' })],
	])('%s; the write is not applied', async (_name, spec, status, contentType, checkBody) => {
		await fault({ path: ADD_GROUP, ...spec });
		const response = await addGroup('被拦截');
		expect(response.status).toBe(status);
		expect(response.headers.get('content-type')).toContain(contentType);
		expect(response.headers.get('date')).toBeTruthy();
		if (status === 429) expect(response.headers.get('retry-after')).toBe('7');
		checkBody(await response.text());
		expect(await groupNames()).not.toContain('被拦截');
		// Used up: the next request is answered normally.
		expect(((await (await addGroup('之后')).json()) as Json).code).toBe(200);
	});

	test('drop: the socket is closed without an answer; not applied', async () => {
		await fault({ path: ADD_GROUP, mode: 'drop' });
		await expect(addGroup('掉线')).rejects.toThrow();
		expect(await groupNames()).not.toContain('掉线');
		const [logged] = (await env.admin('GET', '/requests?path=group/add')).requests;
		expect(logged).toMatchObject({ httpStatus: null, fault: 'drop', body: { companyId: 3811, name: '掉线' } });
	});

	test.each(['drop', 'http-error', 'html', 'malformed-json'])('%s with applyBeforeFault: applied, then the answer fails', async (mode) => {
		await fault({ path: ADD_GROUP, mode, applyBeforeFault: true });
		const outcome = await addGroup(`已生效-${mode}`).then((response) => response.status, () => 'dropped');
		expect(outcome).toBe(mode === 'drop' ? 'dropped' : mode === 'malformed-json' ? 200 : mode === 'html' ? 502 : 503);
		expect(await groupNames()).toContain(`已生效-${mode}`);
	});

	test('slow: the real answer after delayMs', async () => {
		await fault({ path: ADD_GROUP, mode: 'slow', delayMs: 250 });
		const started = Date.now();
		const body = await (await addGroup('慢')).json();
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
		expect(body).toMatchObject({ code: 200, data: expect.any(Number) });
		expect(await groupNames()).toContain('慢');
	});

	test('slow, client gives up first: not applied (not even when the delay is over)', async () => {
		await fault({ path: ADD_GROUP, mode: 'slow', delayMs: 300 });
		await expect(addGroup('超时', AbortSignal.timeout(60))).rejects.toThrow();
		await sleep(400);
		expect(await groupNames()).not.toContain('超时');
	});

	test('slow with applyBeforeFault, client gives up: applied (the outcome the client cannot know)', async () => {
		await fault({ path: ADD_GROUP, mode: 'slow', delayMs: 300, applyBeforeFault: true });
		await expect(addGroup('未知结果', AbortSignal.timeout(60))).rejects.toThrow();
		expect(await groupNames()).toContain('未知结果');
	});

	test('slow with a huge delay never answers; the client times out', async () => {
		await fault({ path: COMPANIES, mode: 'slow', delayMs: 1e12 });
		await expect(raw(COMPANIES, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
		expect(((await (await raw(COMPANIES)).json()) as Json).code).toBe(200);
	});
});

describe('matching and counting', () => {
	test('count n, then normal; count -1 until cleared', async () => {
		await fault({ path: COMPANIES, mode: 'http-error', count: 2 });
		expect([(await raw(COMPANIES)).status, (await raw(COMPANIES)).status, (await raw(COMPANIES)).status]).toEqual([503, 503, 200]);
		await fault({ path: COMPANIES, mode: 'rate-limit', count: -1 });
		for (let i = 0; i < 5; i++) expect((await raw(COMPANIES)).status).toBe(429);
		expect((await env.admin('GET', '/faults')).faults).toEqual([expect.objectContaining({ path: COMPANIES, mode: 'rate-limit', count: -1, hits: 5 })]);
		await env.admin('DELETE', '/faults');
		expect((await env.admin('GET', '/faults')).faults).toEqual([]);
		expect((await raw(COMPANIES)).status).toBe(200);
	});

	test('the path matches exactly and the method when given', async () => {
		await fault({ path: '/openapi/v1/task/getTasks', mode: 'http-error', count: -1 });
		await fault({ path: '/openapi/v1/task/notDialedCustomerList', method: 'get', mode: 'html', count: -1 });
		const taskId = await env.ok('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: 'f', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 });
		expect((await raw(`/openapi/v1/task/getTaskDetail?companyId=3811&taskId=${taskId}`)).status).toBe(200);
		expect((await raw('/openapi/v1/task/getTasks?companyId=3811')).status).toBe(503);
		expect((await raw(`/openapi/v1/task/notDialedCustomerList?taskId=${taskId}`)).status).toBe(502);
		expect((await raw('/openapi/v1/task/notDialedCustomerList', { method: 'POST', body: { taskId } })).status).toBe(200);
	});

	test('faults fire before authentication (a gateway in front of Byai)', async () => {
		await fault({ path: COMPANIES, mode: 'http-error', status: 502 });
		expect((await fetch(env.sandbox.url + COMPANIES)).status).toBe(502);
	});

	test.each([{ mode: 'explode', path: COMPANIES }, { mode: 'drop' }, { mode: 'drop', path: COMPANIES, count: 0 }, { mode: 'slow', path: COMPANIES, delayMs: -1 }])('a bad fault %j is refused with 400', async (spec) => {
		await expect(fault(spec)).rejects.toThrow(/400/);
	});
});

describe('load and shutdown', () => {
	test('hundreds of concurrent signed requests on keep-alive connections', async () => {
		const datetime = new Date().toUTCString();
		const headers = { appkey: env.sandbox.appKey, datetime, sign: sign(env.sandbox.appKey, env.sandbox.appSecret, datetime) };
		const answers = await Promise.all(
			Array.from({ length: 400 }, (_, i) => fetch(`${env.sandbox.url}/openapi/v1/company/getPhones?companyId=${3811 + (i % 3)}`, { headers }).then((r) => r.json() as Promise<Json>)),
		);
		expect(answers.every((a) => a.code === 200 && a.data.length === 5)).toBe(true);
	});

	test('stop() ends a never-answering request and returns promptly', async () => {
		const sandbox = await startSandbox({ port: 0, quiet: true, dialer: { paused: true } });
		await fetch(`${sandbox.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ path: COMPANIES, mode: 'slow', delayMs: 1e12 }) });
		const hanging = fetch(sandbox.url + COMPANIES).then(() => 'answered', () => 'failed');
		await sleep(50);
		const started = Date.now();
		await sandbox.stop();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await hanging).toBe('failed');
	});
});
