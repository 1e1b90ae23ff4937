// How the node behaves around the requests: validation before anything is sent, Continue On Fail, pairing,
// bounded parallelism, one credential read per execution, China time whatever the server's zone.
import { Settings } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { normalizeChinesePhone } from '../../nodes/Byai/helpers/validation';
import { byId, credentialStats, runByai } from '../helpers/n8n';
import { maxInFlight, useSandbox } from '../helpers/sandbox';

const env = useSandbox({ seed: 7, dialer: { callIntervalMs: 60_000 } });
const company = byId(3811);
const run = (parameters: IDataObject, items?: IDataObject[], continueOnFail = false) =>
	runByai(parameters as never, items, { credentials: env.credentials, continueOnFail });
const json = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);

const createTask = (extra: IDataObject = {}, additionalFields: IDataObject = {}) => ({
	resource: 'task',
	operation: 'create',
	companyId: company,
	taskName: '校验任务',
	callerLineIds: [102],
	robotDefId: 202,
	taskType: 2,
	...extra,
	additionalFields,
});

beforeEach(async () => {
	await env.admin('DELETE', '/requests');
	await env.admin('DELETE', '/faults');
});

/** Runs, expects a NodeOperationError whose message matches, and checks the sandbox saw no request at all. */
async function rejectsBeforeAnyRequest(parameters: IDataObject, message: RegExp, items?: IDataObject[]) {
	const error = await run(parameters, items).then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect((error as Error).message).toMatch(message);
	expect(await env.requests()).toEqual([]);
	return error as NodeOperationError;
}

