// The contract: walks endpoints.json and callbacks.json. Every endpoint is served with its documented
// method(s) and answers a happy-path call with every documented response field; its required and typed
// parameters are enforced (412 naming the field); every callback type carries the fields of its
// exampleSkeleton and of its shapes. A missing endpoint, field or callback fails here.
import { callbacksJson } from '../helpers/reference';
import { callbacks, chinaToday, endpoints, taskWithCustomers, useSandbox, type Json } from './harness';

const env = useSandbox({ seed: 7, dialer: { paused: true }, callbackRetryScheduleMs: [] });
const ctx: Json = {};

beforeAll(async () => {
	ctx.done = (await env.admin('POST', '/seed/done-calls', { companyId: 3811, count: 10 })).taskId;
	const [call] = (await env.ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: ctx.done, finishStatus: 0 })).list;
	ctx.callId = call.callInstanceId; // an answered call: it has a transcript
	ctx.customerId = (await env.ok('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: ctx.callId })).sceneInstance.customerId;
	ctx.task = await taskWithCustomers(env, ['13900000001', '13900000002']);
	ctx.group = await env.ok('POST', '/openapi/v1/company/blacklist/group/add', { companyId: 3811, name: '契约测试组' });
	ctx.emptyGroup = await env.ok('POST', '/openapi/v1/company/blacklist/group/add', { companyId: 3811, name: '待删除组' });
	// A call record nobody could receive, for queryUnCallBack.
	await env.admin('POST', '/callbacks/config', { callRecordUrl: 'http://127.0.0.1:9/closed' });
	await env.admin('POST', '/callbacks/fire', { type: 'callRecord', callInstanceId: ctx.callId });
	expect((await env.admin('POST', '/callbacks/wait-idle', { timeoutMs: 5000 })).idle).toBe(true);
});

// Happy-path parameters, in an order the state machine accepts (import before start, delete last).
const today = chinaToday();
const STEPS: Array<[string, () => Json]> = [
	['company.getCompanys', () => ({})],
	['company.getPhones', () => ({ companyId: 3811 })],
	['company.getRobots', () => ({ companyId: 3811, robotStatus: 0 })],
	['task.getSceneVariables', () => ({ companyId: 3811, sceneDefId: 301 })],
	['company.seatStatistics', () => ({ companyId: 3811 })],
	['sms.templateList', () => ({ companyId: 3811, pageNum: 1, pageSize: 10 })],
	['blacklist.addSingle', () => ({ companyId: 3811, mobile: '13911112222', name: '测试' })],
	['blacklist.addBatch', () => ({ companyId: 3811, blacklistInfoGroupId: ctx.group, blacklist: [{ mobile: '13911113333', name: '甲' }] })],
	['blacklist.groupList', () => ({ companyId: 3811 })],
	['blacklist.groupAdd', () => ({ companyId: 3811, name: '另一组' })],
	['blacklist.groupEdit', () => ({ companyId: 3811, blacklistInfoGroupId: ctx.group, name: '改名组', remark: '改过' })],
	['blacklist.groupDelete', () => ({ companyId: 3811, blacklistInfoGroupId: ctx.emptyGroup })],
	['blacklist.infoPage', () => ({ companyId: 3811, blacklistInfoGroupId: -1, pageNum: 1, pageSize: 5 })],
	['blacklist.infoDelete', () => ({ companyId: 3811, blacklistInfoGroupId: ctx.group, mobile: '13911113333' })],
	['task.createTask', () => ({ companyId: 3811, taskName: '新任务', taskType: 1, startDate: today, userPhoneIds: [101], robotDefId: 201, callType: 0 })],
	['task.update', () => ({ companyId: 3811, taskId: ctx.task, taskName: '契约', taskType: 2, userPhoneIds: '102', callType: 1, concurrencyQuota: 2 })],
	['customer.importV1', () => ({ companyId: 3811, taskId: ctx.task, customerInfoList: [{ name: '甲', phone: '13922220001' }] })],
	['customer.importV2', () => ({ companyId: 3811, taskId: ctx.task, customerInfoList: [{ name: '乙', phone: '13922220002' }, { name: '乙', phone: '13922220002' }] })],
	['customer.notDialedCustomerList', () => ({ taskId: ctx.task, pageNum: 1, pageSize: 10 })],
	['task.start', () => ({ taskId: ctx.task })],
	['task.pause', () => ({ taskId: ctx.task })],
	['task.stop', () => ({ taskId: ctx.task })],
	['task.getTasks', () => ({ companyId: 3811, pageNum: 1, pageSize: 10 })],
	['task.getTaskDetail', () => ({ companyId: 3811, taskId: ctx.done })],
	['call.single', () => ({ companyId: 3811, customerId: ctx.customerId, mobile: '13933330000', robotDefId: 202, variables: {} })],
	['call.singleCallByMobile', () => ({ companyId: 3811, mobile: '13933330001', robotDefId: 202, sceneDefId: 302, sceneRecordId: 403, variables: {} })],
	['call.queryDoneTaskPhones', () => ({ callJobId: ctx.done, pageNum: 1, pageSize: 10 })],
	['call.phoneLogInfo', () => ({ callInstanceId: ctx.callId })],
	['callback.queryUnCallBack', () => ({ companyId: 3811, dataType: 0, startDate: today, endDate: today })],
	['task.delete', () => ({ taskId: ctx.task })],
];
const byId = new Map(endpoints.map((e) => [e.id, e]));
const happy = new Map(STEPS);

