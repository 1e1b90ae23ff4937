// Bad input gets a clear error naming the field and what is allowed, before any request is sent.
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { byId, runByai } from '../helpers/n8n';
import { useSandbox } from '../helpers/sandbox';
import { collect, guardSecrets } from './secrets';

const env = useSandbox({ seed: 8, dialer: { callIntervalMs: 60_000 } });
const company = byId(3811);
guardSecrets(env);
const createTask = (patch: IDataObject = {}, additionalFields: IDataObject = {}) => ({
	resource: 'task', operation: 'create', companyId: company, taskName: 't', callerLineIds: [102], robotDefId: 202, taskType: 2, ...patch, additionalFields,
});
const rule = (r: IDataObject) => ({ redialRules: { rule: [{ finishStatus: 2, times: 1, interval: 5, ...r }] } });
const importRows = (importOptions: IDataObject) => ({ resource: 'customer', operation: 'import', companyId: company, taskId: byId(1001), phoneColumn: 'phone', importOptions });
let taskId: number;

beforeAll(async () => {
	const [created] = await runByai(createTask() as never, [{}], { credentials: env.credentials });
	taskId = created.json.taskId as number;
});
beforeEach(() => env.admin('DELETE', '/requests'));

// [case, parameters, the message must match, whether the check reads from Byai first (lookups; never a write)]
const cases: Array<[string, IDataObject, RegExp, boolean?]> = [
	['empty company ID', { resource: 'callerLine', operation: 'getAll', companyId: byId('') }, /Company must be a positive whole number, got ""/],
	['company ID with letters', { resource: 'callerLine', operation: 'getAll', companyId: byId('38a1') }, /Company must be a positive whole number, got "38a1"/],
	['negative company ID', { resource: 'callerLine', operation: 'getAll', companyId: byId('-5') }, /Company must be a positive whole number/],
	['fractional company ID', { resource: 'seatStatistics', operation: 'get', companyId: byId('1.5') }, /Company must be a positive whole number/],
	['empty task ID', { resource: 'task', operation: 'get', companyId: company, taskId: byId('') }, /Task must be a positive whole number/],
	['task ID with letters', { resource: 'task', operation: 'start', companyId: company, taskId: byId('x1') }, /Task must be a positive whole number, got "x1"/],
	['empty task name', createTask({ taskName: '' }), /Task Name must not be empty/],
	['blank task name', createTask({ taskName: '   ' }), /Task Name must not be empty/],
	['no caller line', createTask({ callerLineIds: [] }), /Caller Lines: choose at least one caller line/],
	['caller line with letters', createTask({ callerLineIds: ['abc'] }), /Caller Lines: "abc" is not a line ID/],
	['no robot script', createTask({ robotDefId: '' }), /Robot Script must be a positive whole number/],
	['time 25:00', createTask({}, { workingStartTime: '25:00' }), /Calling Window Start must be a time as HH:mm \(00:00–23:59\), got "25:00"/],
	['time without leading zero', createTask({}, { workingStartTime: '9:00' }), /Calling Window Start must be a time as HH:mm/],
	['calling window before 09:00', createTask({}, { workingStartTime: '08:00' }), /must lie within 09:00–20:00/],
	['calling window after 20:00', createTask({}, { workingEndTime: '21:00' }), /must lie within 09:00–20:00/],
	['window ending before it starts', createTask({}, { workingStartTime: '19:00', workingEndTime: '10:00' }), /start before it ends/],
	['break outside the calling window', createTask({}, { breakStartTime: '20:30', breakEndTime: '20:45' }), /Break Start\/End: 20:30–20:45 must lie inside the calling window 09:00–20:00/],
	['break start without end', createTask({}, { breakStartTime: '12:00' }), /Break Start and Break End must be set together/],
	['break ending before it starts', createTask({}, { breakStartTime: '13:00', breakEndTime: '12:00' }), /must lie inside the calling window .* and start before it ends/],
	['re-dial 0 times', createTask({}, rule({ times: 0 })), /Re-Dial Rules, rule 1: Times must be a whole number from 1 to 5, got 0/],
	['re-dial 6 times', createTask({}, rule({ times: 6 })), /Times must be a whole number from 1 to 5, got 6/],
	['re-dial after 121 minutes', createTask({}, rule({ interval: 121 })), /Interval must be a whole number of minutes from 0 to 120, got 121/],
	['re-dial after -1 minutes', createTask({}, rule({ interval: -1 })), /Interval must be a whole number of minutes from 0 to 120, got -1/],
	['re-dial after a rejection', createTask({}, rule({ finishStatus: 1 })), /call outcome 1 cannot be re-dialled; allowed outcomes are 2 \(Unreachable\), 3 /],
	['0 AI seats', createTask({ concurrencyQuota: 0 }), /AI Seats must be a whole number from 1 to 100, got 0/],
	['101 AI seats', createTask({ concurrencyQuota: 101 }), /AI Seats must be a whole number from 1 to 100, got 101/],
	['scheduled task without a date', createTask({ taskType: 1, startDate: '' }), /Start Date must be a date \(yyyy-MM-dd\)/],
	['scheduled task with "tomorrow"', createTask({ taskType: 1, startDate: 'tomorrow' }), /Start Date must be a date \(yyyy-MM-dd\), got "tomorrow"/],
	['lines of two types', createTask({ callerLineIds: [101, 102] }), /the chosen lines are of different types \(Mobile: 101; Landline: 102\)/, true],
	['a line of another company', createTask({ callerLineIds: [106] }), /Caller Lines: 106 is not a line of company 3811/, true],
	['multi-concurrency over 100', { resource: 'task', operation: 'update', companyId: company, taskId: byId(1), concurrencyQuota: 60, updateFields: { concurrencyPhone: 150 } }, /Multi-Concurrency must be a whole number from 1 to 100, got 150/],
	['phone with letters', { resource: 'blacklist', operation: 'addNumber', companyId: company, mobile: '1380013800a' }, /Phone Number: "1380013800a" contains characters other than digits/],
	['12-digit phone', { resource: 'blacklist', operation: 'addNumber', companyId: company, mobile: '138001380001' }, /is not a Chinese number/],
	['empty phone', { resource: 'blacklist', operation: 'removeNumber', companyId: company, groupId: -1, mobile: '' }, /Phone Number: phone is empty/],
	['foreign country code', { resource: 'blacklist', operation: 'addNumber', companyId: company, mobile: '+1 415 555 0100' }, /country code other than \+86/],
	['no numbers to add', { resource: 'blacklist', operation: 'addNumbers', companyId: company, groupId: -1, numbers: {} }, /Numbers: add at least one number/],
	['one bad number among good ones', { resource: 'blacklist', operation: 'addNumbers', companyId: company, groupId: -1, numbers: { number: [{ mobile: '13800138000' }, { mobile: '12345' }] } }, /Numbers, number 2: "12345" is not a Chinese number/],
	['min duration above max', { resource: 'call', operation: 'getAll', companyId: company, taskId: byId(1001), filters: { durationLeft: 60, durationRight: 10 } }, /Min Duration \(Seconds\) \(60\) is greater than Max Duration \(Seconds\) \(10\)/],
	['negative duration', { resource: 'call', operation: 'getAll', companyId: company, taskId: byId(1001), filters: { durationLeft: -1 } }, /Min Duration \(Seconds\) must be a whole number from 0 to 1000000, got -1/],
	['call ID with letters', { resource: 'call', operation: 'get', callInstanceId: 'abc' }, /Call ID must be a positive whole number, got "abc"/],
	['no start of range', { resource: 'callback', operation: 'getFailed', companyId: company, dataType: 0, startDate: '', endDate: '2026-01-01T00:00:00Z' }, /From must be a date and time, got ""/],
	['limit 0', { resource: 'task', operation: 'getAll', companyId: company, returnAll: false, limit: 0 }, /Limit must be a whole number from 1/],
	['chunk of 10,001', importRows({ chunkSize: 10_001 }), /Chunk Size must be a whole number from 1 to 10000, got 10001/],
	['chunk of 0', importRows({ chunkSize: 0 }), /Chunk Size must be a whole number from 1 to 10000, got 0/],
	['single call to letters', { resource: 'call', operation: 'callNumber', companyId: company, mobile: 'call me', robotDefId: 202, sceneRecordId: 403 }, /Phone Number: "call me" contains characters other than digits/],
];

