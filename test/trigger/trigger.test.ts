// The Byai Trigger's webhook() through n8n's WebhookContext over real HTTP, with every payload of
// callbacks.json and with the sandbox calling back for a whole task.
import { createHmac } from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';
import type { IDataObject } from 'n8n-workflow';

import type { TriggerServer } from '../helpers/webhook';
import { startTrigger } from '../helpers/webhook';
import { useSandbox } from '../helpers/sandbox';

const reference = JSON.parse(readFileSync(path.resolve(__dirname, '../../../shared/byai-api/callbacks.json'), 'utf8'));
const skeleton = (name: string) => JSON.parse(JSON.stringify(reference.callbacks.find((c: IDataObject) => c.name === name).exampleSkeleton));
const env = useSandbox({ seed: 5, dialer: { callIntervalMs: 60_000 }, callbackRetryScheduleMs: [50, 100, 200] });
const ALL_EVENTS = ['callFinished', 'inboundCallFinished', 'intentionChanged', 'taskStatusChanged'];

let servers: TriggerServer[] = [];
async function trigger(parameters: IDataObject = {}, options?: { credentials?: boolean; trustProxy?: boolean }) {
	const server = await startTrigger({ events: ALL_EVENTS, simplify: true, ...parameters } as never, options?.credentials ? env.credentials : undefined, options);
	servers.push(server);
	return server;
}
afterEach(async () => {
	await Promise.all(servers.map((server) => server.stop()));
	servers = [];
});

const sample = async (type: string) => (await env.admin('GET', `/callbacks/sample?type=${type}`)).payload as IDataObject;

describe('every callback of callbacks.json', () => {
	test.each([
		['callRecord', 'callFinished'],
		['taskStatus', 'taskStatusChanged'],
		['manualIntentionChange', 'intentionChanged'],
		['inboundCallRecord', 'inboundCallFinished'],
	])('%s (exampleSkeleton and sandbox sample) → one %s item, answered exactly "success"', async (name, event) => {
		const server = await trigger();
		for (const payload of [skeleton(name), await sample(name)]) {
			const answer = await server.post('call-record', payload);
			expect(answer).toMatchObject({ status: 200, text: 'success' });
			expect(answer.contentType).toMatch(/^text\/plain/);
		}
		expect(server.executions).toHaveLength(2);
		for (const [item] of server.executions) expect(item.json.event).toBe(event);
	});

	test('a call record becomes one flat item with labels, parsed properties and transcript', async () => {
		const server = await trigger();
		const payload = skeleton('callRecord');
		payload.data.data.sceneInstance.properties = '{"crmId":"C-42","产品名称":"白金卡"}';
		await server.post('call-record', payload);
		const [[item]] = server.executions;
		expect(item.json).toMatchObject({
			event: 'callFinished', dataType: 'CALL_INSTANCE_RESULT', callInstanceId: 1, callJobId: 1, finishStatus: 0, finishStatusLabel: 'Answered',
			intentionGrade: 'C', intentionLabel: 'Explicit Refusal', properties: { crmId: 'C-42', 产品名称: '白金卡' }, transcript: 'AI: ...', jobFinished: false,
		});
	});

	test('an intention change carries the bare letter', async () => {
		const server = await trigger();
		await server.post('call-record', skeleton('manualIntentionChange'));
		expect(server.executions[0][0].json).toMatchObject({ event: 'intentionChanged', callInstanceId: 2016, companyId: 241, intentionGrade: 'B', intentionLabel: 'Possible Interest' });
	});

	test('Simplify off returns Byai\'s payload as is', async () => {
		const server = await trigger({ simplify: false });
		const payload = skeleton('callRecord');
		await server.post('call-record', payload);
		expect(server.executions[0][0].json).toEqual({ event: 'callFinished', dataType: 'CALL_INSTANCE_RESULT', ...payload.data.data });
	});

	test('text/plain bodies (private cloud) are parsed', async () => {
		const server = await trigger();
		const answer = await server.post('task-status', JSON.stringify(skeleton('taskStatus')), { contentType: 'text/plain;charset=utf-8' });
		expect(answer).toMatchObject({ status: 200, text: 'success' });
		expect(server.executions[0][0].json).toMatchObject({ event: 'taskStatusChanged', callJobId: 535, status: 2, statusLabel: 'Completed' });
	});

	test('the 2018 call record without the dataType wrapper is still understood', async () => {
		const server = await trigger();
		const payload = skeleton('callRecord');
		await server.post('call-record', { code: 200, data: payload.data.data });
		expect(server.executions[0][0].json.event).toBe('callFinished');
	});
});