/** The value at a documented path: "a.b", "list[].x" (first row), "phoneLogs[]" (must be an array). */
function valueAt(target: any, path: string): any {
	const parts = path.split('.');
	let value = target;
	for (const [index, part] of parts.entries()) {
		const key = part.replace(/\[\]$/, '');
		if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
		value = value[key];
		if (part.endsWith('[]')) {
			if (!Array.isArray(value)) return undefined;
			if (index < parts.length - 1) value = value[0];
		}
	}
	return value;
}

/** Documented response fields missing from `data`: "a/b" names two fields, "[]" an array of strings, "data" the value itself. */
function missingFields(fields: Json[], data: any): string[] {
	const missing: string[] = [];
	for (const field of fields) {
		const [first, ...others] = String(field.name).split('/');
		const prefix = first.slice(0, first.lastIndexOf('.') + 1);
		for (const name of [first, ...others.map((other) => prefix + other)]) {
			if (name === 'data') {
				if (data === null || data === undefined) missing.push(name);
			} else if (name === '[]') {
				if (!Array.isArray(data) || !data.length || data.some((v) => typeof v !== 'string')) missing.push('[] (array of strings)');
			} else if (valueAt(Array.isArray(data) ? data[0] : data, name) === undefined) missing.push(name);
		}
	}
	return missing;
}

describe('every endpoint of endpoints.json', () => {
	test('the steps cover exactly the endpoints of the reference', () => {
		expect(STEPS.map(([id]) => id).sort()).toEqual(endpoints.map((e) => e.id).sort());
		expect(endpoints).toHaveLength(30);
	});

	test.each(STEPS.map(([id]) => [id]))('%s: documented method, happy path, every documented response field', async (id) => {
		const endpoint = byId.get(id)!;
		const { status, body } = await env.api(endpoint.method, endpoint.path, happy.get(id)!());
		expect(status).toBe(200);
		if (id === 'sms.templateList') expect(body).toMatchObject({ code: 200, success: true, msg: expect.any(String) });
		else expect({ code: body.code, resultMsg: body.resultMsg }).toEqual({ code: 200, resultMsg: expect.any(String) });
		if (endpoint.response.data === 'null') expect(body.data).toBeNull();
		expect(missingFields(endpoint.response.fields, body.data)).toEqual([]);
		if (endpoint.response.shapeRef) {
			const [, shape] = /#\/shapes\/(\w+)/.exec(endpoint.response.shapeRef)!;
			for (const [key, fields] of Object.entries(callbacksJson.shapes[shape] as Record<string, Json[]>)) {
				const target = key.endsWith('[]') ? body.data[key.slice(0, -2)][0] : body.data[key];
				expect({ key, missing: missingFields(fields.filter((f) => !f.removedIn), target) }).toEqual({ key, missing: [] });
			}
		}
	});

	test('alternative methods are served too (notDialedCustomerList by GET with a query)', async () => {
		const taskId = await taskWithCustomers(env, ['13955550001']);
		const alternatives = endpoints.filter((e) => e.altMethods?.length);
		expect(alternatives.map((e) => e.path)).toEqual(['/openapi/v1/task/notDialedCustomerList']);
		for (const endpoint of alternatives) {
			for (const method of endpoint.altMethods) {
				const { body } = await env.api(method, endpoint.path, { taskId });
				expect({ path: endpoint.path, method, code: body.code }).toEqual({ path: endpoint.path, method, code: 200 });
				expect(body.data.list[0].customerTelephone).toBe('13955550001');
			}
		}
	});

	test('an undocumented method or an unknown path → envelope 404', async () => {
		expect((await env.api('GET', '/openapi/v1/task/createTask')).body).toMatchObject({ code: 404, resultMsg: expect.stringMatching(/^资源不存在/) });
		expect((await env.api('POST', '/openapi/v1/company/getCompanys')).body.code).toBe(404);
		const unknown = await env.api('GET', '/openapi/v1/company/nothingHere');
		expect(unknown).toMatchObject({ status: 200, body: { code: 404, data: null, errorStackTrace: null } });
		expect((await env.api('GET', '/openapi/v3/task/getTasks', { companyId: 3811 })).body.code).toBe(404);
	});
});

