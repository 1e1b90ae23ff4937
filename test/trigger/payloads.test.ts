// Every callback of callbacks.json (its exampleSkeleton and a payload the sandbox generates), in both content
// types Byai uses, through n8n's WebhookContext over real HTTP: the exact acknowledgement and the items.
import type { IDataObject } from 'n8n-workflow';

import { useSandbox } from '../helpers/sandbox';
import type { Answer } from '../helpers/webhook';
import { DEDUPE_FIELDS, EVENT_OF, itemsOf, reference, skeleton, useTriggers } from './fixtures';

const env = useSandbox({ seed: 5, dialer: { callIntervalMs: 60_000 } });
const trigger = useTriggers();
const sample = async (name: string) => (await env.admin('GET', `/callbacks/sample?type=${name}`)).payload;
const CONTENT_TYPES = ['application/json;charset=utf-8', 'text/plain;charset=utf-8'];

function expectAcknowledged(answer: Answer) {
	expect(answer.status).toBe(200);
	expect(answer.body).toEqual(Buffer.from('success'));
	expect(answer.contentType).toMatch(/^text\/plain\b/);
}

test('the reference still lists the four callbacks this node maps', () => {
	expect(reference.callbacks.map((c) => c.name).sort()).toEqual(Object.keys(EVENT_OF).sort());
});

describe.each(reference.callbacks.map((c) => [c.name, c.dataType]))('%s (%s)', (name, dataType) => {
	const sources = [
		['exampleSkeleton', async () => skeleton(name)],
		['sandbox sample', () => sample(name)],
	] as const;

	test.each(sources.flatMap(([source, load]) => CONTENT_TYPES.map((contentType) => [source, contentType, load] as const)))(
		'%s as %s → answered exactly "success", one execution, one item per record',
		async (_source, contentType, load) => {
			const payload = await load();
			const server = await trigger();
			expectAcknowledged(await server.post('call-record', payload, { contentType }));
			const rows = name === 'manualIntentionChange' ? payload.data.data.taskResult.length : 1;
			expect(server.executions).toHaveLength(1);
			expect(server.executions[0]).toHaveLength(rows);
			for (const item of itemsOf(server)) expect(item).toMatchObject({ event: EVENT_OF[name], dataType });
		},
	);

	test.each(sources)('%s with Simplify off is Byai\'s data.data as sent, next to event and dataType', async (_source, load) => {
		const payload = await load();
		const server = await trigger({ simplify: false });
		await server.post('task-status', payload);
		const rows: IDataObject[] = name === 'manualIntentionChange' ? payload.data.data.taskResult : [payload.data.data];
		expect(itemsOf(server)).toEqual(rows.map((row) => ({ event: EVENT_OF[name], dataType, ...DEDUPE_FIELDS, ...row })));
	});
});

