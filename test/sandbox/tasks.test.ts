// The account and its state machine: seeded data, task rules, imports, the dialer, seats and queueing,
// and the read endpoints reflecting all of it (getTasks, getTaskDetail, notDialed, done calls, phoneLogInfo).
import { startSandbox } from '../../sandbox';
import { chinaToday, sleep, taskWithCustomers, until, useSandbox, type Json } from './harness';

const env = useSandbox({ seed: 11, dialer: { paused: true } });
beforeEach(() => env.admin('POST', '/reset'));

const createTask = (patch: Json = {}) => env.api('POST', '/openapi/v1/task/createTask', { companyId: 3811, taskName: '规则', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1, ...patch });
const detail = (taskId: number, companyId = 3811) => env.ok('GET', '/openapi/v1/task/getTaskDetail', { companyId, taskId });
const status = async (taskId: number) => (await detail(taskId)).status;
const phones = (count: number, prefix = '1370000') => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
const allDone = async (callJobId: number, filter: Json = {}) => {
	const rows: Json[] = [];
	for (let pageNum = 1; ; pageNum++) {
		const page = await env.ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId, pageNum, pageSize: 50, ...filter });
		rows.push(...page.list);
		if (pageNum >= page.pages) return rows;
	}
};

describe('seeded account', () => {
	test('three bound companies with realistic names; 9999 exists but is not bound', async () => {
		const companies = await env.ok('GET', '/openapi/v1/company/getCompanys');
		expect(companies).toEqual([
			{ companyId: 3811, companyName: '杭州示例科技有限公司' },
			{ companyId: 3812, companyName: expect.stringMatching(/有限公司$/) },
			{ companyId: 3813, companyName: expect.stringMatching(/有限公司$/) },
		]);
		expect((await env.api('GET', '/openapi/v1/company/getRobots', { companyId: 9999 })).body.code).toBe(403);
	});

	test.each([3811, 3812, 3813])('company %i: lines of every phoneType, one unavailable; robots of each status', async (companyId) => {
		const lines = await env.ok('GET', '/openapi/v1/company/getPhones', { companyId });
		expect([...new Set(lines.map((l: Json) => l.phoneType))].sort()).toEqual([0, 1, 2, 6]);
		expect(lines.filter((l: Json) => !l.available)).toHaveLength(1);
		const all = await env.ok('GET', '/openapi/v1/company/getRobots', { companyId });
		const online = await env.ok('GET', '/openapi/v1/company/getRobots', { companyId, robotStatus: 1 });
		const published = await env.ok('GET', '/openapi/v1/company/getRobots', { companyId, robotStatus: 2 });
		expect(all.length).toBeGreaterThan(published.length);
		expect(published.length).toBeGreaterThan(online.length);
		expect(online.length).toBeGreaterThan(0);
		for (const robot of all) expect(robot.sceneRecords.length).toBeGreaterThan(0);
	});

	test('script variables: built-ins plus custom ones, and a script without custom variables', async () => {
		const robots = await env.ok('GET', '/openapi/v1/company/getRobots', { companyId: 3811 });
		const variables = await Promise.all(robots.map((r: Json) => env.ok('GET', '/openapi/v1/task/getSceneVariables', { companyId: 3811, sceneDefId: r.sceneDefId })));
		expect(variables).toContainEqual(['客户名称', '联系方式', '产品名称', '到期日期']);
		expect(variables).toContainEqual(['客户名称', '联系方式']);
		expect((await env.api('GET', '/openapi/v1/task/getSceneVariables', { companyId: 3811, sceneDefId: 999 })).body.code).toBe(404);
	});

	test('SMS templates in every audit status and type, filtered by status, in the {data, code, msg, success} envelope', async () => {
		const { body } = await env.api('GET', '/openapi/v1/sms/template/list', { companyId: 3811, pageNum: 1, pageSize: 50 });
		expect(body).toMatchObject({ code: 200, success: true, data: { pageNum: 1, pageSize: 50, total: 5 } });
		expect(new Set(body.data.list.map((t: Json) => t.status))).toEqual(new Set([1, 2, 3]));
		expect(new Set(body.data.list.map((t: Json) => t.type))).toEqual(new Set([1, 2, 3, 4]));
		const approved = await env.ok('GET', '/openapi/v1/sms/template/list', { companyId: 3811, status: 2, pageNum: 1, pageSize: 50 });
		expect(approved.list.length).toBeGreaterThan(0);
		expect(approved.list.every((t: Json) => t.status === 2)).toBe(true);
	});

	test('blacklist groups: default -1 and custom ones; 45 numbers in one group, paged by 20', async () => {
		const groups = await env.ok('GET', '/openapi/v1/company/blacklist/group/list', { companyId: 3811 });
		expect(groups[0]).toMatchObject({ blacklistInfoGroupId: -1, name: '默认分组' });
		const big = groups.find((g: Json) => g.name === '投诉客户');
		const pages = [1, 2, 3].map((pageNum) => env.ok('GET', '/openapi/v1/company/blacklist/info/page', { companyId: 3811, blacklistInfoGroupId: big.blacklistInfoGroupId, pageNum }));
		const [first, , last] = await Promise.all(pages);
		expect(first).toMatchObject({ pageNum: 1, pageSize: 20, size: 20, total: 45, pages: 3 });
		expect(last).toMatchObject({ pageNum: 3, size: 5 });
	});

	test('the same seed gives the same account; another seed other numbers', async () => {
		const phonesOf = async (url: string) => (await (await fetch(`${url}/openapi/v1/company/getPhones?companyId=3811`, { headers: env.headers() })).json() as Json).data.map((l: Json) => l.phone);
		const twin = await startSandbox({ port: 0, quiet: true, seed: 11, dialer: { paused: true } });
		const other = await startSandbox({ port: 0, quiet: true, seed: 12, dialer: { paused: true } });
		try {
			expect(await phonesOf(twin.url)).toEqual(await phonesOf(env.sandbox.url));
			expect(await phonesOf(other.url)).not.toEqual(await phonesOf(env.sandbox.url));
		} finally {
			await Promise.all([twin.stop(), other.stop()]);
		}
	});
});