describe('validation errors name the field and the allowed values, before any request', () => {
	test.each([
		['calling window before 09:00', createTask({}, { workingStartTime: '08:30' }), /Calling Window Start\/End: 08:30–20:00 .* within 09:00–20:00/],
		['calling window after 20:00', createTask({}, { workingEndTime: '20:30' }), /within 09:00–20:00/],
		['time not HH:mm', createTask({}, { workingStartTime: '9:5' }), /Calling Window Start must be a time as HH:mm/],
		['break outside the window', createTask({}, { workingStartTime: '10:00', breakStartTime: '09:15', breakEndTime: '11:00' }), /Break Start\/End: 09:15–11:00 must lie inside the calling window 10:00–20:00/],
		['break start without end', createTask({}, { breakStartTime: '12:00' }), /Break Start and Break End must be set together/],
		['re-dial times', createTask({}, { redialRules: { rule: [{ finishStatus: 2, times: 6, interval: 10 }] } }), /Re-Dial Rules, rule 1: Times must be a whole number from 1 to 5, got 6/],
		['re-dial interval', createTask({}, { redialRules: { rule: [{ finishStatus: 2, times: 1, interval: 121 }] } }), /Interval must be a whole number of minutes from 0 to 120, got 121/],
		['re-dial outcome', createTask({}, { redialRules: { rule: [{ finishStatus: 2, times: 1, interval: 5 }, { finishStatus: 1, times: 1, interval: 5 }] } }), /rule 2: call outcome 1 cannot be re-dialled; allowed outcomes are 2 \(Unreachable\), 3 .*10 \(Call Loss\)/],
		['AI seats over 100', createTask({ concurrencyQuota: 101 }), /AI Seats must be a whole number from 1 to 100, got 101/],
		['company id not a number', createTask({ companyId: byId('abc') }), /Company must be a positive whole number, got "abc"/],
		['empty task name', createTask({ taskName: '  ' }), /Task Name must not be empty/],
		['no caller lines', createTask({ callerLineIds: [] }), /Caller Lines: choose at least one caller line/],
		['scheduled task without a date', createTask({ taskType: 1, startDate: '' }), /Start Date must be a date \(yyyy-MM-dd\)/],
		['SMS level', createTask({}, { smsSendLevel: ['G'] }), /SMS for Intention Levels: "G" is not one of A, B, C, D, E, F/],
		['line type override', createTask({}, { callType: 9 }), /Line Type: 9 is not a line type; allowed are 0 \(Mobile\), 1 \(Landline\), 2 \(No Caller ID\), 6 \(SIP\)/],
		['update: multi-concurrency over twice the seats', { resource: 'task', operation: 'update', companyId: company, taskId: byId(1), concurrencyQuota: 2, updateFields: { concurrencyPhone: 5 } }, /Multi-Concurrency must be a whole number from 1 to 4, got 5/],
		['update: re-dial rule', { resource: 'task', operation: 'update', companyId: company, taskId: byId(1), concurrencyQuota: 2, updateFields: { redialRules: { rule: [{ finishStatus: 0, times: 1, interval: 1 }] } } }, /call outcome 0 cannot be re-dialled/],
		['calls: min above max', { resource: 'call', operation: 'getAll', companyId: company, taskId: byId(1), filters: { durationLeft: 60, durationRight: 30 } }, /Min Duration \(Seconds\) \(60\) is greater than Max Duration \(Seconds\) \(30\)/],
		['failed callbacks: From after To', { resource: 'callback', operation: 'getFailed', companyId: company, startDate: '2026-12-02T00:00:00', endDate: '2026-12-01T00:00:00' }, /From \(2026-12-02 00:00:00\) is after To/],
		['failed callbacks: not a date', { resource: 'callback', operation: 'getFailed', companyId: company, startDate: 'yesterday', endDate: '2026-12-01T00:00:00' }, /From must be a date and time, got "yesterday"/],
		['blacklist: bad number', { resource: 'blacklist', operation: 'addNumber', companyId: company, mobile: '12345' }, /Phone Number: "12345" is not a Chinese number/],
		['blacklist: bad number in a batch', { resource: 'blacklist', operation: 'addNumbers', companyId: company, groupId: -1, numbers: { number: [{ mobile: '13800000000' }, { mobile: '+1 415 555 0100' }] } }, /Numbers, number 2: .*country code other than \+86/],
		['blacklist: group 0', { resource: 'blacklist', operation: 'getNumbers', companyId: company, groupId: 0, returnAll: true }, /Blacklist Group must be a positive whole number or -1 \(the default group\), got 0/],
		['single call: bad number', { resource: 'call', operation: 'callNumber', companyId: company, mobile: 'abc', robotDefId: 202, sceneRecordId: 403 }, /Phone Number: "abc" contains characters other than digits/],
		['call ID', { resource: 'call', operation: 'get', callInstanceId: '12ab' }, /Call ID must be a positive whole number/],
		['options: parallel requests', { resource: 'company', operation: 'getAll', requestOptions: { parallelRequests: 50 } }, /Options: Parallel Requests must be a whole number from 1 to 20, got 50/],
		['options: timeout', { resource: 'company', operation: 'getAll', requestOptions: { timeout: 10 } }, /Options: Timeout must be a whole number from 1000 to 600000, got 10/],
		['import: chunk size', { resource: 'customer', operation: 'import', companyId: company, taskId: byId(1), phoneColumn: 'phone', importOptions: { chunkSize: 20_000 } }, /Import Options: Chunk Size must be a whole number from 1 to 10000, got 20000/],
	])('%s', async (_case, parameters, message) => {
		await rejectsBeforeAnyRequest(parameters, message, [{ phone: '13800000000' }]);
	});

	test('the error points at the item that failed', async () => {
		const error = await run({ ...createTask({ taskName: '={{ $json.name }}' }), requestOptions: { parallelRequests: 1 } }, [{ name: 'ok' }, { name: '' }]).catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	test('caller lines of different types: a clear error, and createTask is never sent', async () => {
		await expect(run(createTask({ callerLineIds: [101, 102] }))).rejects.toThrow(/Caller Lines: the chosen lines are of different types \(Mobile: 101; Landline: 102\)/);
		expect((await env.requests()).map((r) => r.path)).toEqual(['/openapi/v1/company/getPhones']);
	});

	test('an unavailable line or a line of another company is refused before createTask', async () => {
		await expect(run(createTask({ callerLineIds: [105] }))).rejects.toThrow(/line 105 \(备用手机线路\) cannot be used now/);
		await expect(run(createTask({ callerLineIds: [106] }))).rejects.toThrow(/Caller Lines: 106 is not a line of company 3811/);
		expect((await env.requests()).every((r) => r.path === '/openapi/v1/company/getPhones')).toBe(true);
	});

	test('a scene recording of another script is refused before the call is placed', async () => {
		await expect(run({ resource: 'call', operation: 'callNumber', companyId: company, mobile: '13800000000', robotDefId: 202, sceneRecordId: 401 })).rejects.toThrow(
			/Scene Recording: 401 is not a recording of robot script 202/,
		);
		expect((await env.requests()).map((r) => r.path)).toEqual(['/openapi/v1/company/getRobots']);
	});
});

describe('Continue On Fail and pairing', () => {
	test('a failing item becomes an error item paired with it; the others go on', async () => {
		const out = await run(
			{ resource: 'blacklist', operation: 'getGroups', companyId: '={{ $json.company }}' },
			[{ company: 3811 }, { company: 'x' }, { company: 9999 }, { company: 3812 }],
			true,
		);
		expect(out.map((item) => item.pairedItem)).toEqual([...Array(3).fill({ item: 0 }), { item: 1 }, { item: 2 }, ...Array(3).fill({ item: 3 })]);
		expect(out[3].json.error).toMatch(/Company must be a positive whole number/);
		expect(out[4].json.error).toMatch(/403/);
		expect(out[4].json.description).toBeTruthy();
		expect(out[5].json).toHaveProperty('blacklistInfoGroupId');
	});

	test('without it the first error stops the run, as a NodeApiError carrying Byai\'s code and the item', async () => {
		const error = await run({ resource: 'seatStatistics', operation: 'get', companyId: '={{ $json.company }}' }, [{ company: 3811 }, { company: 9999 }]).catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/403/);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
	});

	test('every output item is paired, also for lists and the import summary', async () => {
		const out = await run({ resource: 'callerLine', operation: 'getAll', companyId: company }, [{}, {}]);
		expect(out).toHaveLength(10);
		expect(out.every((item, index) => (item.pairedItem as { item: number }).item === Math.floor(index / 5))).toBe(true);
	});
});

describe('performance: one credential read, shared look-ups, bounded parallel requests', () => {
	test('ten items read the credential once and the company\'s caller lines once', async () => {
		const before = credentialStats.reads;
		const items = Array.from({ length: 10 }, (_, i) => ({ name: `批量任务 ${i}` }));
		const out = json(await run(createTask({ taskName: '={{ $json.name }}' }), items));
		expect(out.map((task) => task.taskName)).toEqual(items.map((item) => item.name));
		expect(credentialStats.reads - before).toBe(1);
		expect((await env.requests('/getPhones')).length).toBe(1);
		expect((await env.requests('/createTask')).length).toBe(10);
	});

	test('Parallel Requests bounds the requests in flight and keeps the output in input order', async () => {
		// Each answer is held long enough that the requests a setting allows are all waiting at once.
		const path = '/openapi/v1/company/seat/statistics';
		await env.admin('POST', '/faults', { path, mode: 'slow', delayMs: 300, count: -1 });
		const items = [3811, 3812, 3813, 3811, 3812, 3813, 3811, 3812].map((id) => ({ id }));
		const inFlight = async (parallelRequests: number) => {
			await env.admin('DELETE', '/requests');
			const out = await run({ resource: 'seatStatistics', operation: 'get', companyId: '={{ $json.id }}', requestOptions: { parallelRequests } }, items);
			expect(out.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
			const log = await env.requests(path);
			expect(log.map((entry) => Number(entry.query.companyId)).sort()).toEqual(items.map((item) => item.id).sort());
			return maxInFlight(log);
		};
		expect(await inFlight(1)).toBe(1);
		expect(await inFlight(4)).toBe(4);
		expect(await inFlight(8)).toBe(8);
	});
});

describe('China time (Asia/Shanghai) whatever the n8n server\'s time zone', () => {
	const zones = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'];
	afterAll(() => {
		Settings.defaultZone = 'system';
	});

	test.each(zones)('server in %s', async (zone) => {
		Settings.defaultZone = zone;
		// The date picker gives wall-clock time without a zone: the day the user picked.
		await run(createTask({ taskType: 1, startDate: '2026-12-01T00:00:00' }));
		// An expression with a zone is converted: 20:00 UTC is 04:00 the next day in China.
		await run(createTask({ taskType: 1, startDate: '={{ DateTime.fromISO("2026-11-30T20:00:00Z") }}' }));
		const dates = (await env.requests('/createTask')).map((r) => (r.body as IDataObject).startDate);
		expect(dates).toEqual(['2026-12-01', '2026-12-01']);

		await run({ resource: 'callback', operation: 'getFailed', companyId: company, startDate: '2026-12-01T08:30:00', endDate: '2026-12-01T10:00:00+08:00', returnAll: true });
		const { query } = (await env.requests('/queryUnCallBack'))[0];
		expect([query.startDate, query.endDate]).toEqual(['2026-12-01 08:30:00', '2026-12-01 10:00:00']);
	});
});

describe('Chinese phone numbers', () => {
	test.each([
		['+86 138-0013-8000', '13800138000'],
		['0086 13800138000', '13800138000'],
		['8613800138000', '13800138000'],
		[' 138 0013 8000 ', '13800138000'],
		['(0571) 8888-1234', '057188881234'],
		['+86 21 6123 4567', '02161234567'],
		['+86 10 6123 4567', '01061234567'],
		['+86 571 8888 1234', '057188881234'],
		['400-820-8820', '4008208820'],
		[13800138000, '13800138000'],
	])('%s → %s', (input, phone) => {
		expect(normalizeChinesePhone(input)).toEqual({ phone });
	});

	test.each([
		['', /empty/],
		['12800138000', /not a Chinese number/],
		['1380013800', /not a Chinese number/],
		['138001380001', /not a Chinese number/],
		['+1 415 555 0100', /country code other than \+86/],
		['138-0013-800x', /characters other than digits/],
	])('%s is refused', (input, reason) => {
		const checked = normalizeChinesePhone(input);
		expect('reason' in checked && checked.reason).toMatch(reason);
	});
});