describe('acknowledgement and rejection', () => {
	test('broken JSON sent as application/json is refused by n8n itself (422) before the node runs', async () => {
		const server = await trigger();
		expect((await server.post('call-record', '{"code":200,"data":', { contentType: 'application/json' })).status).toBe(422);
		expect(server.executions).toHaveLength(0);
	});

	test.each([
		['text that is not JSON', '{"code":200,"data":', 'text/plain'],
		['plain words', 'hello', 'text/plain'],
		['no data object', '{"code":200}', 'application/json'],
		['no dataType', '{"code":200,"data":{"data":{}}}', 'application/json'],
		['an empty body', '', 'text/plain'],
	])('%s → 400 and no execution', async (_case, body, contentType) => {
		const server = await trigger();
		const answer = await server.post('call-record', body, { contentType });
		expect(answer.status).toBe(400);
		expect(answer.text).toContain('not a Byai callback');
		expect(server.executions).toHaveLength(0);
	});

	test('unknown dataTypes are acknowledged, and emitted only when asked', async () => {
		const unknown = { code: 200, data: { dataType: 'SMS_RESULT', data: { id: 1 } } };
		const quiet = await trigger();
		expect(await quiet.post('call-record', unknown)).toMatchObject({ status: 200, text: 'success' });
		expect(quiet.executions).toHaveLength(0);
		const loud = await trigger({ options: { includeUnknown: true } });
		await loud.post('call-record', unknown);
		expect(loud.executions[0][0].json).toMatchObject({ event: 'unknown', dataType: 'SMS_RESULT', data: unknown.data });
	});

	test('events not chosen are answered "success" without an execution', async () => {
		const server = await trigger({ events: ['taskStatusChanged'] });
		expect(await server.post('call-record', skeleton('callRecord'))).toMatchObject({ status: 200, text: 'success' });
		expect(server.executions).toHaveLength(0);
	});

	test('a repeated callback starts no second execution, also when two arrive together', async () => {
		const server = await trigger();
		const payload = skeleton('callRecord');
		await server.post('call-record', payload);
		const answers = await Promise.all([server.post('call-record', payload), server.post('task-status', payload)]);
		expect(answers.map((a) => a.text)).toEqual(['success', 'success']);
		expect(server.executions).toHaveLength(1);
		expect(server.staticData['node:Byai Trigger']).toMatchObject({ recentCallbacks: ['call:1:0:'] });
		const changed = skeleton('callRecord');
		changed.data.data.sceneInstance.callInstanceId = 2;
		await server.post('call-record', changed);
		expect(server.executions).toHaveLength(2);
	});

	test('only allowed IPs; X-Forwarded-For only behind a proxy', async () => {
		const closed = await trigger({ options: { allowedIps: '120.55.46.3' } });
		const spoofed = await closed.post('call-record', skeleton('callRecord'), { headers: { 'x-forwarded-for': '120.55.46.3' } });
		expect(spoofed).toMatchObject({ status: 403, text: 'forbidden' });
		expect(closed.executions).toHaveLength(0);
		const proxied = await trigger({ options: { allowedIps: '120.55.46.3, 10.0.0.1', behindProxy: true } });
		expect((await proxied.post('call-record', skeleton('callRecord'), { headers: { 'x-forwarded-for': '120.55.46.3, 127.0.0.1' } })).text).toBe('success');
		expect((await proxied.post('call-record', skeleton('taskStatus'), { headers: { 'x-forwarded-for': '8.8.8.8' } })).status).toBe(403);
		expect(proxied.executions).toHaveLength(1);
		const local = await trigger({ options: { allowedIps: '127.0.0.1' } });
		expect((await local.post('call-record', skeleton('callRecord'))).text).toBe('success');
	});

	test('the callback sign is checked when present and verification is on', async () => {
		const server = await trigger({ verifySignature: true }, { credentials: true });
		const dateTime = 'Thu, 24 Jan 2019 07:28:09 GMT';
		const good = skeleton('inboundCallRecord');
		good.data.data.dateTime = dateTime;
		good.data.data.sign = createHmac('sha1', env.credentials.appSecret).update(`${env.credentials.appKey}\n${dateTime}`).digest('base64');
		expect((await server.post('call-record', good)).text).toBe('success');
		const bad = skeleton('inboundCallRecord');
		bad.data.data.dateTime = dateTime;
		bad.data.data.sign = 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=';
		expect(await server.post('call-record', bad)).toMatchObject({ status: 403, text: 'invalid sign' });
		expect(server.executions).toHaveLength(1);
	});
});