describe('createTask and update rules', () => {
	test.each([
		[{ callType: 0 }, 'callType'],
		[{ userPhoneIds: [105] }, 'userPhoneIds'], // the unavailable line
		[{ userPhoneIds: [999] }, 'userPhoneIds'],
		[{ userPhoneIds: [] }, 'userPhoneIds'],
		[{ robotDefId: 999 }, 'robotDefId'],
		[{ workingStartTime: '08:00' }, 'workingStartTime'],
		[{ workingEndTime: '20:30' }, 'workingEndTime'],
		[{ workingStartTime: '9:00' }, 'workingStartTime'],
		[{ workingStartTime: '25:00' }, 'workingStartTime'],
		[{ workingStartTime: '15:00', workingEndTime: '14:00' }, 'workingEndTime'],
		[{ breakStartTime: '21:00', breakEndTime: '21:30' }, 'breakStartTime'],
		[{ breakStartTime: '12:00' }, 'breakEndTime'],
		[{ breakStartTime: '13:00', breakEndTime: '12:00' }, 'breakStartTime'],
		[{ taskType: 1 }, 'startDate'],
		[{ taskType: 1, startDate: '2026/01/01' }, 'startDate'],
		[{ taskType: 3 }, 'taskType'],
		[{ repeatCallRule: [{ phoneStatus: 1, times: 1, interval: 5 }] }, 'phoneStatus'],
		[{ repeatCallRule: [{ phoneStatus: 2, times: 6, interval: 5 }] }, 'times'],
		[{ repeatCallRule: [{ phoneStatus: 2, times: 1, interval: 121 }] }, 'interval'],
		[{ concurrencyQuota: 0 }, 'concurrencyQuota'],
		[{ concurrencyQuota: 101 }, 'concurrencyQuota'],
		[{ smsTemplateId: 501 }, 'smsTemplateId'], // under review
		[{ smsSendLevel: ['A级(较强)'] }, 'smsSendLevel'], // only the CRM labels
		[{ taskName: '  ' }, 'taskName'],
	])('createTask refuses %j with 412 naming %s', async (patch, field) => {
		const { body } = await createTask(patch);
		expect({ code: body.code, data: body.data }).toEqual({ code: 412, data: null });
		expect(body.resultMsg).toContain(field);
	});

	test('createTask accepts a full scheduled task with break, re-dial rules and an approved template', async () => {
		const { body } = await createTask({
			taskType: 1, startDate: chinaToday(), workingStartTime: '09:30', workingEndTime: '18:00', breakStartTime: '12:00', breakEndTime: '13:30',
			repeatCall: true, repeatCallRule: [{ phoneStatus: 2, times: 2, interval: 30 }, { phoneStatus: 10, times: 5, interval: 0 }],
			smsType: 1, smsTemplateId: 502, smsSendLevel: ['A级(有明确意向)', 'B级(可能有意向)'], concurrencyQuota: 3, remark: '备注',
		});
		expect(body).toMatchObject({ code: 200, data: expect.any(Number) });
		expect(await detail(body.data)).toMatchObject({ status: 0, jobType: 1, workingStartTime: '09:30', breakStartTime: '12:00', remark: '备注', totalCount: 0 });
	});

	test('update: applied when not running, refused while running, concurrencyPhone ≤ 100 and ≤ 2× seats, breakStartClose', async () => {
		const taskId = await taskWithCustomers(env, phones(3), { breakStartTime: '12:00', breakEndTime: '13:00' });
		const update = (patch: Json) => env.api('POST', '/openapi/v1/task/update', { companyId: 3811, taskId, taskName: '改名', taskType: 2, userPhoneIds: '102', callType: 1, concurrencyQuota: 2, ...patch });
		expect((await update({ concurrencyPhone: 5 })).body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('concurrencyPhone') });
		expect((await update({ concurrencyQuota: 60, concurrencyPhone: 101 })).body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('concurrencyPhone') });
		expect((await update({ userPhoneIds: '101' })).body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('callType') });
		expect((await update({ userPhoneIds: 'a,b' })).body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('userPhoneIds') });
		expect((await update({ concurrencyPhone: 4, workingEndTime: '18:00', breakStartClose: true })).body.code).toBe(200);
		expect(await detail(taskId)).toMatchObject({ jobName: '改名', workingEndTime: '18:00', breakStartTime: null, breakEndTime: null });
		expect((await update({ userPhoneIds: [102] })).body.code).toBe(200); // a list works too
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		const refused = (await update({})).body;
		expect(refused).toMatchObject({ code: 412, resultMsg: expect.stringContaining('taskId') });
		await env.ok('POST', '/openapi/v1/task/pause', { taskId });
		expect((await update({})).body.code).toBe(200);
	});
});