describe('parameters are validated with a 412 that names the field', () => {
	const live = (p: Json) => !p.deprecated && !p.removedIn && !p.name.includes('[]');
	const withRequired = endpoints.filter((e) => e.parameters.some((p: Json) => p.required && live(p)));
	const withInteger = endpoints.filter((e) => happy.has(e.id) && e.parameters.some((p: Json) => live(p) && p.type.startsWith('integer')));

	test.each(withRequired.map((e) => [e.id, e]))('%s: each required parameter left out', async (_id, endpoint) => {
		for (const param of endpoint.parameters.filter((p: Json) => p.required && live(p))) {
			const params = { ...happy.get(endpoint.id)!() };
			delete params[param.name];
			const { body } = await env.api(endpoint.method, endpoint.path, params);
			expect({ param: param.name, code: body.code, named: String(body.resultMsg).includes(param.name) }).toEqual({ param: param.name, code: 412, named: true });
			expect(body.resultMsg).toMatch(/^参数错误: /);
		}
	});

	test.each(withInteger.map((e) => [e.id, e]))('%s: an integer parameter given letters', async (_id, endpoint) => {
		const param = endpoint.parameters.find((p: Json) => live(p) && p.type.startsWith('integer'));
		const { body } = await env.api(endpoint.method, endpoint.path, { ...happy.get(endpoint.id)!(), [param.name]: 'abc' });
		expect({ code: body.code, msg: body.resultMsg }).toEqual({ code: 412, msg: expect.stringContaining(param.name) });
	});

	test.each(endpoints.filter((e) => e.parameters.some((p: Json) => p.enum && live(p))).map((e) => [e.id, e]))('%s: a value outside an enum', async (_id, endpoint) => {
		const param = endpoint.parameters.find((p: Json) => p.enum && live(p));
		const outside = param.type.startsWith('array') ? ['Z级'] : typeof param.enum[0].value === 'number' ? 99 : 'nope';
		const { body } = await env.api(endpoint.method, endpoint.path, { ...happy.get(endpoint.id)!(), [param.name]: outside });
		expect({ code: body.code, msg: body.resultMsg }).toEqual({ code: 412, msg: expect.stringContaining(param.name) });
	});

	test.each([
		['task.getTasks', 100],
		['call.queryDoneTaskPhones', 50],
		['customer.notDialedCustomerList', 50],
		['callback.queryUnCallBack', 500],
	])('%s: pageSize above the cap %i is refused, the cap itself is fine', async (id, cap) => {
		const endpoint = byId.get(id)!;
		const taskId = id === 'customer.notDialedCustomerList' ? await taskWithCustomers(env, ['13966660001']) : undefined;
		const params = { ...happy.get(id)!(), ...(taskId ? { taskId } : {}) };
		expect((await env.api(endpoint.method, endpoint.path, { ...params, pageSize: cap })).body.code).toBe(200);
		const refused = (await env.api(endpoint.method, endpoint.path, { ...params, pageSize: cap + 1 })).body;
		expect(refused).toMatchObject({ code: 412, resultMsg: expect.stringContaining('pageSize') });
		expect((await env.api(endpoint.method, endpoint.path, { ...params, pageSize: 0 })).body.resultMsg).toContain('pageSize');
	});
});