describe('filters', () => {
	async function deliver(parameters: IDataObject, payloads: IDataObject[]) {
		const server = await trigger(parameters);
		for (const payload of payloads) expect((await server.post('call-record', payload)).text).toBe('success');
		return server.executions.map(([item]) => item.json);
	}
	const call = (id: number, patch: IDataObject, grade = 'C') => {
		const payload = skeleton('callRecord');
		Object.assign(payload.data.data.sceneInstance, { callInstanceId: id, companyId: 3811, ...patch });
		payload.data.data.taskResult[0] = { ...payload.data.data.taskResult[0], resultValueAlias: grade, resultValue: `${grade}级(很少)`, resultValueNew: `${grade}级(x)` };
		return payload;
	};

	test('intention levels match on the letter of either label set', async () => {
		const a = call(1, {}, 'A');
		delete a.data.data.taskResult[0].resultValueAlias;
		a.data.data.taskResult[0].resultValue = 'A级(较强)';
		const b = call(2, {}, 'B');
		b.data.data.taskResult[0] = { resultName: '客户意向等级', resultValueNew: 'B级(可能有意向)' };
		const out = await deliver({ filters: { intentionGrades: ['A', 'B'] } }, [a, b, call(3, {}, 'C')]);
		expect(out.map((item) => item.callInstanceId)).toEqual([1, 2]);
	});

	test('company, task, outcome and minimum duration', async () => {
		const payloads = [call(1, { finishStatus: 0, duration: 40, callJobId: 7 }), call(2, { finishStatus: 8, duration: 0, callJobId: 7 }), call(3, { finishStatus: 0, duration: 5, callJobId: 7 }), call(4, { finishStatus: 0, duration: 60, callJobId: 8 }), call(5, { finishStatus: 0, duration: 60, callJobId: 7, companyId: 3812 })];
		const out = await deliver({ filters: { companyIds: '3811', taskIds: '7', finishStatuses: [0], minDuration: 10 } }, payloads);
		expect(out.map((item) => item.callInstanceId)).toEqual([1]);
	});

	test('task statuses apply to the task event only', async () => {
		const paused = skeleton('taskStatus');
		paused.data.data.status = 4;
		const out = await deliver({ filters: { taskStatuses: [2] } }, [paused, skeleton('taskStatus'), skeleton('callRecord')]);
		expect(out.map((item) => item.event)).toEqual(['taskStatusChanged', 'callFinished']);
	});
});

describe('a whole task, called back by the sandbox', () => {
	test.each([0, 2])('one execution per finished call plus the task-status events, none lost or duplicated (Byai repeats delivered callbacks %i times)', async (repeats) => {
		const server = await trigger();
		await env.admin('POST', '/reset');
		await env.admin('POST', '/callbacks/config', { callRecordUrl: `${server.url}/webhook/call-record`, taskStatusUrl: `${server.url}/webhook/task-status`, repeatDelivered: repeats });
		const { taskId } = await signedCreateAndStart(30);
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		expect((await env.admin('POST', '/callbacks/wait-idle', { timeoutMs: 20_000 })).idle).toBe(true);
		const items = server.executions.map(([item]) => item.json);
		const calls = items.filter((item) => item.event === 'callFinished');
		expect(calls).toHaveLength(30);
		expect(new Set(calls.map((c) => c.callInstanceId)).size).toBe(30);
		expect(items.filter((item) => item.event === 'taskStatusChanged').map((item) => item.status)).toEqual([2]);
		expect(calls.filter((c) => c.jobFinished === true)).toHaveLength(1);
		const deliveries = (await env.admin('GET', '/callbacks/deliveries')).deliveries as IDataObject[];
		expect(deliveries).toHaveLength(31 * (1 + repeats));
		expect(deliveries.every((d) => d.delivered)).toBe(true);
	});

	/** Creates a task through the signed API (the sandbox's own client, not the nodes'). */
	async function signedCreateAndStart(customers: number) {
		const call = async (apiPath: string, body: IDataObject) => {
			const datetime = new Date().toUTCString();
			const sign = createHmac('sha1', env.credentials.appSecret).update(`${env.credentials.appKey}\n${datetime}`).digest('base64');
			const response = await fetch(`${env.sandbox.url}${apiPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', appkey: env.credentials.appKey, datetime, sign },
				body: JSON.stringify(body),
			});
			const envelope = (await response.json()) as { code: number; data: unknown; resultMsg: string };
			if (envelope.code !== 200) throw new Error(`${apiPath}: ${envelope.resultMsg}`);
			return envelope.data;
		};
		const taskId = (await call('/openapi/v1/task/createTask', { companyId: 3811, taskName: 'trigger e2e', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 })) as number;
		await call('/openapi/v2/task/importTaskCustomer', {
			companyId: 3811,
			taskId,
			customerInfoList: Array.from({ length: customers }, (_, i) => ({ phone: `1350000${String(i).padStart(4, '0')}`, name: `客户${i}`, properties: { crmId: `C${i}` } })),
		});
		await call('/openapi/v1/task/start', { taskId });
		return { taskId };
	}
});