describe('importing customers', () => {
	test('v2 counts success, duplicates (in the call and in the task), variable mismatches and bad numbers', async () => {
		const taskId = (await createTask({ robotDefId: 201 })).body.data; // script with 产品名称 / 到期日期
		const good = { 产品名称: '白金卡', 到期日期: '2026-12-31' };
		const result = await env.ok('POST', '/openapi/v2/task/importTaskCustomer', {
			companyId: 3811,
			taskId,
			customerInfoList: [
				{ name: '甲', phone: '13800000001', properties: { ...good, user_id: 'u1' } },
				{ name: '甲', phone: '13800000001', properties: good },
				{ name: '乙', phone: '13800000002', properties: { 产品名称: '白金卡' } },
				{ name: '丙', phone: 'abc', properties: good },
				{ name: '丁', phone: '057188886666', properties: good },
			],
		});
		expect(result).toMatchObject({ successNum: 2, repeatNum: 1, placeFailNum: 1, failNum: 1, msg: expect.any(String) });
		const again = await env.ok('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: [{ name: '甲', phone: '13800000001', properties: good }] });
		expect(again).toMatchObject({ successNum: 0, repeatNum: 1 });
		expect((await detail(taskId)).totalCount).toBe(2);
	});

	test('v1 answers data null but imports the same way', async () => {
		const taskId = (await createTask()).body.data;
		const { body } = await env.api('POST', '/openapi/v1/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: [{ name: '甲', phone: '13800000001' }, { name: '甲', phone: '13800000001' }] });
		expect(body).toMatchObject({ code: 200, data: null });
		expect((await env.ok('POST', '/openapi/v1/task/notDialedCustomerList', { taskId })).total).toBe(1);
	});

	test('10,000 rows in one call are taken; 10,001 are refused naming customerInfoList', async () => {
		const taskId = (await createTask()).body.data;
		const rows = phones(10_001, '139').map((phone) => ({ name: '客户', phone: phone.padEnd(11, '0'), properties: { crmId: phone } }));
		const result = await env.ok('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: rows.slice(0, 10_000) });
		expect(result.successNum).toBe(10_000);
		const { body } = await env.api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: rows });
		expect(body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('customerInfoList') });
		expect((await detail(taskId)).totalCount).toBe(10_000);
	});

	test('into another company (403), an unknown task (404) or an ended task (412)', async () => {
		const taskId = await taskWithCustomers(env, phones(1));
		const rows = [{ name: '甲', phone: '13800000009' }];
		expect((await env.api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3812, taskId, customerInfoList: rows })).body.code).toBe(403);
		expect((await env.api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId: 424242, customerInfoList: rows })).body.code).toBe(404);
		await env.ok('POST', '/openapi/v1/task/stop', { taskId });
		expect((await env.api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 3811, taskId, customerInfoList: rows })).body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('taskId') });
	});
});