test('the table has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

test.each(cases)('%s', async (...row) => {
	const [, parameters, message, lookups] = row;
	let caught: unknown;
	try {
		await runByai(parameters as never, [{ phone: '13800000000' }], { credentials: env.credentials });
	} catch (error) {
		caught = collect(error);
	}
	expect(caught).toBeInstanceOf(NodeOperationError);
	expect((caught as Error).message).toMatch(message);
	const requests = await env.requests();
	expect(requests.map((r) => r.method)).toEqual(lookups ? expect.arrayContaining(['GET']) : []);
	expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
});

test('multi-concurrency above twice the seats is refused before any request', async () => {
	const run = runByai({ resource: 'task', operation: 'update', companyId: company, taskId: byId(taskId), concurrencyQuota: 2, updateFields: { concurrencyPhone: 5 } } as never, [{}], { credentials: env.credentials });
	await expect(run).rejects.toThrow('Multi-Concurrency must be a whole number from 1 to 4, got 5');
	expect(await env.requests()).toEqual([]);
});

test('unicode names and a large payload go through; rows missing script variables are counted by Byai', async () => {
	const rows = Array.from({ length: 10_000 }, (_, i) => ({ phone: `1590000${String(i).padStart(4, '0')}`, name: `客户🙂${'名'.repeat(50)}${i}` }));
	const [summary] = await runByai({ resource: 'customer', operation: 'import', companyId: company, taskId: byId(taskId), phoneColumn: 'phone', nameColumn: 'name' } as never, rows, { credentials: env.credentials });
	expect(summary.json).toMatchObject({ sent: 10_000, chunks: 1, successNum: 10_000 });
	const [other] = await runByai(createTask({ robotDefId: 201 }) as never, [{}], { credentials: env.credentials });
	const [placeFail] = await runByai({ resource: 'customer', operation: 'import', companyId: company, taskId: byId(other.json.taskId as number), phoneColumn: 'phone' } as never, [{ phone: '13800000009' }], { credentials: env.credentials });
	expect(placeFail.json).toMatchObject({ sent: 1, successNum: 0, placeFailNum: 1 });
});
