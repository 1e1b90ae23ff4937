// The admin API and the CLI: reset, request log, state snapshot, dialer controls, errors.
import { spawn } from 'child_process';
import path from 'path';

import { DEFAULTS } from '../../sandbox';
import { until, useSandbox, type Json } from './harness';

const env = useSandbox({ seed: 41, dialer: { paused: true } });

test('reset: fresh account, no faults, empty log, default callback settings, clock back to zero', async () => {
	const taskId = await env.ok('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: 'r', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 });
	await env.ok('POST', '/openapi/v1/company/blacklist/group/add', { companyId: 3811, name: '将被重置' });
	await env.admin('POST', '/faults', { path: '/x', mode: 'drop', count: -1 });
	await env.admin('POST', '/callbacks/config', { callRecordUrl: 'http://127.0.0.1:9/x', contentType: 'text/plain' });
	await env.admin('POST', '/clock', { offsetMs: 5000 });
	await env.admin('POST', '/dialer', { callIntervalMs: 999 });

	expect(await env.admin('POST', '/reset', {})).toEqual({ ok: true, seed: 41 });
	const state = await env.admin('GET', '/state');
	expect(state).toMatchObject({ seed: 41, tasks: [], calls: 0, callbacksPending: 0, deliveries: 0, faults: 0, clockOffsetMs: 0, dialer: { paused: true } });
	expect(await env.admin('GET', '/requests')).toEqual({ requests: [] });
	expect(await env.admin('GET', '/callbacks/config')).toMatchObject({ callRecordUrl: null, taskStatusUrl: null, contentType: 'application/json', repeatDelivered: 0 });
	expect((await env.api('GET', '/openapi/v1/task/getTaskDetail', { companyId: 3811, taskId })).body.code).toBe(404);
	expect((await env.ok('GET', '/openapi/v1/company/blacklist/group/list', { companyId: 3811 })).map((g: Json) => g.name)).not.toContain('将被重置');
	// The ids start over: the same call creates the same task id again.
	expect(await env.ok('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: 'r', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 })).toBe(taskId);
});

test('reset with another seed changes the seeded data; without a seed the start seed is used again', async () => {
	const phones = async () => (await env.ok('GET', '/openapi/v1/company/getPhones', { companyId: 3811 })).map((l: Json) => l.phone);
	const original = await phones();
	await env.admin('POST', '/reset', { seed: 99 });
	expect(await phones()).not.toEqual(original);
	await env.admin('POST', '/reset');
	expect(await phones()).toEqual(original);
});

test('request log: every OpenAPI request with its headers and outcome, filtered by path, cleared by DELETE', async () => {
	await env.admin('DELETE', '/requests');
	await env.api('GET', '/openapi/v1/company/getPhones', { companyId: 3811 });
	await env.api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId: 1, customerInfoList: [] });
	const all = (await env.admin('GET', '/requests')).requests;
	expect(all).toHaveLength(2);
	expect(all[0]).toEqual({
		id: expect.any(Number),
		at: expect.any(String),
		method: 'GET',
		path: '/openapi/v1/company/getPhones',
		query: { companyId: '3811' },
		body: null,
		headers: { appkey: env.sandbox.appKey, datetime: expect.any(String), sign: expect.any(String), 'content-type': 'application/json', accept: 'application/json' },
		signatureValid: true,
		httpStatus: 200,
		envelopeCode: 200,
		answeredAt: expect.any(String),
	});
	expect(Date.parse(all[0].answeredAt)).toBeGreaterThanOrEqual(Date.parse(all[0].at));
	expect(all[1]).toMatchObject({ method: 'POST', body: { companyId: 3811, taskId: 1, customerInfoList: [] }, envelopeCode: 404 });
	expect((await env.admin('GET', '/requests?path=importTask')).requests.map((r: Json) => r.id)).toEqual([all[1].id]);
	await env.admin('DELETE', '/requests');
	expect((await env.admin('GET', '/requests')).requests).toEqual([]);
});

test('a 10,000-customer body is summarised in the log', async () => {
	await env.admin('DELETE', '/requests');
	const customerInfoList = Array.from({ length: 10_000 }, (_, i) => ({ name: '客户', phone: `139${String(i).padStart(8, '0')}` }));
	await env.api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId: 1, customerInfoList });
	const [logged] = (await env.admin('GET', '/requests')).requests;
	expect(logged.body).toMatchObject({ customerInfoListLength: 10_000, keys: ['companyId', 'taskId', 'customerInfoList'] });
});