describe('task lifecycle', () => {
	test('0 → start 1 → calls → pause 4 → resume → completed 2; counts everywhere; blacklisted number → 11', async () => {
		await env.ok('POST', '/openapi/v1/company/addBlackList', { companyId: 3811, mobile: '13700000003' });
		const taskId = await taskWithCustomers(env, phones(6));
		expect(await status(taskId)).toBe(0);
		expect((await env.ok('POST', '/openapi/v1/task/notDialedCustomerList', { taskId })).total).toBe(6);
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		expect(await status(taskId)).toBe(1);
		expect(await env.admin('POST', '/dialer/advance', { taskId, calls: 2 })).toEqual({ dialled: 2 });
		await env.ok('POST', '/openapi/v1/task/pause', { taskId });
		expect(await status(taskId)).toBe(4);
		expect(await env.admin('POST', '/dialer/advance', { taskId, calls: 2 })).toEqual({ dialled: 0 }); // paused: nothing dialled
		const pending = await env.ok('POST', '/openapi/v1/task/notDialedCustomerList', { taskId, pageSize: 2 });
		expect(pending).toMatchObject({ total: 4, pages: 2, size: 2 });
		expect(pending.list[0]).toMatchObject({ customerTelephone: '13700000002', customerName: '客户3', status: 0 });
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		const finished = await detail(taskId);
		expect(finished).toMatchObject({ status: 2, totalCount: 6, doneCount: 6 });
		expect(finished.calledCount + finished.rejectedCount + finished.unavailableCount + finished.fromUnavailableCount).toBeLessThanOrEqual(6);
		expect(finished.extraStat['客户意向等级'].reduce((sum: number, g: Json) => sum + g.value, 0)).toBe(6);
		const done = await allDone(taskId);
		expect(done).toHaveLength(6);
		expect(done.find((c) => c.customerTelephone === '13700000003')?.finishStatus).toBe(11);
		expect((await env.ok('POST', '/openapi/v1/task/notDialedCustomerList', { taskId })).total).toBe(0);
		const [row] = (await env.ok('GET', '/openapi/v1/task/getTasks', { companyId: 3811 })).list;
		expect(row).toMatchObject({ callJobId: taskId, status: 2, doneCount: 6, totalCount: 6 });
	});

	test('stop → 6 and stays ended; delete hides the task unless needAll; deleted → 404', async () => {
		const taskId = await taskWithCustomers(env, phones(2));
		const other = await taskWithCustomers(env, phones(2, '1360000'));
		await env.ok('POST', '/openapi/v1/task/stop', { taskId });
		expect(await status(taskId)).toBe(6);
		for (const action of ['start', 'stop']) expect((await env.api('POST', `/openapi/v1/task/${action}`, { taskId })).body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('taskId') });
		expect((await env.api('POST', '/openapi/v1/task/pause', { taskId: other })).body.code).toBe(412); // not started yet
		await env.ok('POST', '/openapi/v1/task/start', { taskId: other });
		await env.ok('POST', '/openapi/v1/task/delete', { taskId: other }); // also while running
		const list = async (extra: Json = {}) => (await env.ok('GET', '/openapi/v1/task/getTasks', { companyId: 3811, ...extra })).list.map((t: Json) => t.callJobId);
		expect(await list()).toEqual([taskId]);
		expect(await list({ needAll: true })).toEqual([other, taskId]);
		expect((await env.api('GET', '/openapi/v1/task/getTaskDetail', { companyId: 3811, taskId: other })).body.code).toBe(404);
		expect((await env.admin('POST', '/dialer/advance', { untilDone: true })).dialled).toBe(0);
	});

	test('starting a task without customers completes it', async () => {
		const taskId = (await createTask()).body.data;
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		expect(await status(taskId)).toBe(2);
	});

	test('seats: a task queues (7) while the company has no free seats and runs when they are released', async () => {
		await env.admin('POST', '/seats', { companyId: 3811, seats: 2 });
		const first = await taskWithCustomers(env, phones(2), { concurrencyQuota: 2 });
		const second = await taskWithCustomers(env, phones(2, '1360000'));
		await env.ok('POST', '/openapi/v1/task/start', { taskId: first });
		await env.ok('POST', '/openapi/v1/task/start', { taskId: second });
		expect([await status(first), await status(second)]).toEqual([1, 7]);
		expect(await env.ok('GET', '/openapi/v1/company/seat/statistics', { companyId: 3811 })).toEqual({ companyAllCallSeat: 2, companyUsingCallSeat: 2 });
		expect((await env.admin('POST', '/dialer/advance', { taskId: second, untilDone: true })).dialled).toBe(0);
		await env.ok('POST', '/openapi/v1/task/pause', { taskId: first });
		expect([await status(first), await status(second)]).toEqual([4, 1]);
		expect(await env.ok('GET', '/openapi/v1/company/seat/statistics', { companyId: 3811 })).toEqual({ companyAllCallSeat: 2, companyUsingCallSeat: 1 });
	});

	test('the dialer completes running tasks by itself at callIntervalMs, seats calls per tick', async () => {
		const taskId = await taskWithCustomers(env, phones(12), { concurrencyQuota: 3 });
		await env.ok('POST', '/openapi/v1/task/start', { taskId });
		await sleep(100);
		expect((await detail(taskId)).doneCount).toBe(0); // dialer paused
		await env.admin('POST', '/dialer', { paused: false, callIntervalMs: 10 });
		await until(async () => (await status(taskId)) === 2);
		expect(await detail(taskId)).toMatchObject({ status: 2, doneCount: 12 });
	});

	test('getTasks filters by name, status and creation date, newest first', async () => {
		const a = (await createTask({ taskName: '春季回访' })).body.data;
		const b = (await createTask({ taskName: '秋季回访' })).body.data;
		await env.ok('POST', '/openapi/v1/task/stop', { taskId: a });
		const ids = async (extra: Json) => (await env.ok('GET', '/openapi/v1/task/getTasks', { companyId: 3811, ...extra })).list.map((t: Json) => t.callJobId);
		expect(await ids({})).toEqual([b, a]);
		expect(await ids({ taskName: '春季' })).toEqual([a]);
		expect(await ids({ status: 6 })).toEqual([a]);
		expect(await ids({ createDate: chinaToday() })).toEqual([b, a]);
		expect(await ids({ createDate: '2001-01-01' })).toEqual([]);
		expect((await env.api('GET', '/openapi/v1/task/getTasks', { companyId: 3811, createDate: '01/01/2020' })).body.resultMsg).toContain('createDate');
		expect(await ids({ companyId: 3812 })).toEqual([]);
	});
});