describe('companies and ids', () => {
	const companyScoped = STEPS.filter(([id]) => byId.get(id)!.parameters.some((p: Json) => p.name === 'companyId'));
	beforeAll(async () => {
		ctx.task = await taskWithCustomers(env, ['13977770001']); // the steps deleted theirs
	});

	test.each(companyScoped.map(([id]) => [id]))('%s: company 9999 exists but is not bound → 403', async (id) => {
		const endpoint = byId.get(id)!;
		const { body } = await env.api(endpoint.method, endpoint.path, { ...happy.get(id)!(), companyId: 9999 });
		expect({ code: body.code, msg: body.resultMsg }).toEqual({ code: 403, msg: expect.stringMatching(/^无权限操作该公司/) });
	});

	test('an unknown company → 404; getCompanys lists only the bound ones', async () => {
		expect((await env.api('GET', '/openapi/v1/company/getPhones', { companyId: 1234 })).body.code).toBe(404);
		expect((await env.ok('GET', '/openapi/v1/company/getCompanys')).map((c: Json) => c.companyId)).toEqual([3811, 3812, 3813]);
	});

	test.each(STEPS.filter(([id]) => byId.get(id)!.parameters.some((p: Json) => ['taskId', 'callJobId'].includes(p.name))).map(([id]) => [id]))(
		'%s: an unknown task → 404',
		async (id) => {
			const endpoint = byId.get(id)!;
			const key = endpoint.parameters.some((p: Json) => p.name === 'taskId') ? 'taskId' : 'callJobId';
			const { body } = await env.api(endpoint.method, endpoint.path, { ...happy.get(id)!(), [key]: 999999 });
			expect({ code: body.code, msg: body.resultMsg }).toEqual({ code: 404, msg: expect.stringMatching(/^资源不存在/) });
		},
	);
});

describe('every callback of callbacks.json', () => {
	const shapes = callbacksJson.shapes;
	const resolve = (ref: string) => ref.replace(/^#\//, '').split('/').slice(1).reduce((node: any, key) => node[key], shapes) as Json[];

	/** Paths of the exampleSkeleton missing from the payload (objects walked, arrays by their first element). */
	function missingSkeleton(expected: any, actual: any, where = ''): string[] {
		if (!expected || typeof expected !== 'object') return [];
		if (Array.isArray(expected)) return expected.length && actual?.length ? missingSkeleton(expected[0], actual[0], `${where}[].`) : [];
		return Object.entries(expected).flatMap(([key, value]) => (actual && typeof actual === 'object' && key in actual ? missingSkeleton(value, actual[key], `${where}${key}.`) : [`${where}${key}`]));
	}

	/** Fields of the documented payload (shapes included, removed ones left out) missing from data.data. */
	function missingPayloadFields(callback: Json, data: Json): string[] {
		return Object.entries(callback.payload as Record<string, any>).flatMap(([key, spec]) => {
			const fields = (spec.$ref ? resolve(spec.$ref) : spec).filter((f: Json) => !f.removedIn);
			if (fields.length === 1 && fields[0].name === key) return key in data ? [] : [key];
			const base = key.replace(/\[\]$/, '');
			const target = key === 'data' ? data : key.endsWith('[]') ? data[base]?.[0] : data[base];
			if (target === undefined) return [key];
			return missingFields(fields, target).map((name) => `${key}.${name}`);
		});
	}

	test('the reference has the four callbacks', () => {
		expect(callbacks.map((c) => c.name).sort()).toEqual(['callRecord', 'inboundCallRecord', 'manualIntentionChange', 'taskStatus']);
	});

	test.each(callbacks.map((c) => [c.name, c]))('%s: sample and fired payloads carry the exampleSkeleton and payload fields', async (name, callback) => {
		const before = await env.admin('GET', '/state');
		const { payload: sample } = await env.admin('GET', `/callbacks/sample?type=${name}`);
		expect(await env.admin('GET', '/state')).toEqual(before); // a sample changes nothing
		const { payload: fired } = await env.admin('POST', '/callbacks/fire', { type: name });
		for (const payload of [sample, fired]) {
			expect(payload).toMatchObject({ code: 200, data: { dataType: callback.dataType }, resultMsg: callback.exampleSkeleton.resultMsg, errorStackTrace: null });
			expect(missingSkeleton(callback.exampleSkeleton, payload)).toEqual([]);
			expect(missingPayloadFields(callback, payload.data.data)).toEqual([]);
		}
	});

	test('call-record details as documented: properties is a JSON string, sign/dateTime null, both intention label sets', async () => {
		const { payload } = await env.admin('GET', `/callbacks/sample?type=callRecord&callInstanceId=${ctx.callId}`);
		const { sceneInstance, taskResult, sign, dateTime } = payload.data.data;
		expect(typeof sceneInstance.properties).toBe('string');
		expect(JSON.parse(sceneInstance.properties)).toEqual({ seq: expect.any(String) });
		expect([sign, dateTime]).toEqual([null, null]);
		const intention = taskResult.find((r: Json) => r.resultName === '客户意向等级');
		expect(intention.resultValue).toMatch(/^[A-F]级\(.+\)$/);
		expect(intention.resultValueNew).toMatch(/^[A-F]级\(.+\)$/);
		expect(intention.resultValueNew).not.toBe(intention.resultValue);
		expect(intention.resultValueAlias).toBe(intention.resultValue[0]);
	});
});