test('a body that is not JSON → 412 naming body', async () => {
	const response = await fetch(`${env.sandbox.url}/openapi/v1/task/start`, { method: 'POST', headers: { 'content-type': 'application/json', ...env.headers() }, body: '{"taskId":' });
	expect(await response.json()).toMatchObject({ code: 412, resultMsg: expect.stringContaining('body') });
});

test('dialer controls and advance', async () => {
	await env.admin('POST', '/reset');
	expect(await env.admin('POST', '/dialer', { paused: false, callIntervalMs: 5 })).toEqual({ paused: false, callIntervalMs: 5 });
	await expect(env.admin('POST', '/dialer', { callIntervalMs: 0 })).rejects.toThrow(/400/);
	await env.admin('POST', '/dialer', { paused: true });
	const taskId = await env.ok('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: 'd', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 });
	await env.ok('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: ['13800000001', '13800000002', '13800000003'].map((phone) => ({ name: 'x', phone })) });
	expect(await env.admin('POST', '/dialer/advance', { taskId })).toEqual({ dialled: 0 }); // not started
	await env.ok('POST', '/openapi/v1/task/start', { taskId });
	expect(await env.admin('POST', '/dialer/advance', {})).toEqual({ dialled: 1 });
	expect(await env.admin('POST', '/dialer/advance', { taskId, untilDone: true })).toEqual({ dialled: 2 });
	expect((await env.admin('GET', '/state')).tasks).toEqual([{ taskId, companyId: 3811, name: 'd', status: 2, deleted: false, customers: 3, pending: 0, done: 3 }]);
});

test('admin errors: unknown route 404, bad JSON or unknown ids 400', async () => {
	const unknown = await fetch(`${env.sandbox.url}/admin/nothing`);
	expect(unknown.status).toBe(404);
	expect(((await unknown.json()) as Json).routes).toContain('POST /admin/reset');
	expect((await fetch(`${env.sandbox.url}/admin/faults`, { method: 'POST', body: '{' })).status).toBe(400);
	await expect(env.admin('POST', '/dialer/advance', { taskId: 424242 })).rejects.toThrow(/400.*424242/);
	await expect(env.admin('POST', '/seed/done-calls', { companyId: 9999, count: 1 })).rejects.toThrow(/400/);
});

test('the CLI prints the URL and the accepted credentials, serves, and stops cleanly on SIGTERM', async () => {
	const child = spawn(process.execPath, [path.resolve(__dirname, '../../sandbox/cli.js')], {
		env: { ...process.env, BYAI_SANDBOX_PORT: '0', BYAI_SANDBOX_APP_KEY: 'cli-key', BYAI_SANDBOX_APP_SECRET: 'cli-secret', BYAI_SANDBOX_SEED: '5' },
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	try {
		const url = (await until(async () => output.includes('Admin API') && /listening on (http:\/\/\S+)/.exec(output)?.[1]))!;
		expect(output).toContain('cli-key');
		expect(output).toContain('cli-secret');
		expect(await (await fetch(`${url}/admin/state`)).json()).toMatchObject({ seed: 5 });
	} finally {
		child.kill('SIGTERM');
	}
	expect(await exited).toBe(0);
});

test('defaults of the contract', () => {
	expect(DEFAULTS).toEqual({ host: '127.0.0.1', port: 8480, seed: 42, appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' });
	expect(env.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});