describe('finished calls', () => {
	let taskId: number;
	let all: Json[];
	beforeEach(async () => {
		taskId = (await env.admin('POST', '/seed/done-calls', { companyId: 3811, count: 300 })).taskId;
		all = await allDone(taskId);
	});

	test('seeded outcomes: mostly answered, several failure codes, every grade, durations as strings', () => {
		expect(all).toHaveLength(300);
		const statuses = all.map((c) => c.finishStatus);
		expect(statuses.filter((s) => s === 0).length).toBeGreaterThan(150);
		expect(new Set(statuses.filter((s) => s !== 0)).size).toBeGreaterThanOrEqual(4);
		const grades = new Set(all.map((c) => c.resultList.find((r: Json) => r.name === '客户意向等级').resultValueAlias));
		expect(grades).toEqual(new Set(['A', 'B', 'C', 'D', 'E', 'F']));
		expect(all.every((c) => typeof c.duration === 'string' && /^\d+$/.test(c.duration))).toBe(true);
		expect(all.filter((c) => c.finishStatus !== 0).every((c) => c.duration === '0' && c.chatRound === 0)).toBe(true);
	});

	test.each([
		['finishStatus', { finishStatus: 8 }, (c: Json) => c.finishStatus === 8],
		['duration range', { durationLeft: 30, durationRight: 90 }, (c: Json) => Number(c.duration) >= 30 && Number(c.duration) <= 90],
		['chatRound range', { chatRoundLeft: 5, chatRoundRight: 7 }, (c: Json) => c.chatRound >= 5 && c.chatRound <= 7],
		['the older label', { resultQueryList: [{ name: '客户意向等级', value: 'A级(较强)' }] }, (c: Json) => c.resultList.some((r: Json) => r.resultValueAlias === 'A')],
		['the CRM label', { resultQueryList: [{ name: '客户意向等级', value: 'B级(可能有意向)' }] }, (c: Json) => c.resultList.some((r: Json) => r.resultValueAlias === 'B')],
		['the letter', { resultQueryList: [{ name: '客户意向等级', value: 'C' }] }, (c: Json) => c.resultList.some((r: Json) => r.resultValueAlias === 'C')],
		['combined', { finishStatus: 0, chatRoundLeft: 6, resultQueryList: [{ name: '客户意向等级', value: 'A' }] }, (c: Json) => c.finishStatus === 0 && c.chatRound >= 6 && c.resultList.some((r: Json) => r.resultValueAlias === 'A')],
	])('queryDoneTaskPhones filter: %s', async (_name, filter, predicate) => {
		const filtered = await allDone(taskId, filter);
		const expected = all.filter(predicate).map((c) => c.callInstanceId);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(300);
		expect(filtered.map((c) => c.callInstanceId)).toEqual(expected);
	});

	test('a bad resultQueryList → 412 naming it', async () => {
		const { body } = await env.api('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: taskId, resultQueryList: [{ name: '客户意向等级' }] });
		expect(body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('resultQueryList') });
	});

	test('phoneLogInfo: transcript AI/ME, recordings, both label sets, tags with labels, caller line', async () => {
		const answered = all.find((c) => c.finishStatus === 0 && c.chatRound >= 4)!;
		const info = await env.ok('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: answered.callInstanceId });
		expect(info.sceneInstance).toMatchObject({ callInstanceId: answered.callInstanceId, callJobId: taskId, finishStatus: 0, duration: Number(answered.duration), luyinOssUrl: expect.stringMatching(/^https:\/\/.+\.wav$/) });
		expect(info.phoneLog.luyinOssUrl).toBe(info.sceneInstance.luyinOssUrl);
		const speakers = info.phoneLog.phoneLogs.map((l: Json) => l.speaker);
		expect(speakers[0]).toBe('AI');
		expect(new Set(speakers)).toEqual(new Set(['AI', 'ME']));
		expect(info.phoneLog.phoneLogs.every((l: Json) => typeof l.content === 'string' && l.content.length > 0)).toBe(true);
		const intention = info.taskResult.find((r: Json) => r.resultName === '客户意向等级');
		expect(intention).toMatchObject({ resultValue: expect.stringMatching(/级\(/), resultValueNew: expect.stringMatching(/级\(/), resultValueAlias: expect.stringMatching(/^[A-F]$/) });
		const tags = info.taskResult.find((r: Json) => r.resultName === '客户标签');
		expect(JSON.parse(tags.resultValue)).toEqual((tags.resultLabels ?? []).map((l: Json) => l.key));
		expect(info.voipCallerAccount).toMatchObject({ callerAccountId: 102, phoneType: 1 });
		const missed = all.find((c) => c.finishStatus !== 0)!;
		const missedInfo = await env.ok('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: missed.callInstanceId });
		expect(missedInfo.phoneLog.phoneLogs).toEqual([]);
		expect(missedInfo.taskResult.find((r: Json) => r.resultName === '客户意向等级').resultValueAlias).toBe('E');
		expect((await env.api('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: 1 })).body.code).toBe(404);
	});

	test('50,000 finished calls are seeded and page to the end', async () => {
		const { taskId: big } = await env.admin('POST', '/seed/done-calls', { companyId: 3812, count: 50_000 });
		const last = await env.ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: big, pageNum: 1000, pageSize: 50 });
		expect(last).toMatchObject({ total: 50_000, pages: 1000, size: 50, pageNum: 1000 });
		expect((await env.ok('POST', '/openapi/v1/task/queryDoneTaskPhones', { callJobId: big, pageNum: 1001, pageSize: 50 })).list).toEqual([]);
		expect(await env.ok('GET', '/openapi/v1/task/getTaskDetail', { companyId: 3812, taskId: big })).toMatchObject({ status: 2, doneCount: 50_000 });
	});
});

describe('single calls and blacklists', () => {
	test('singleCallByMobile returns a call id that phoneLogInfo knows; task/call needs a known customer', async () => {
		const callId = await env.ok('POST', '/openapi/v1/task/singleCallByMobile', { companyId: 3811, mobile: '13912345678', robotDefId: 202, sceneDefId: 302, sceneRecordId: 404, userName: '赵六', variables: { 称呼: '赵先生' } });
		const info = await env.ok('GET', '/openapi/v1/task/phoneLogInfo', { callInstanceId: callId });
		expect(info.sceneInstance).toMatchObject({ customerTelephone: '13912345678', customerName: '赵六', sceneRecordId: 404, callType: 2 });
		expect(JSON.parse(info.sceneInstance.properties)).toEqual({ 称呼: '赵先生' });
		const mismatch = await env.api('POST', '/openapi/v1/task/singleCallByMobile', { companyId: 3811, mobile: '13912345678', robotDefId: 202, sceneDefId: 301, sceneRecordId: 404 });
		expect(mismatch.body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('sceneDefId') });
		expect((await env.api('POST', '/openapi/v1/task/call', { companyId: 3811, customerId: 1, mobile: '13912345678', robotDefId: 202 })).body.code).toBe(404);
	});

	test('blacklist: add (idempotent), batch with duplicates, rename, delete only empty non-default groups', async () => {
		const first = await env.ok('POST', '/openapi/v1/company/addBlackList', { companyId: 3811, mobile: '13611112222' });
		expect(await env.ok('POST', '/openapi/v1/company/addBlackList', { companyId: 3811, mobile: '13611112222' })).toBe(first);
		expect((await env.api('POST', '/openapi/v1/company/addBlackList', { companyId: 3811, mobile: '12' })).body.resultMsg).toContain('mobile');
		const group = await env.ok('POST', '/openapi/v1/company/blacklist/group/add', { companyId: 3811, name: '新分组' });
		expect((await env.api('POST', '/openapi/v1/company/blacklist/group/add', { companyId: 3811, name: '新分组' })).body.resultMsg).toContain('name');
		const batch = await env.ok('POST', '/openapi/v1/company/addBlackList/batch', { companyId: 3811, blacklistInfoGroupId: group, blacklist: [{ mobile: '13611113333', name: '甲' }, { mobile: '13611113333', name: '甲' }, { mobile: '13611114444', name: '乙' }] });
		expect(batch).toEqual({ requsetNum: 3, successNum: 2 });
		expect((await env.api('POST', '/openapi/v1/company/addBlackList/batch', { companyId: 3811, blacklistInfoGroupId: group, blacklist: [{ name: '无号码' }] })).body.resultMsg).toContain('blacklist[0].mobile');
		const remove = (blacklistInfoGroupId: number) => env.api('POST', '/openapi/v1/company/blacklist/group/delete', { companyId: 3811, blacklistInfoGroupId });
		expect((await remove(group)).body).toMatchObject({ code: 412, resultMsg: expect.stringContaining('blacklistInfoGroupId') });
		expect((await remove(-1)).body.code).toBe(412);
		for (const mobile of ['13611113333', '13611114444']) expect(await env.ok('POST', '/openapi/v1/company/blacklist/info/delete', { companyId: 3811, blacklistInfoGroupId: group, mobile })).toBe(true);
		expect((await env.api('POST', '/openapi/v1/company/blacklist/info/delete', { companyId: 3811, blacklistInfoGroupId: group, mobile: '13611113333' })).body.code).toBe(404);
		expect(await env.ok('POST', '/openapi/v1/company/blacklist/group/edit', { companyId: 3811, blacklistInfoGroupId: group, name: '改名' })).toBe(true);
		expect((await remove(group)).body).toMatchObject({ code: 200, data: true });
		expect((await env.ok('GET', '/openapi/v1/company/blacklist/group/list', { companyId: 3811 })).map((g: Json) => g.blacklistInfoGroupId)).not.toContain(group);
		expect((await remove(group)).body.code).toBe(404);
	});
});
