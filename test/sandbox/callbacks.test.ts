// Callbacks as Byai posts them: to a real local receiver, only HTTP 200 + "success" counts, retries on
// the schedule, undelivered call records listed by queryUnCallBack, text/plain mode, repeated deliveries,
// per-URL ordering.
import { chinaToday, sleep, startReceiver, taskWithCustomers, until, useSandbox, type Json } from './harness';

const env = useSandbox({ seed: 21, dialer: { paused: true }, callbackRetryScheduleMs: [40, 80] });
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
	await env.admin('POST', '/reset');
	receiver = await startReceiver();
	await env.admin('POST', '/callbacks/config', { callRecordUrl: `${receiver.url}/record`, taskStatusUrl: `${receiver.url}/task` });
});
afterEach(() => receiver.close());

const waitIdle = async () => expect((await env.admin('POST', '/callbacks/wait-idle', { timeoutMs: 5000 })).idle).toBe(true);
const deliveries = async (): Promise<Json[]> => (await env.admin('GET', '/callbacks/deliveries')).deliveries;
const phones = (count: number) => Array.from({ length: count }, (_, i) => `1350000${String(i).padStart(4, '0')}`);

describe('a task from start to end', () => {
	test('one call record per call in dial order, jobFinished on the last, task status on pause (4) and completion (2)', async () => {
		const taskId = await taskWithCustomers(env, phones(4));
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, calls: 2 });
		await env.ok('POST', '/openapi/v1/task/pause', { taskId });
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		await waitIdle();

		const records = receiver.paths('/record');
		expect(records.map((r) => r.data.data.sceneInstance.customerTelephone)).toEqual(phones(4));
		expect(records.map((r) => r.data.data.jobFinished)).toEqual([false, false, false, true]);
		for (const record of records) {
			expect(record).toMatchObject({ code: 200, resultMsg: '成功', errorStackTrace: null, data: { dataType: 'CALL_INSTANCE_RESULT', data: { sign: null, dateTime: null } } });
			expect(record.data.data.sceneInstance).toMatchObject({ callJobId: taskId, companyId: 3811, status: 2 });
		}
		expect(JSON.parse(records[0].data.data.sceneInstance.properties)).toEqual({ crmId: 'C-1' });
		// The callback carries what phoneLogInfo answers.
		const info = await env.ok('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: records[2].data.data.sceneInstance.callInstanceId });
		expect(records[2].data.data.sceneInstance).toEqual(info.sceneInstance);
		expect(records[2].data.data.taskResult).toEqual(info.taskResult);

		const tasks = receiver.paths('/task');
		expect(tasks.map((t) => [t.data.dataType, t.data.data.callJobId, t.data.data.status])).toEqual([['JOB_INFO_RESULT', taskId, 4], ['JOB_INFO_RESULT', taskId, 2]]);
		expect(tasks[0]).toMatchObject({ code: 200, resultMsg: '执行成功', errorStackTrace: null, data: { data: { companyId: 3811, jobName: '测试任务', callType: 1, robotDefId: 202 } } });
		expect(receiver.received.every((r) => r.contentType === 'application/json;charset=utf-8')).toBe(true);
	});

	test('task-status callbacks only when enabled; system states (line arrears 9) are reported', async () => {
		const taskId = await taskWithCustomers(env, phones(2));
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/tasks/status', { taskId, status: 9 });
		await env.admin('POST', '/callbacks/config', { taskStatusEnabled: false });
		await env.ok('POST', '/openapi/v1/task/pause', { taskId });
		await waitIdle();
		expect(receiver.paths('/task').map((t) => t.data.data.status)).toEqual([9]);
	});

	test('the dialer on its own timer also reports every call', async () => {
		const taskId = await taskWithCustomers(env, phones(5), { concurrencyQuota: 2 });
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer', { paused: false, callIntervalMs: 5 });
		await until(async () => receiver.paths('/task').length);
		await waitIdle();
		expect(receiver.paths('/record')).toHaveLength(5);
		expect(receiver.paths('/task').map((t) => t.data.data.status)).toEqual([2]);
	});
});

