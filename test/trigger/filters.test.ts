// Filters: each applies to the events that carry its field; filtered-out callbacks are still answered "success".
import type { IDataObject } from 'n8n-workflow';

import { callRecord, intentionChange, itemsOf, skeleton, taskStatus, useTriggers } from './fixtures';

const trigger = useTriggers();

async function deliver(filters: IDataObject, payloads: IDataObject[]) {
	const server = await trigger({ filters });
	for (const payload of payloads) expect(await server.post('call-record', payload)).toMatchObject({ status: 200, text: 'success' });
	return itemsOf(server);
}

/** A call record with the given level in taskResult (both label sets, like the sandbox). */
function graded(id: number, grade: string, patch: IDataObject = {}) {
	const payload = callRecord(id, { companyId: 3811, ...patch });
	payload.data.data.taskResult = [{ resultName: '客户意向等级', resultValue: `${grade}级(很少)`, resultValueAlias: grade, resultValueNew: `${grade}级(新)` }];
	return payload;
}

test('intention levels match on the letter, whichever label set the account sends', async () => {
	const older = graded(1, 'A');
	older.data.data.taskResult = [{ resultName: '客户意向等级', resultValue: 'A级(较强)' }];
	const crm = graded(2, 'B');
	crm.data.data.taskResult = [{ resultName: '客户意向等级', resultValueNew: 'B级(可能有意向)' }];
	const corrected = graded(3, 'C');
	corrected.data.data.taskResult[0].artificialResultValue = 'A级(有明确意向)';
	const ungraded = graded(4, 'A');
	ungraded.data.data.taskResult = [];
	const out = await deliver({ intentionGrades: ['A', 'B'] }, [older, crm, corrected, ungraded, graded(5, 'C')]);
	expect(out.map((item) => item.callInstanceId)).toEqual([1, 2, 3]);
});

test('intention levels also filter intention changes (the bare letter) and inbound calls (userLevel)', async () => {
	const inbound = (id: number, userLevel: string) => {
		const payload = skeleton('inboundCallRecord');
		Object.assign(payload.data.data.sceneInstance, { inboundInstanceId: id, userLevel });
		return payload;
	};
	const out = await deliver({ intentionGrades: ['A'] }, [intentionChange(1, 'A'), intentionChange(2, 'C'), inbound(3, 'A'), inbound(4, 'D'), taskStatus(9)]);
	expect(out.map((item) => `${item.event}:${item.callInstanceId ?? item.inboundInstanceId ?? item.callJobId}`)).toEqual(['intentionChanged:1', 'inboundCallFinished:3', 'taskStatusChanged:9']);
});

test('company, task, outcome and minimum duration together', async () => {
	const payloads = [
		graded(1, 'C', { finishStatus: 0, duration: 40, callJobId: 7 }),
		graded(2, 'C', { finishStatus: 8, duration: 0, callJobId: 7 }),
		graded(3, 'C', { finishStatus: 0, duration: 5, callJobId: 7 }),
		graded(4, 'C', { finishStatus: 0, duration: 60, callJobId: 8 }),
		graded(5, 'C', { finishStatus: 0, duration: 60, callJobId: 7, companyId: 3812 }),
		graded(6, 'C', { finishStatus: 0, duration: '27秒', callJobId: 7 }),
	];
	const out = await deliver({ companyIds: '3811', taskIds: '7', finishStatuses: [0], minDuration: 10 }, payloads);
	expect(out.map((item) => item.callInstanceId)).toEqual([1, 6]);
});

test('company and task IDs: several, with spaces or leading zeros, compared exactly (also beyond 2^53)', async () => {
	const big = JSON.stringify(callRecord(1, { callJobId: 0, companyId: 3811 })).replace('"callJobId":0', '"callJobId":9007199254740993');
	const bigNeighbour = JSON.stringify(callRecord(2, { callJobId: 0, companyId: 3811 })).replace('"callJobId":0', '"callJobId":9007199254740992');
	const server = await trigger({ filters: { companyIds: ' 03811 ;3812', taskIds: '9007199254740993, 7' } });
	for (const body of [big, bigNeighbour, JSON.stringify(callRecord(3, { callJobId: 7, companyId: 3812 })), JSON.stringify(callRecord(4, { callJobId: 7, companyId: 3813 }))]) {
		await server.post('call-record', body);
	}
	expect(itemsOf(server).map((item) => item.callInstanceId)).toEqual([1, 3]);
});

test('task statuses apply to task events only; task IDs to calls and tasks, not to intention changes', async () => {
	const out = await deliver({ taskStatuses: [2, 4], taskIds: '535' }, [
		taskStatus(535, { status: 5 }),
		taskStatus(535, { status: 4 }),
		taskStatus(536, { status: 2 }),
		callRecord(1, { callJobId: 535 }),
		callRecord(2, { callJobId: 536 }),
		intentionChange(3, 'B'),
	]);
	expect(out.map((item) => `${item.event}:${item.status ?? ''}:${item.callInstanceId ?? ''}`)).toEqual(['taskStatusChanged:4:', 'callFinished:2:1', 'intentionChanged::3']);
});

test('a company filter drops intention changes of other companies', async () => {
	const out = await deliver({ companyIds: '241' }, [intentionChange(1, 'A', 241), intentionChange(2, 'A', 242)]);
	expect(out.map((item) => item.callInstanceId)).toEqual([1]);
});

test('filtered-out records of one callback leave the others', async () => {
	const payload = skeleton('manualIntentionChange');
	payload.data.data.taskResult = [
		{ companyId: 241, sceneInstanceId: 1, resultName: '客户意向等级', resultValue: 'A' },
		{ companyId: 241, sceneInstanceId: 2, resultName: '客户意向等级', resultValue: 'F' },
	];
	const out = await deliver({ intentionGrades: ['A'] }, [payload]);
	expect(out.map((item) => item.callInstanceId)).toEqual([1]);
});