describe('simplified items', () => {
	test('call record skeleton: the call flattened with labels, level, parsed properties and transcript', async () => {
		const server = await trigger();
		const payload = skeleton('callRecord');
		payload.data.data.sceneInstance.properties = '{"crmId":"C-42","产品名称":"白金卡"}';
		await server.post('call-record', payload);
		expect(itemsOf(server)).toEqual([
			expect.objectContaining({
				event: 'callFinished',
				dataType: 'CALL_INSTANCE_RESULT',
				callInstanceId: 1,
				callJobId: 1,
				customerTelephone: '137xxxxxxxx',
				status: 2,
				statusLabel: 'Finished',
				finishStatus: 0,
				finishStatusLabel: 'Answered',
				duration: 35,
				intentionGrade: 'C',
				intentionLabel: 'Explicit Refusal',
				properties: { crmId: 'C-42', 产品名称: '白金卡' },
				transcript: 'AI: ...',
				luyinOssUrl: 'https://...',
				jobFinished: false,
				analysis: { 客户意向等级: 'C级(明确拒绝)' },
			}),
		]);
	});

	test('sandbox call record: properties, transcript and level agree with the payload', async () => {
		const payload = await sample('callRecord');
		const server = await trigger();
		await server.post('call-record', payload, { contentType: 'text/plain;charset=utf-8' });
		const [item] = itemsOf(server);
		const call = payload.data.data.sceneInstance;
		const lines = payload.data.data.phoneLog.phoneLogs.filter((line: IDataObject) => line.content);
		const intention = payload.data.data.taskResult.find((row: IDataObject) => row.resultName === '客户意向等级');
		expect(item).toMatchObject({ callInstanceId: call.callInstanceId, customerTelephone: call.customerTelephone, properties: JSON.parse(call.properties), intentionGrade: intention.resultValueAlias });
		expect(item.finishStatusLabel).toEqual(expect.any(String));
		expect(item.finishStatusLabel).not.toMatch(/^Unknown/);
		expect(String(item.transcript).split('\n')).toHaveLength(lines.length);
		expect(item.phoneLogs).toEqual(payload.data.data.phoneLog.phoneLogs);
	});

	test('task status skeleton: the task with its status in words', async () => {
		const server = await trigger();
		await server.post('task-status', skeleton('taskStatus'));
		expect(itemsOf(server)).toEqual([{ event: 'taskStatusChanged', dataType: 'JOB_INFO_RESULT', ...DEDUPE_FIELDS, callJobId: 535, companyId: 243, jobName: '...', jobType: 2, jobTypeLabel: 'Manual', status: 2, statusLabel: 'Completed', callType: 1, callTypeLabel: 'Landline', robotDefId: 278 }]);
	});

	test('intention change skeleton: the call id and the new level', async () => {
		const server = await trigger();
		await server.post('call-record', skeleton('manualIntentionChange'));
		expect(itemsOf(server)).toEqual([
			{ event: 'intentionChanged', dataType: 'CALL_INSTANCE_RESULT', ...DEDUPE_FIELDS, callInstanceId: 2016, companyId: 241, sceneInstanceId: 2016, resultName: '客户意向等级', resultValue: 'B', intentionGrade: 'B', intentionLabel: 'Possible Interest' },
		]);
	});

	test('inbound call skeleton: the inbound call flattened', async () => {
		const server = await trigger();
		await server.post('call-record', skeleton('inboundCallRecord'));
		expect(itemsOf(server)).toEqual([
			expect.objectContaining({ event: 'inboundCallFinished', dataType: 'INBOUND_CALL_INSTANCE_RESULT', inboundInstanceId: 1091, customerTelephone: '1010', calleePhone: '057126881788', finishStatusLabel: 'Answered', transcript: '', dateTime: 'Thu, 24 Jan 2019 07:28:09 GMT' }),
		]);
	});

	test('an intention change of several calls is one execution with one item per call', async () => {
		const payload = skeleton('manualIntentionChange');
		payload.data.data.taskResult.push({ companyId: 241, sceneInstanceId: 2017, resultName: '客户意向等级', resultValue: 'A' });
		const server = await trigger();
		await server.post('call-record', payload);
		expect(server.executions).toHaveLength(1);
		expect(itemsOf(server).map((item) => [item.callInstanceId, item.intentionGrade])).toEqual([
			[2016, 'B'],
			[2017, 'A'],
		]);
	});
});

describe('older and newer payload shapes (callbacks.json discrimination notes)', () => {
	test('the 2018 call record without the dataType wrapper', async () => {
		const server = await trigger();
		const { data } = skeleton('callRecord').data;
		await server.post('call-record', { code: 200, data });
		expect(itemsOf(server)).toEqual([expect.objectContaining({ event: 'callFinished', dataType: 'CALL_INSTANCE_RESULT', callInstanceId: 1, intentionGrade: 'C' })]);
	});

	test('the first intention-change draft: one flat row with the older label', async () => {
		const server = await trigger();
		await server.post('call-record', { code: 200, data: { dataType: 'CALL_INSTANCE_RESULT', data: { sceneInstanceId: 2016, resultName: '客户意向等级', resultValue: 'A级(较强)' } } });
		expect(itemsOf(server)).toEqual([expect.objectContaining({ event: 'intentionChanged', callInstanceId: 2016, intentionGrade: 'A' })]);
	});

	test('the successor platform: callbackType, callInstance and phoneLogs[]', async () => {
		const server = await trigger();
		const call = { companyId: 3811, callJobId: 7, callInstanceId: 88, callInstanceStatus: 2, finishStatus: 0, duration: 12, properties: '{"crmId":"X"}' };
		await server.post('call-record', { code: 200, data: { callbackType: 'CALL_INSTANCE_RESULT', data: { callInstance: call, phoneLogs: [{ speaker: 'AI', content: '您好' }], taskResult: [] } } });
		await server.post('task-status', { code: 200, data: { callbackType: 'JOB_INFO_RESULT', data: { companyId: 3811, callJobId: 7, callJobStatus: 2, updateTime: '2025-01-01 10:00:00' } } });
		expect(itemsOf(server)).toEqual([
			expect.objectContaining({ event: 'callFinished', callInstanceId: 88, status: 2, finishStatusLabel: 'Answered', properties: { crmId: 'X' }, transcript: 'AI: 您好' }),
			expect.objectContaining({ event: 'taskStatusChanged', callJobId: 7, status: 2, statusLabel: 'Completed' }),
		]);
	});

	test('ids beyond 2^53 stay exact (as strings), and two such calls stay two', async () => {
		const server = await trigger();
		const body = (id: string) => JSON.stringify(skeleton('callRecord')).replace('"callInstanceId":1,', `"callInstanceId":${id},`);
		for (const id of ['9007199254740993', '9007199254740995']) await server.post('call-record', body(id));
		expect(itemsOf(server).map((item) => item.callInstanceId)).toEqual(['9007199254740993', '9007199254740995']);
	});
});
