// The sandbox's own tests: auth like Byai, every endpoint and callback of the reference, state machine,
// callback delivery and retries, fault injection. Signs with crypto-js, never with the nodes' code.
import CryptoJS from 'crypto-js';
import { readFileSync } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';

import { useSandbox } from '../helpers/sandbox';

type Json = Record<string, any>;
const shared = path.resolve(__dirname, '../../../shared/byai-api');
const endpoints: Json[] = JSON.parse(readFileSync(path.join(shared, 'endpoints.json'), 'utf8')).endpoints;
const callbacks: Json[] = JSON.parse(readFileSync(path.join(shared, 'callbacks.json'), 'utf8')).callbacks;
const env = useSandbox({ seed: 3, dialer: { callIntervalMs: 60_000 }, callbackRetryScheduleMs: [30, 60] });

function headers(datetime = new Date().toUTCString(), appKey = env.credentials.appKey, appSecret = env.credentials.appSecret) {
	const sign = CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA1(`${appKey}\n${datetime}`, appSecret));
	return { appkey: appKey, datetime, sign };
}

async function api(method: string, apiPath: string, params: Json = {}, extraHeaders: Json = headers()) {
	const url = new URL(env.sandbox.url + apiPath);
	if (method === 'GET') for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
	const response = await fetch(url, {
		method,
		headers: { 'content-type': 'application/json', ...extraHeaders },
		body: method === 'POST' ? JSON.stringify(params) : undefined,
	});
	return { status: response.status, date: response.headers.get('date'), body: (await response.json()) as Json };
}

async function ok(method: string, apiPath: string, params: Json = {}) {
	const { body } = await api(method, apiPath, params);
	if (body.code !== 200) throw new Error(`${apiPath} answered ${body.code}: ${body.resultMsg ?? body.msg}`);
	return body.data;
}

describe('auth exactly as Byai', () => {
	test('the README test vectors are what the sandbox accepts', () => {
		const sign = CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA1('appkey\nMon, 01 Jan 2024 00:00:00 GMT', 'secret'));
		expect(sign).toBe('433ku3/z3FlIsVr5r8DdzQNb+2Q=');
	});

	test('good signature → 200 with a Date header', async () => {
		const answer = await api('GET', '/openapi/v1/company/getCompanys');
		expect(answer.body.code).toBe(200);
		expect(Math.abs(Date.parse(answer.date!) - Date.now())).toBeLessThan(5000);
		expect(answer.body).toHaveProperty('requestId');
	});

	test.each([
		['wrong secret', () => headers(undefined, undefined, 'nope'), 401],
		['unknown key', () => headers(undefined, 'other-key'), 401],
		['no sign', () => ({ appkey: env.credentials.appKey, datetime: new Date().toUTCString() }), 401],
		['datetime 4 minutes off', () => headers(new Date(Date.now() - 4 * 60_000).toUTCString()), 408],
		['datetime not RFC 1123', () => headers(new Date().toISOString()), 408],
		['wrong order (datetime + "\\n" + appKey)', () => {
			const datetime = new Date().toUTCString();
			return { appkey: env.credentials.appKey, datetime, sign: CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA1(`${datetime}\n${env.credentials.appKey}`, env.credentials.appSecret)) };
		}, 401],
	])('%s → envelope code %i (HTTP 200)', async (_name, make, code) => {
		const answer = await api('GET', '/openapi/v1/company/getCompanys', {}, make());
		expect(answer.status).toBe(200);
		expect(answer.body.code).toBe(code);
		expect(answer.body.data).toBeNull();
	});

	test('the admin clock offset moves the Date header and the 408 window', async () => {
		await env.admin('POST', '/clock', { offsetMs: 3_600_000 });
		const answer = await api('GET', '/openapi/v1/company/getCompanys');
		expect(answer.body.code).toBe(408);
		expect(Date.parse(answer.date!) - Date.now()).toBeGreaterThan(3_590_000);
		await env.admin('POST', '/clock', { offsetMs: 0 });
	});
});