describe('delivery and retries', () => {
	test('only HTTP 200 with the body "success" counts; others are retried on the schedule', async () => {
		receiver.answers = [[200, 'ok'], [201, 'success']];
		await env.admin('POST', '/callbacks/config', { retryScheduleMs: [50, 400] });
		const { deliveryId } = await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		await until(async () => receiver.received.length === 2);
		receiver.answers.push([200, ' success\n']); // trimmed, it counts
		expect((await deliveries())[0]).toMatchObject({ attempts: 2, delivered: false, lastHttpStatus: 201, lastBody: 'success' });
		await waitIdle();
		expect(receiver.received).toHaveLength(3);
		expect(receiver.received.every((r) => r.body === receiver.received[0].body)).toBe(true);
		const [delivery] = await deliveries();
		expect(delivery).toMatchObject({ id: deliveryId, type: 'callRecord', dataType: 'CALL_INSTANCE_RESULT', url: `${receiver.url}/record`, attempts: 3, delivered: true, failed: false, lastHttpStatus: 200 });
		// Gaps follow retryScheduleMs after each failure.
		const gaps = delivery.attemptTimes.slice(1).map((at: number, i: number) => at - delivery.attemptTimes[i]);
		expect(gaps[0]).toBeGreaterThanOrEqual(48);
		expect(gaps[1]).toBeGreaterThanOrEqual(398);
	});

	test('Byai headers: a Java user agent; the body is the payload as JSON text', async () => {
		const { payload } = await env.admin('POST', '/callbacks/fire', { type: 'inboundCallRecord' });
		await waitIdle();
		expect(receiver.received[0]).toMatchObject({ path: '/record', userAgent: expect.stringContaining('Java') });
		expect(JSON.parse(receiver.received[0].body)).toEqual(payload);
	});

	test('retry after a 500, then "success": delivered once, never listed by queryUnCallBack afterwards', async () => {
		receiver.answers = ['error'];
		await env.admin('POST', '/callbacks/config', { retryScheduleMs: [300] });
		const { payload } = await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		const callInstanceId = payload.data.data.sceneInstance.callInstanceId;
		const failed = async () => (await env.ok('GET', '/openapi/v1/callBack/queryUnCallBack', { companyId: 3811, dataType: 0, startDate: chinaToday(), endDate: chinaToday() })).list.map((r: Json) => r.callInstanceId);
		await until(async () => receiver.received.length === 1);
		await until(async () => (await deliveries())[0].firstFailedAt);
		expect(await failed()).toEqual([callInstanceId]); // failed once, retry pending
		await waitIdle();
		expect((await deliveries())[0]).toMatchObject({ attempts: 2, delivered: true });
		expect(await failed()).toEqual([]);
	});

	test('never delivered: given up after the schedule and listed by queryUnCallBack (filters, both date forms, inbound apart)', async () => {
		receiver.answers = Array(20).fill('error');
		const taskId = await taskWithCustomers(env, phones(3));
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		const { payload: inbound } = await env.admin('POST', '/callbacks/fire', { type: 'inboundCallRecord', companyId: 3811 });
		await waitIdle();
		const records = (await deliveries()).filter((d) => d.type === 'callRecord');
		expect(records.map((d) => [d.attempts, d.delivered, d.failed])).toEqual(Array(3).fill([3, false, true]));

		const query = (params: Json) => env.ok('GET', '/openapi/v1/callBack/queryUnCallBack', { companyId: 3811, dataType: 0, startDate: chinaToday(), endDate: chinaToday(), ...params });
		const outbound = await query({});
		expect(outbound).toMatchObject({ total: 3, pageNum: 1, pageSize: 100 });
		const done = await env.ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: taskId });
		expect(outbound.list.map((r: Json) => r.callInstanceId).sort()).toEqual(done.list.map((c: Json) => c.callInstanceId).sort());
		expect(outbound.list[0]).toEqual({ callJobId: taskId, callInstanceId: expect.any(Number), customerTelephone: expect.stringMatching(/^1350000/), callerTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
		expect((await query({ callJobId: taskId, pageSize: 2 })).list).toHaveLength(2);
		expect((await query({ startDate: `${chinaToday()} 00:00:00`, endDate: `${chinaToday()} 23:59:59` })).total).toBe(3);
		expect((await query({ startDate: '2001-01-01', endDate: '2001-01-02' })).total).toBe(0);
		expect((await query({ companyId: 3812 })).total).toBe(0);
		expect((await query({ dataType: 1 })).list.map((r: Json) => r.callInstanceId)).toEqual([inbound.data.data.sceneInstance.inboundInstanceId]);
		expect((await env.api('GET', '/openapi/v1/callBack/queryUnCallBack', { companyId: 3811, dataType: 0, startDate: '2020/01/01', endDate: chinaToday() })).body.resultMsg).toContain('startDate');
		// Recovery as documented: phoneLogInfo of each listed id.
		for (const row of outbound.list) expect((await env.ok('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: row.callInstanceId })).sceneInstance.callInstanceId).toBe(row.callInstanceId);
	});

	test('an unreachable URL counts as a failed attempt', async () => {
		await env.admin('POST', '/callbacks/config', { callRecordUrl: 'http://127.0.0.1:9/down', retryScheduleMs: [] });
		await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		await waitIdle();
		expect((await deliveries())[0]).toMatchObject({ attempts: 1, delivered: false, failed: true, lastHttpStatus: null, lastBody: expect.any(String) });
	});

	test('text/plain;charset=utf-8 bodies (private cloud) and repeated deliveries of a delivered callback', async () => {
		await env.admin('POST', '/callbacks/config', { contentType: 'text/plain', repeatDelivered: 2 });
		await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		await waitIdle();
		expect(receiver.received).toHaveLength(3);
		expect(receiver.received.every((r) => r.contentType === 'text/plain;charset=utf-8' && r.body === receiver.received[0].body)).toBe(true);
		expect((await deliveries()).map((d) => [d.id, d.repeatOf, d.delivered])).toEqual([[1, undefined, true], [2, 1, true], [3, 2, true]]);
	});

	test('per URL one at a time in event order, even when the receiver is slow', async () => {
		receiver.delayMs = 15;
		await env.admin('POST', '/callbacks/config', { taskStatusEnabled: false }); // another URL may be served meanwhile
		const taskId = await taskWithCustomers(env, phones(8));
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		await waitIdle();
		expect(receiver.maxInFlight).toBe(1);
		expect(receiver.paths('/record').map((r) => r.data.data.sceneInstance.customerTelephone)).toEqual(phones(8));
	});

	test('wait-idle answers false while a delivery is still pending', async () => {
		receiver.delayMs = 400;
		await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		expect(await env.admin('POST', '/callbacks/wait-idle', { timeoutMs: 50 })).toEqual({ idle: false, pending: 1 });
		await waitIdle();
	});

	test('reset drops pending retries: nothing more is sent', async () => {
		receiver.answers = ['error'];
		await env.admin('POST', '/callbacks/config', { retryScheduleMs: [150] });
		await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		await until(async () => (await deliveries())[0].firstFailedAt);
		await env.admin('POST', '/reset');
		await sleep(250);
		expect(receiver.received).toHaveLength(1);
		expect(await env.admin('GET', '/callbacks/deliveries')).toEqual({ deliveries: [] });
		expect((await env.admin('GET', '/callbacks/config')).callRecordUrl).toBeNull();
	});
});

describe('callbacks fired through the admin API', () => {
	test('manual intention change: only taskResult with the letter; the call shows the correction everywhere', async () => {
		const taskId = await taskWithCustomers(env, phones(6));
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		const { list } = await env.ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: taskId });
		const target = list.find((c: Json) => c.resultList.every((r: Json) => r.resultValueAlias !== 'D'));
		const { payload } = await env.admin('POST', '/callbacks/fire', { type: 'manualIntentionChange', callInstanceId: target.callInstanceId, grade: 'D' });
		expect(payload.data).toEqual({ dataType: 'CALL_INSTANCE_RESULT', data: { taskResult: [{ companyId: 3811, sceneInstanceId: target.callInstanceId, resultName: '客户意向等级', resultValue: 'D' }] } });
		await waitIdle();
		expect(receiver.paths('/record').at(-1)).toEqual(payload);
		const info = await env.ok('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: target.callInstanceId });
		expect(info.taskResult.find((r: Json) => r.resultName === '客户意向等级')).toMatchObject({ artificialResultValue: 'D级(用户忙)', artificialChanged: 1 });
		const filtered = await env.ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: taskId, resultQueryList: [{ name: '客户意向等级', value: 'D级(用户忙)' }] });
		expect(filtered.list.map((c: Json) => c.callInstanceId)).toContain(target.callInstanceId);
	});

	test('fire with a task id uses that task; taskStatus with a status override', async () => {
		const taskId = await taskWithCustomers(env, phones(2));
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		const { payload: record } = await env.admin('POST', '/callbacks/fire', { type: 'callRecord', taskId });
		expect(record.data.data.sceneInstance).toMatchObject({ callJobId: taskId, customerTelephone: phones(2)[1] });
		const { payload: task } = await env.admin('POST', '/callbacks/fire', { type: 'taskStatus', taskId, status: 10 });
		expect(task.data.data).toMatchObject({ callJobId: taskId, status: 10 });
		expect(await env.ok('GET', '/openapi/v1/task/getTaskDetail', { companyId: 3811, taskId })).toMatchObject({ status: 2 }); // a fired payload changes no state
		await waitIdle();
		expect(receiver.paths('/task').at(-1)).toEqual(task);
	});

	test('samples of every type without sending anything; unknown types refused', async () => {
		for (const type of ['callRecord', 'taskStatus', 'manualIntentionChange', 'inboundCallRecord']) {
			expect((await env.admin('GET', `/callbacks/sample?type=${type}`)).payload.code).toBe(200);
		}
		await expect(env.admin('GET', '/callbacks/sample?type=nope')).rejects.toThrow(/400/);
		await sleep(30);
		expect(receiver.received).toEqual([]);
		expect(await deliveries()).toEqual([]);
	});

	test('callback settings are checked', async () => {
		for (const bad of [{ contentType: 'text/html' }, { retryScheduleMs: 5 }, { repeatDelivered: -1 }, { callRecordUrl: 'ftp://x' }, { unknown: 1 }]) {
			await expect(env.admin('POST', '/callbacks/config', bad)).rejects.toThrow(/400/);
		}
		expect(await env.admin('GET', '/callbacks/config')).toMatchObject({ callRecordUrl: `${receiver.url}/record`, contentType: 'application/json', repeatDelivered: 0, taskStatusEnabled: true, retryScheduleMs: [40, 80] });
	});
});
