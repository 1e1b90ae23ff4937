// What the trigger answers: "success" for every well-formed callback (chosen or not, filtered or not),
// 400 and no execution for anything that is not a Byai callback, whatever content type it came with.
import { callRecord, DEDUPE_FIELDS, itemsOf, skeleton, useTriggers } from './fixtures';

const trigger = useTriggers();

describe('malformed bodies → 400, nothing started, nothing remembered', () => {
	test.each([
		['text that is not JSON', '{"code":200,"data":', 'text/plain;charset=utf-8', 'the body is not JSON'],
		['plain words', 'success', 'text/plain', 'the body is not JSON'],
		['an empty text body', '', 'text/plain', 'the body is empty'],
		['an empty JSON body', '', 'application/json', 'the body is empty'],
		['whitespace', '  \n', 'text/plain', 'the body is empty'],
		['a JSON array', '[{"data":{}}]', 'application/json', 'the body is not a JSON object'],
		['JSON null', 'null', 'application/json', 'the body is not a JSON object'],
		['a JSON string', '"success"', 'text/plain', 'the body is not a JSON object'],
		['no data', '{"code":200,"resultMsg":"成功"}', 'application/json', 'the body has no "data" object'],
		['data is a string', '{"code":200,"data":"x"}', 'application/json', 'the body has no "data" object'],
		['no dataType', '{"code":200,"data":{"data":{"callJobId":1}}}', 'application/json', '"data.dataType" is missing'],
		['an empty dataType', '{"code":200,"data":{"dataType":"","data":{}}}', 'application/json', '"data.dataType" is missing'],
		['a known dataType without data.data', '{"code":200,"data":{"dataType":"JOB_INFO_RESULT"}}', 'application/json', '"data.data" of JOB_INFO_RESULT is not an object'],
		['a known dataType with data.data a list', '{"code":200,"data":{"dataType":"CALL_INSTANCE_RESULT","data":[]}}', 'text/plain', '"data.data" of CALL_INSTANCE_RESULT is not an object'],
	])('%s', async (_case, body, contentType, reason) => {
		const server = await trigger();
		const answer = await server.post('call-record', body, { contentType });
		expect(answer).toMatchObject({ status: 400, text: `not a Byai callback: ${reason}` });
		expect(answer.contentType).toMatch(/^text\/plain\b/);
		expect(server.executions).toHaveLength(0);
		expect(server.saves).toBe(0);
		expect(server.errors).toEqual([]);
	});
});

describe('content types', () => {
	test.each([
		['no content type', null],
		['application/octet-stream', 'application/octet-stream'],
		['upper-case JSON with charset', 'Application/JSON; Charset=UTF-8'],
		['text/plain without charset', 'text/plain'],
	])('a callback sent with %s is read from the raw body', async (_case, contentType) => {
		const server = await trigger();
		expect((await server.post('call-record', callRecord(7), { contentType })).text).toBe('success');
		expect(itemsOf(server)).toEqual([expect.objectContaining({ event: 'callFinished', callInstanceId: 7 })]);
	});

	test('a byte-order mark before the JSON text is ignored', async () => {
		const server = await trigger();
		const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(callRecord(8)))]);
		expect((await server.post('call-record', body, { contentType: 'text/plain;charset=utf-8' })).text).toBe('success');
		expect(itemsOf(server)[0]).toMatchObject({ callInstanceId: 8 });
	});

	test('Chinese text arrives intact from a text/plain body', async () => {
		const server = await trigger();
		const payload = callRecord(9, { customerName: '张三', properties: '{"产品名称":"白金卡"}' });
		await server.post('call-record', JSON.stringify(payload), { contentType: 'text/plain;charset=utf-8' });
		expect(itemsOf(server)[0]).toMatchObject({ customerName: '张三', properties: { 产品名称: '白金卡' } });
	});
});

describe('acknowledged without an execution', () => {
	test('unknown dataTypes are answered "success" and emitted as they are only with Include Unknown Events', async () => {
		const unknown = { code: 200, data: { dataType: 'SMS_RESULT', data: { id: 1 } }, resultMsg: '成功' };
		const quiet = await trigger();
		expect(await quiet.post('call-record', unknown)).toMatchObject({ status: 200, text: 'success' });
		expect(quiet.executions).toHaveLength(0);
		const loud = await trigger({ options: { includeUnknown: true } });
		expect((await loud.post('task-status', unknown)).text).toBe('success');
		expect(itemsOf(loud)).toEqual([{ event: 'unknown', dataType: 'SMS_RESULT', ...DEDUPE_FIELDS, ...unknown }]);
	});

	test('a CALL_INSTANCE_RESULT that is neither a call record nor an intention change counts as unknown', async () => {
		const odd = { code: 200, data: { dataType: 'CALL_INSTANCE_RESULT', data: { note: 'new field' } } };
		const quiet = await trigger();
		expect((await quiet.post('call-record', odd)).text).toBe('success');
		expect(quiet.executions).toHaveLength(0);
		const loud = await trigger({ events: [], options: { includeUnknown: true } });
		await loud.post('call-record', odd);
		expect(itemsOf(loud)).toEqual([{ event: 'unknown', dataType: 'CALL_INSTANCE_RESULT', ...DEDUPE_FIELDS, ...odd }]);
	});

	test('events not chosen are answered "success" and start nothing', async () => {
		const server = await trigger({ events: ['taskStatusChanged'] });
		for (const name of ['callRecord', 'manualIntentionChange', 'inboundCallRecord']) {
			expect(await server.post('call-record', skeleton(name))).toMatchObject({ status: 200, text: 'success' });
		}
		expect(server.executions).toHaveLength(0);
		await server.post('task-status', skeleton('taskStatus'));
		expect(itemsOf(server).map((item) => item.event)).toEqual(['taskStatusChanged']);
	});

	test('both URLs take every callback type (accounts with one URL for all)', async () => {
		const server = await trigger();
		await server.post('task-status', callRecord(1));
		await server.post('call-record', skeleton('taskStatus'));
		expect(itemsOf(server).map((item) => item.event)).toEqual(['callFinished', 'taskStatusChanged']);
	});

	test('a path the node does not serve is not answered by it', async () => {
		const server = await trigger();
		expect((await server.post('callback', callRecord(1))).status).toBe(404);
		expect(server.executions).toHaveLength(0);
	});
});