describe('every endpoint of endpoints.json', () => {
	const ctx: Json = {};
	beforeAll(async () => {
		await env.admin('POST', '/reset');
		ctx.seeded = (await env.admin('POST', '/seed/done-calls', { companyId: 3811, count: 3 })).taskId;
		const [call] = (await ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: ctx.seeded })).list;
		ctx.callId = call.callInstanceId;
		ctx.customerId = (await ok('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: ctx.callId })).sceneInstance.customerId;
		ctx.task = await ok('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: '契约', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 });
		ctx.group = await ok('POST', '/openapi/v1/company/blacklist/group/add', { companyId: 3811, name: '契约组' });
		await env.admin('POST', '/callbacks/config', { callRecordUrl: 'http://127.0.0.1:9/closed', retryScheduleMs: [] });
		await env.admin('POST', '/callbacks/fire', { type: 'callRecord', callInstanceId: ctx.callId });
		await env.admin('POST', '/callbacks/wait-idle', { timeoutMs: 3000 });
	});
	afterAll(() => env.admin('POST', '/reset'));

	const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
	const happy: Record<string, () => Json> = {
		'company.getCompanys': () => ({}),
		'company.getPhones': () => ({ companyId: 3811 }),
		'company.getRobots': () => ({ companyId: 3811, robotStatus: 0 }),
		'task.getSceneVariables': () => ({ companyId: 3811, sceneDefId: 301 }),
		'company.seatStatistics': () => ({ companyId: 3811 }),
		'sms.templateList': () => ({ companyId: 3811, pageNum: 1, pageSize: 10 }),
		'blacklist.addSingle': () => ({ companyId: 3811, mobile: '13911112222', name: '测试' }),
		'blacklist.addBatch': () => ({ companyId: 3811, blacklistInfoGroupId: ctx.group, blacklist: [{ mobile: '13911113333', name: 'a' }] }),
		'blacklist.groupList': () => ({ companyId: 3811 }),
		'blacklist.groupAdd': () => ({ companyId: 3811, name: '另一组' }),
		'blacklist.groupEdit': () => ({ companyId: 3811, blacklistInfoGroupId: ctx.group, name: '改名组' }),
		'blacklist.groupDelete': () => ({ companyId: 3811, blacklistInfoGroupId: ctx.emptyGroup }),
		'blacklist.infoPage': () => ({ companyId: 3811, blacklistInfoGroupId: -1, pageNum: 1, pageSize: 5 }),
		'blacklist.infoDelete': () => ({ companyId: 3811, blacklistInfoGroupId: ctx.group, mobile: '13911113333' }),
		'task.createTask': () => ({ companyId: 3811, taskName: '新任务', taskType: 1, startDate: today, userPhoneIds: [101], robotDefId: 201, callType: 0 }),
		'task.update': () => ({ companyId: 3811, taskId: ctx.task, taskName: '契约', taskType: 2, userPhoneIds: '102', callType: 1, concurrencyQuota: 2 }),
		'customer.importV1': () => ({ companyId: 3811, taskId: ctx.task, customerInfoList: [{ name: '甲', phone: '13922220001' }] }),
		'customer.importV2': () => ({ companyId: 3811, taskId: ctx.task, customerInfoList: [{ name: '乙', phone: '13922220002' }, { name: '乙', phone: '13922220002' }] }),
		'customer.notDialedCustomerList': () => ({ taskId: ctx.task, pageNum: 1, pageSize: 10 }),
		'task.start': () => ({ taskId: ctx.task }),
		'task.pause': () => ({ taskId: ctx.task }),
		'task.stop': () => ({ taskId: ctx.task }),
		'task.getTasks': () => ({ companyId: 3811, pageNum: 1, pageSize: 10 }),
		'task.getTaskDetail': () => ({ companyId: 3811, taskId: ctx.seeded }),
		'call.single': () => ({ companyId: 3811, customerId: ctx.customerId, mobile: '13933330000', robotDefId: 202, variables: {} }),
		'call.singleCallByMobile': () => ({ companyId: 3811, mobile: '13933330001', robotDefId: 202, sceneDefId: 302, sceneRecordId: 403, variables: {} }),
		'call.queryDoneTaskPhones': () => ({ callJobId: ctx.seeded, pageNum: 1, pageSize: 10 }),
		'call.phoneLogInfo': () => ({ callInstanceId: ctx.callId }),
		'callback.queryUnCallBack': () => ({ companyId: 3811, dataType: 0, startDate: today, endDate: today }),
		'task.delete': () => ({ taskId: ctx.task }),
	};
	// Order matters for the state machine: import before start, start before pause, delete last.
	const order = Object.keys(happy);
	const sorted = [...endpoints].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));

	test('the table covers all 30 endpoints', () => {
		expect(new Set(Object.keys(happy))).toEqual(new Set(endpoints.map((e) => e.id)));
	});

	test.each(sorted.map((e) => [e.id, e]))('%s: happy path with the documented response fields', async (_id, endpoint) => {
		if (endpoint.id === 'task.start') await ok('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId: ctx.task, customerInfoList: [{ phone: '13944440000' }] });
		if (endpoint.id === 'blacklist.groupDelete') ctx.emptyGroup = await ok('POST', '/openapi/v1/company/blacklist/group/add', { companyId: 3811, name: '将删除' });
		const { body } = await api(endpoint.method, endpoint.path, happy[endpoint.id]());
		expect({ id: endpoint.id, code: body.code, msg: body.resultMsg ?? body.msg }).toEqual({ id: endpoint.id, code: 200, msg: expect.anything() });
		const data = body.data;
		const record = Array.isArray(data) ? data[0] : data && typeof data === 'object' && 'list' in data ? data.list[0] : data;
		for (const field of endpoint.response.fields as Json[]) {
			const name = String(field.name);
			if (/[/ ]|^data$|\[\]$/.test(name) && !name.startsWith('list[].')) continue;
			if (name.startsWith('list[].')) expect(record).toHaveProperty(name.slice(7));
			else if (name.includes('.')) expect(data).toHaveProperty(name.split('.')[0]);
			else if (Array.isArray(data) && typeof data[0] !== 'object') continue;
			else expect(Array.isArray(data) ? record : data).toHaveProperty(name);
		}
	});

	test.each(endpoints.filter((e) => e.parameters.some((p: Json) => p.required && !p.deprecated && !p.removedIn && !p.name.includes('[]'))).map((e) => [e.id, e]))(
		'%s: a missing required parameter → 412 naming it',
		async (_id, endpoint) => {
			const { body } = await api(endpoint.method, endpoint.path, {});
			const required = endpoint.parameters.find((p: Json) => p.required && !p.deprecated && !p.removedIn && !p.name.includes('[]'));
			expect(body.code).toBe(412);
			expect(body.resultMsg).toContain(required.name);
		},
	);

	test('unknown path → 404; unbound company → 403; page size over the cap → 412 naming pageSize', async () => {
		expect((await api('GET', '/openapi/v1/nothing/here')).body.code).toBe(404);
		expect((await api('GET', '/openapi/v1/company/getPhones', { companyId: 9999 })).body.code).toBe(403);
		const capped = await api('GET', '/openapi/v1/task/getTasks', { companyId: 3811, pageSize: 101 });
		expect(capped.body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('pageSize') });
		expect((await api('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: ctx.seeded, pageSize: 51 })).body.code).toBe(412);
	});
});

describe('task rules', () => {
	beforeEach(() => env.admin('POST', '/reset'));
	const create = (patch: Json) => api('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: 't', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1, ...patch });

	test.each([
		[{ callType: 0 }, 'callType'],
		[{ workingStartTime: '08:00' }, 'workingStartTime'],
		[{ workingStartTime: '25:00' }, 'workingStartTime'],
		[{ breakStartTime: '21:00', breakEndTime: '21:30' }, 'breakStartTime'],
		[{ taskType: 1 }, 'startDate'],
		[{ repeatCallRule: [{ phoneStatus: 1, times: 1, interval: 5 }] }, 'phoneStatus'],
		[{ repeatCallRule: [{ phoneStatus: 2, times: 6, interval: 5 }] }, 'times'],
		[{ userPhoneIds: [105] }, 'userPhoneIds'],
		[{ smsTemplateId: 501 }, 'smsTemplateId'],
	])('createTask refuses %j naming %s', async (patch, field) => {
		const { body } = await create(patch);
		expect(body.code).toBe(412);
		expect(body.resultMsg).toContain(field);
	});

	test('import v2 counts success, repeats, variable mismatches and bad numbers; 10,001 rows refused', async () => {
		const taskId = (await create({ robotDefId: 201 })).body.data;
		const result = await ok('POST', '/openapi/v2/task/importTaskCustomer', {
			companyId: 3811,
			taskId,
			customerInfoList: [
				{ phone: '13800000001', properties: { 产品名称: 'x', 到期日期: 'y' } },
				{ phone: '13800000001', properties: { 产品名称: 'x', 到期日期: 'y' } },
				{ phone: '13800000002', properties: { 产品名称: 'x' } },
				{ phone: 'abc', properties: {} },
			],
		});
		expect(result).toMatchObject({ successNum: 1, repeatNum: 1, placeFailNum: 1, failNum: 1 });
		const tooMany = await api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: Array.from({ length: 10_001 }, (_, i) => ({ phone: `139${String(i).padStart(8, '0')}` })) });
		expect(tooMany.body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('customerInfoList') });
	});

	test('lifecycle: start → dial → completed; pause/resume; update refused while running; blacklisted → 11', async () => {
		await ok('POST', '/openapi/v1/company/addBlackList', { companyId: 3811, mobile: '13700000003' });
		const taskId = (await create({})).body.data;
		await ok('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: [1, 2, 3, 4].map((i) => ({ phone: `1370000000${i}` })) });
		const status = async () => (await ok('GET', '/openapi/v1/task/getTaskDetail', { companyId: 3811, taskId })).status;
		expect(await status()).toBe(0);
		await ok('POST', '/openapi/v1/task/start', { taskId });
		expect(await status()).toBe(1);
		const refused = await api('POST', '/openapi/v1/task/update', { companyId: 3811, taskId, taskName: 't', taskType: 2, userPhoneIds: '102', callType: 1, concurrencyQuota: 1 });
		expect(refused.body.code).toBe(412);
		await env.admin('POST', '/dialer/advance', { taskId, calls: 2 });
		await ok('POST', '/openapi/v1/task/pause', { taskId });
		expect(await status()).toBe(4);
		expect((await ok('POST', '/openapi/v1/task/notDialedCustomerList', { taskId })).total).toBe(2);
		await ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		expect(await status()).toBe(2);
		const done = (await ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: taskId, pageSize: 50 })).list;
		expect(done.find((c: Json) => c.customerTelephone === '13700000003').finishStatus).toBe(11);
		expect((await ok('GET', '/openapi/v1/task/getTasks', { companyId: 3811 })).total).toBe(1);
		await ok('POST', '/openapi/v1/task/delete', { taskId });
		expect((await ok('GET', '/openapi/v1/task/getTasks', { companyId: 3811 })).total).toBe(0);
		expect((await ok('GET', '/openapi/v1/task/getTasks', { companyId: 3811, needAll: true })).total).toBe(1);
	});
});

