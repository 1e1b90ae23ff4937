// The sandbox (a fake Byai) calls the trigger back for whole tasks: one item per finished call and one per
// task-status change, none lost and none duplicated, also when Byai repeats delivered callbacks, when
// "success" gets lost on the way back (Byai retries a callback n8n already processed) and with the private
// cloud's text/plain bodies.
import { createHmac } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { useSandbox } from '../helpers/sandbox';
import type { TriggerServer } from '../helpers/webhook';
import { startLossyProxy } from '../helpers/webhook';
import { itemsOf, useTriggers } from './fixtures';

const env = useSandbox({ seed: 5, dialer: { callIntervalMs: 60_000 }, callbackRetryScheduleMs: [50, 100, 200] });
const trigger = useTriggers();

/** Byai's OpenAPI, signed as the docs say (the sandbox checks it), without the nodes' own client. */
async function byai(apiPath: string, body: IDataObject): Promise<unknown> {
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
}

async function createTask(customers: number): Promise<number> {
	const taskId = (await byai('/openapi/v1/task/createTask', { companyId: 3811, taskName: 'trigger lifecycle', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 })) as number;
	await byai('/openapi/v2/task/importTaskCustomer', {
		companyId: 3811,
		taskId,
		customerInfoList: Array.from({ length: customers }, (_, i) => ({ phone: `1350000${String(i).padStart(4, '0')}`, name: `客户${i}`, properties: { crmId: `C${i}` } })),
	});
	return taskId;
}

async function aimCallbacks(server: TriggerServer | { url: string }, settings: IDataObject = {}) {
	await env.admin('POST', '/reset');
	const base = `${server.url}/webhook`;
	await env.admin('POST', '/callbacks/config', { callRecordUrl: `${base}/call-record`, taskStatusUrl: `${base}/task-status`, taskStatusEnabled: true, ...settings });
}

async function settled() {
	expect((await env.admin('POST', '/callbacks/wait-idle', { timeoutMs: 30_000 })).idle).toBe(true);
	return (await env.admin('GET', '/callbacks/deliveries')).deliveries as Array<IDataObject & { payload: { data: { data: IDataObject } } }>;
}

/** The finished calls of a task according to Byai (the sandbox's own state), and the trigger's items. */
async function check(server: TriggerServer, taskId: number, statuses: number[]) {
	const deliveries = await settled();
	expect(deliveries.every((delivery) => delivery.delivered)).toBe(true);
	const task = ((await env.admin('GET', '/state')).tasks as IDataObject[]).find((t) => t.taskId === taskId)!;
	const sentCalls = new Set(deliveries.filter((d) => d.type === 'callRecord').map((d) => (d.payload.data.data.sceneInstance as IDataObject).callInstanceId));
	const items = itemsOf(server);
	const calls = items.filter((item) => item.event === 'callFinished');
	expect(calls).toHaveLength(task.done as number);
	expect(sentCalls.size).toBe(task.done);
	expect(new Set(calls.map((call) => call.callInstanceId))).toEqual(sentCalls);
	expect(calls.filter((call) => call.jobFinished === true)).toHaveLength(1);
	expect(items.filter((item) => item.event === 'taskStatusChanged').map((item) => `${item.callJobId}:${item.status}`)).toEqual(statuses.map((status) => `${taskId}:${status}`));
	// Every item came from its own execution: one callback, one execution.
	expect(server.executions.every((execution) => execution.length === 1)).toBe(true);
	return { deliveries, items };
}

test.each([
	['JSON, each callback delivered once', 0, 'application/json'],
	['JSON, Byai repeats every delivered callback twice', 2, 'application/json'],
	['text/plain (private cloud), repeated once', 1, 'text/plain'],
])('a whole task: %s → one item per finished call plus the completion', async (_case, repeatDelivered, contentType) => {
	const server = await trigger();
	await aimCallbacks(server, { repeatDelivered, contentType });
	const taskId = await createTask(30);
	await byai('/openapi/v1/task/start', { taskId });
	await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
	const { deliveries } = await check(server, taskId, [2]);
	expect(deliveries).toHaveLength(31 * (1 + repeatDelivered));
});

test('paused and resumed: the pause and the completion are two task events, in order', async () => {
	const server = await trigger();
	await aimCallbacks(server, { repeatDelivered: 1 });
	const taskId = await createTask(12);
	await byai('/openapi/v1/task/start', { taskId });
	await env.admin('POST', '/dialer/advance', { taskId, calls: 5 });
	await byai('/openapi/v1/task/pause', { taskId });
	await settled();
	await byai('/openapi/v1/task/start', { taskId });
	await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
	await check(server, taskId, [4, 2]);
});

test('answers lost on the way back: Byai retries callbacks n8n already processed, and none is processed twice', async () => {
	const server = await trigger();
	const proxy = await startLossyProxy(server.port, (n) => n % 4 === 1 && n < 40);
	try {
		await aimCallbacks(proxy, { retryScheduleMs: [20, 20, 20, 20, 20, 20, 20, 20] });
		const taskId = await createTask(25);
		await byai('/openapi/v1/task/start', { taskId });
		await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
		const { deliveries } = await check(server, taskId, [2]);
		expect(proxy.dropped).toBeGreaterThan(3);
		// Every lost answer made Byai try that callback once more.
		expect(deliveries.reduce((retries, delivery) => retries + (delivery.attempts as number) - 1, 0)).toBe(proxy.dropped);
	} finally {
		await proxy.stop();
	}
});

test('after the task: intention changes in the CRM (A → B → A) and an inbound call, each once', async () => {
	const server = await trigger();
	await aimCallbacks(server, { repeatDelivered: 2 });
	const taskId = await createTask(3);
	await byai('/openapi/v1/task/start', { taskId });
	await env.admin('POST', '/dialer/advance', { taskId, untilDone: true });
	await settled();
	const [first] = itemsOf(server).filter((item) => item.event === 'callFinished');
	for (const grade of ['A', 'B', 'A']) {
		await env.admin('POST', '/callbacks/fire', { type: 'manualIntentionChange', callInstanceId: first.callInstanceId, grade });
		await settled();
	}
	await env.admin('POST', '/callbacks/fire', { type: 'inboundCallRecord' });
	await settled();
	const later = itemsOf(server).filter((item) => item.event !== 'callFinished' && item.event !== 'taskStatusChanged');
	expect(later.map((item) => (item.event === 'intentionChanged' ? `changed to ${String(item.intentionGrade)}` : item.event))).toEqual(['changed to A', 'changed to B', 'changed to A', 'inboundCallFinished']);
	expect(later.slice(0, 3).every((item) => item.callInstanceId === first.callInstanceId)).toBe(true);
});

test('listening for a test event (the editor\'s test URL): each callback the sandbox fires shows', async () => {
	const server = await trigger({}, { mode: 'manual' });
	await aimCallbacks(server);
	for (const type of ['callRecord', 'callRecord', 'taskStatus', 'manualIntentionChange', 'inboundCallRecord']) await env.admin('POST', '/callbacks/fire', { type });
	const deliveries = await settled();
	expect(deliveries.map((delivery) => [delivery.lastHttpStatus, delivery.lastBody])).toEqual(Array(5).fill([200, 'success']));
	// The task URL has its own delivery queue, so only the set is fixed.
	expect(itemsOf(server).map((item) => item.event).sort()).toEqual(['callFinished', 'callFinished', 'inboundCallFinished', 'intentionChanged', 'taskStatusChanged']);
});