describe('callbacks', () => {
	let receiver: http.Server;
	let received: Array<{ path: string; contentType: string; body: string }>;
	let answers: string[];
	beforeEach(async () => {
		await env.admin('POST', '/reset');
		received = [];
		answers = [];
		receiver = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push({ path: req.url!, contentType: req.headers['content-type']!, body });
				const answer = answers.shift() ?? 'success';
				res.writeHead(answer === 'success' ? 200 : 500, { 'content-type': 'text/plain' });
				res.end(answer);
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
		await env.admin('POST', '/callbacks/config', { callRecordUrl: `${base}/record`, taskStatusUrl: `${base}/task` });
	});
	afterEach(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

	test.each(callbacks.map((c) => [c.name, c]))('%s: the sandbox payload has every field of the exampleSkeleton', async (name, callback) => {
		const { payload } = await env.admin('POST', '/callbacks/fire', { type: name });
		const missing: string[] = [];
		const walk = (expected: Json, actual: Json, where: string) => {
			for (const [key, value] of Object.entries(expected)) {
				if (!actual || !(key in actual)) missing.push(`${where}${key}`);
				else if (value && typeof value === 'object' && !Array.isArray(value)) walk(value, actual[key], `${where}${key}.`);
				else if (Array.isArray(value) && value[0] && typeof value[0] === 'object' && actual[key].length) walk(value[0], actual[key][0], `${where}${key}[].`);
			}
		};
		walk(callback.exampleSkeleton, payload, '');
		expect(missing).toEqual([]);
		expect(payload.data.dataType).toBe(callback.dataType);
		await env.admin('POST', '/callbacks/wait-idle', {});
		expect(JSON.parse(received[0].body)).toEqual(payload);
		expect(received[0].path).toBe(name === 'taskStatus' ? '/task' : '/record');
	});

	test('a task walks to the end with one call record per call and a task-status callback, jobFinished on the last', async () => {
		const taskId = await ok('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: 'cb', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 });
		await ok('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: [1, 2, 3].map((i) => ({ phone: `1360000000${i}`, properties: { crm: `c${i}` } })) });
		await ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		await env.admin('POST', '/callbacks/wait-idle', {});
		// Each URL has its own queue: records arrive in order, the task callback independently of them.
		const records = received.filter((r) => r.path === '/record').map((r) => JSON.parse(r.body));
		const tasks = received.filter((r) => r.path === '/task').map((r) => JSON.parse(r.body));
		expect(records.map((b) => [b.data.dataType, b.data.data.jobFinished])).toEqual([['CALL_INSTANCE_RESULT', false], ['CALL_INSTANCE_RESULT', false], ['CALL_INSTANCE_RESULT', true]]);
		expect(JSON.parse(records[0].data.data.sceneInstance.properties)).toEqual({ crm: 'c1' });
		expect(tasks.map((b) => [b.data.dataType, b.data.data.callJobId, b.data.data.status])).toEqual([['JOB_INFO_RESULT', taskId, 2]]);
	});

	test('only "success" counts: retried on the schedule, then listed by queryUnCallBack until delivered', async () => {
		answers = ['error', 'fail'];
		await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		await env.admin('POST', '/callbacks/wait-idle', {});
		expect(received).toHaveLength(3);
		let [delivery] = (await env.admin('GET', '/callbacks/deliveries')).deliveries;
		expect(delivery).toMatchObject({ attempts: 3, delivered: true });

		answers = ['no', 'no', 'no'];
		await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		await env.admin('POST', '/callbacks/wait-idle', {});
		delivery = (await env.admin('GET', '/callbacks/deliveries')).deliveries[1];
		expect(delivery).toMatchObject({ attempts: 3, delivered: false, failed: true });
		const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
		const failed = await ok('GET', '/openapi/v1/callBack/queryUnCallBack', { companyId: 3811, dataType: 0, startDate: `${today} 00:00:00`, endDate: `${today} 23:59:59` });
		expect(failed.list.map((row: Json) => row.callInstanceId)).toEqual([delivery.payload.data.data.sceneInstance.callInstanceId]);
		expect((await ok('GET', '/openapi/v1/callBack/queryUnCallBack', { companyId: 3811, dataType: 1, startDate: today, endDate: today })).total).toBe(0);
	});

	test('text/plain bodies and repeated deliveries on request', async () => {
		await env.admin('POST', '/callbacks/config', { contentType: 'text/plain', repeatDelivered: 2 });
		await env.admin('POST', '/callbacks/fire', { type: 'inboundCallRecord' });
		await env.admin('POST', '/callbacks/wait-idle', {});
		expect(received).toHaveLength(3);
		expect(received.every((r) => r.contentType === 'text/plain;charset=utf-8' && r.body === received[0].body)).toBe(true);
	});
});

describe('fault injection', () => {
	const apiPath = '/openapi/v1/company/getCompanys';
	beforeEach(() => env.admin('POST', '/reset'));
	const raw = () => fetch(env.sandbox.url + apiPath, { headers: headers() });

	test.each([
		[{ mode: 'http-error', status: 503 }, 503, /Service Unavailable/],
		[{ mode: 'rate-limit', retryAfterSeconds: 7 }, 429, /Too Many/],
		[{ mode: 'html', status: 502 }, 502, /<html>/],
		[{ mode: 'malformed-json' }, 200, /^\{"code":200,"data":\[/],
		[{ mode: 'envelope', status: 500 }, 200, /"code":500/],
	])('%j', async (fault, status, body) => {
		await env.admin('POST', '/faults', { path: apiPath, ...fault });
		const response = await raw();
		expect(response.status).toBe(status);
		expect(await response.text()).toMatch(body);
		if (status === 429) expect(response.headers.get('retry-after')).toBe('7');
		expect((await raw()).status).toBe(200);
	});

	test('drop closes the connection without an answer; slow answers late', async () => {
		await env.admin('POST', '/faults', { path: apiPath, mode: 'drop' });
		await expect(raw()).rejects.toThrow();
		await env.admin('POST', '/faults', { path: apiPath, mode: 'slow', delayMs: 300 });
		const started = Date.now();
		expect((await raw()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	test('a fault with count -1 stays until cleared; faulted writes are not applied', async () => {
		await env.admin('POST', '/faults', { path: '/openapi/v1/company/blacklist/group/add', mode: 'http-error', status: 500, count: -1 });
		for (let i = 0; i < 3; i++) expect((await api('POST', '/openapi/v1/company/blacklist/group/add', { companyId: 3811, name: `g${i}` })).status).toBe(500);
		await env.admin('DELETE', '/faults');
		const groups = await ok('GET', '/openapi/v1/company/blacklist/group/list', { companyId: 3811 });
		expect(groups.map((g: Json) => g.name)).not.toContain('g0');
	});

	test('handles hundreds of concurrent requests', async () => {
		const answers = await Promise.all(Array.from({ length: 300 }, () => api('GET', '/openapi/v1/company/getPhones', { companyId: 3812 })));
		expect(answers.every((a) => a.body.code === 200)).toBe(true);
	});
});
