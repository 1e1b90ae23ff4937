// Byai's repeated deliveries start no second execution: in one process, concurrently, after a restart
// (static data as n8n saves it), and without hiding real changes (re-dials, A → B → A, a task paused again).
import type { IDataObject } from 'n8n-workflow';

import { forgetProcessMemory, RETRY_SPAN_SECONDS, SAVE_INTERVAL_MS, SAVED_MAX_KEYS, SAVED_SPAN_SECONDS, saveInExecution, UNTIMED_REPEAT_SECONDS } from '../../nodes/ByaiTrigger/dedupe';
import { makeNode, makeWorkflow } from '../helpers/n8n';
import type { TriggerServer } from '../helpers/webhook';
import type { Payload } from './fixtures';
import { callRecord, intentionChange, itemsOf, skeleton, taskStatus, useTriggers } from './fixtures';

const trigger = useTriggers();
/** The dedupe window as n8n last saved it in the workflow's static data. */
const savedWindow = (server: TriggerServer) => ((server.storedStaticData()['node:Byai Trigger'] ?? {}) as { seenCallbacks?: Record<string, unknown> }).seenCallbacks ?? {};
/** Moves the clock to `seconds` after the test's start (absolute, so two calls do not add up). */
let testStart = 0;
beforeEach(() => {
	testStart = Date.now();
});
afterEach(() => jest.restoreAllMocks());
const later = (seconds: number) => {
	jest.spyOn(Date, 'now').mockReturnValue(testStart + seconds * 1000);
};

test('a repeated callback is answered "success" and starts no second execution', async () => {
	const server = await trigger();
	for (let i = 0; i < 3; i++) expect(await server.post('call-record', callRecord(1))).toMatchObject({ status: 200, text: 'success' });
	expect(server.executions).toHaveLength(1);
	await server.post('call-record', callRecord(2));
	expect(itemsOf(server).map((item) => item.callInstanceId)).toEqual([1, 2]);
});

// loadMs: every request of a burst loads the workflow before any of them saved its static data.
test('copies arriving together (before static data is saved) start one execution, on either URL', async () => {
	const server = await trigger({}, { loadMs: 50 });
	const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => server.post(i % 2 ? 'task-status' : 'call-record', callRecord(3))));
	expect(answers.map((answer) => answer.text)).toEqual(Array(6).fill('success'));
	expect(server.executions).toHaveLength(1);
});

test('a callback n8n failed to start (answered with an error) starts when Byai resends it; then it is a repeat', async () => {
	const server = await trigger({}, { failExecution: (n) => n === 0 });
	expect(await server.post('call-record', callRecord(1))).toMatchObject({ status: 500 });
	expect(server.executions).toHaveLength(0);
	expect(server.saves).toBe(0);
	later(1);
	expect(await server.post('call-record', callRecord(1))).toMatchObject({ status: 200, text: 'success' });
	expect(await server.post('call-record', callRecord(1))).toMatchObject({ status: 200, text: 'success' });
	expect(server.executions).toHaveLength(1);
	// The failed request's write was not saved: the resend wrote the window at once.
	expect(server.saves).toBe(1);
	expect(Object.keys(savedWindow(server))).toEqual(['c:1:0']);
});

test('a change n8n failed to start leaves the state before it: a late repeat of that state is still a repeat', async () => {
	const server = await trigger({}, { failExecution: (n) => n === 1 });
	await server.post('call-record', intentionChange(2016, 'A'));
	expect(await server.post('call-record', intentionChange(2016, 'B'))).toMatchObject({ status: 500 });
	await server.post('call-record', intentionChange(2016, 'A'));
	await server.post('call-record', intentionChange(2016, 'B'));
	expect(itemsOf(server).map((item) => item.intentionGrade)).toEqual(['A', 'B']);
});

// Requests 1 (B) and 2 (C) both wait for n8n and both fail; `createMs` decides which answer comes first.
test.each([
	['the earlier one', (n: number) => (n === 1 ? 100 : 300)],
	['the later one', (n: number) => (n === 1 ? 300 : 100)],
])('two changes failing while both wait for n8n, %s undone first: the state goes back to the last one that started', async (_order, createMs) => {
	const server = await trigger({}, { failExecution: (n) => n === 1 || n === 2, createMs });
	await server.post('call-record', intentionChange(2016, 'A'));
	const first = server.post('call-record', intentionChange(2016, 'B'));
	await new Promise((resolve) => setTimeout(resolve, 50));
	const second = server.post('call-record', intentionChange(2016, 'C'));
	expect(await Promise.all([first, second])).toMatchObject([{ status: 500 }, { status: 500 }]);
	// Byai resends B: a change from A, not a repeat of the failed B.
	await server.post('call-record', intentionChange(2016, 'B'));
	expect(itemsOf(server).map((item) => item.intentionGrade)).toEqual(['A', 'B']);
});

// n8n 2.x drops what webhook() writes into static data when the callback starts an execution; the
// trigger's execute() saves it in the execution. n8n 1.x saves both.
describe.each([
	['n8n 2.x', false],
	['n8n 1.x (answer first)', true],
])('%s', (_version, answerFirst) => {
	test('after a restart the saved window recognises repeats of everything that ran, also of callbacks that arrived together', async () => {
		const server = await trigger({}, { loadMs: 50, answerFirst });
		// Twenty different callbacks at once: every request loaded the same old static data.
		await Promise.all(Array.from({ length: 20 }, (_, i) => server.post('call-record', callRecord(100 + i))));
		// And one more right away: the last callback before the restart.
		await server.post('call-record', callRecord(99));
		expect(server.executions).toHaveLength(21);
		forgetProcessMemory();
		await Promise.all(Array.from({ length: 20 }, (_, i) => server.post('call-record', callRecord(100 + i))));
		await server.post('call-record', callRecord(99));
		expect(server.executions).toHaveLength(21);
		expect(Object.keys(savedWindow(server))).toHaveLength(21);
	});
});

test('each request learns the keys in the saved copy (another process, or before a restart)', async () => {
	const server = await trigger();
	await server.post('call-record', callRecord(1));
	// A process that never saw callback 1 handles callback 2, then a fresh one gets both again.
	forgetProcessMemory();
	await server.post('call-record', callRecord(2));
	expect(Object.keys(savedWindow(server))).toEqual(['c:1:0', 'c:2:0']);
	forgetProcessMemory();
	await server.post('call-record', callRecord(2));
	await server.post('call-record', callRecord(1));
	expect(server.executions).toHaveLength(2);
});

test('a burst is saved every few seconds and by the execution of its newest callback, not once per callback', async () => {
	// All twenty are read before n8n has created any execution.
	const server = await trigger({}, { createMs: () => 100 });
	await Promise.all(Array.from({ length: 20 }, (_, i) => server.post('call-record', callRecord(i + 1))));
	expect(server.executions).toHaveLength(20);
	expect(server.saves).toBeLessThanOrEqual(2);
	expect(Object.keys(savedWindow(server))).toHaveLength(20);
	// One at a time, each callback is the newest when its execution runs: each is saved at once.
	for (let id = 21; id <= 23; id++) {
		await server.post('call-record', callRecord(id));
		expect(Object.keys(savedWindow(server))).toContain(`c:${id}:0`);
	}
});

test('a save another node causes writes the current window, not the copy loaded with the request', async () => {
	// The first execution saves the window; the others save because a Code node changed static data, with
	// the trigger's part as their request loaded it (empty) had the trigger not put its window there.
	const server = await trigger({}, { loadMs: 20, createMs: (n) => (n === 0 ? 10 : (10 - n) * 30), otherNodeWritesStaticData: true });
	await Promise.all(Array.from({ length: 10 }, (_, i) => server.post('call-record', callRecord(i + 1))));
	expect(server.saves).toBe(10);
	expect(Object.keys(savedWindow(server))).toHaveLength(10);
	expect(server.storedStaticData()['node:Code']).toBeDefined();
});

test('a process without the window (a queue-mode worker) writes nothing into static data', async () => {
	const node = makeNode('n8n-nodes-byai.byaiTrigger', {}, false);
	const workflow = makeWorkflow(node, { 'node:Byai Trigger': { seenCallbacks: { 'c:1:0': 1 } } }, 'wf-worker');
	saveInExecution(workflow.getStaticData('node', node), `wf-worker:${node.id}`, ['c:2:0']);
	expect(workflow.staticData.__dataChanged).toBe(false);
	expect(JSON.parse(JSON.stringify(workflow.staticData))).toEqual({ 'node:Byai Trigger': { seenCallbacks: { 'c:1:0': 1 } } });
});

test('the saved copy (stored with every execution) keeps recent keys only; memory keeps the whole window', async () => {
	const server = await trigger();
	await server.post('call-record', callRecord(1));
	later(SAVED_SPAN_SECONDS + 60);
	for (let id = 2; id <= SAVED_MAX_KEYS + 11; id++) await server.post('call-record', callRecord(id));
	later(SAVED_SPAN_SECONDS + 60 + SAVE_INTERVAL_MS / 1000 + 1);
	await server.post('call-record', callRecord(1));
	expect(server.executions).toHaveLength(SAVED_MAX_KEYS + 11);
	const saved = Object.keys(savedWindow(server));
	expect(saved).toHaveLength(SAVED_MAX_KEYS);
	expect(saved[0]).toBe('c:12:0');
	expect(saved).not.toContain('c:1:0');
});

test('repeats and filtered-out callbacks do not rewrite static data', async () => {
	const server = await trigger({ filters: { intentionGrades: ['A'] } });
	await server.post('call-record', callRecord(1));
	expect(server.saves).toBe(0);
	await server.post('call-record', intentionChange(1, 'A'));
	await server.post('call-record', intentionChange(1, 'A'));
	expect(server.saves).toBe(1);
});

test('a re-dial of the same call instance (other outcome or start time) is a new call', async () => {
	const server = await trigger();
	await server.post('call-record', callRecord(5, { finishStatus: 6, startTime: '2019-06-01 10:00:00' }));
	await server.post('call-record', callRecord(5, { finishStatus: 6, startTime: '2019-06-01 10:30:00' }));
	await server.post('call-record', callRecord(5, { finishStatus: 0, startTime: '2019-06-01 11:00:00' }));
	await server.post('call-record', callRecord(5, { finishStatus: 0, startTime: '2019-06-01 11:00:00' }));
	expect(itemsOf(server).map((item) => item.finishStatus)).toEqual([6, 6, 0]);
});

test('an inbound call and an outbound call with the same number are different calls', async () => {
	const server = await trigger();
	const inbound = skeleton('inboundCallRecord');
	inbound.data.data.sceneInstance.inboundInstanceId = 1;
	await server.post('call-record', inbound);
	await server.post('call-record', callRecord(1));
	await server.post('call-record', inbound);
	expect(itemsOf(server).map((item) => item.event)).toEqual(['inboundCallFinished', 'callFinished']);
});

test('intention changes: A → B → A are three changes, a repeated A is one', async () => {
	const server = await trigger();
	for (const grade of ['A', 'A', 'B', 'B', 'A', 'A']) await server.post('call-record', intentionChange(2016, grade));
	await server.post('call-record', intentionChange(2017, 'A'));
	expect(itemsOf(server).map((item) => `${item.callInstanceId}:${item.intentionGrade}`)).toEqual(['2016:A', '2016:B', '2016:A', '2017:A']);
});

test('task status with a modification time: each change once, a repeat never', async () => {
	const server = await trigger();
	const paused = taskStatus(535, { status: 5, gmtModified: '2019-06-01 12:00:00' });
	await server.post('task-status', paused);
	await server.post('task-status', taskStatus(535, { status: 5, gmtModified: '2019-06-02 12:00:00' }));
	later(3600);
	await server.post('task-status', paused);
	expect(itemsOf(server).map((item) => item.gmtModified)).toEqual(['2019-06-01 12:00:00', '2019-06-02 12:00:00']);
});

test('task status without a modification time: a repeat counts only briefly, and only until another status came', async () => {
	const server = await trigger();
	const paused = taskStatus(535, { status: 5 });
	await server.post('task-status', paused);
	await server.post('task-status', paused);
	expect(server.executions).toHaveLength(1);
	// The next day's lunch break sends the same body again.
	later(UNTIMED_REPEAT_SECONDS + 1);
	await server.post('task-status', paused);
	expect(server.executions).toHaveLength(2);
	// Paused by the user, then by the system again: three changes.
	await server.post('task-status', taskStatus(535, { status: 4 }));
	await server.post('task-status', paused);
	expect(itemsOf(server).map((item) => item.status)).toEqual([5, 5, 4, 5]);
});

test('keys are kept for Byai\'s retry span, then forgotten', async () => {
	const server = await trigger();
	await server.post('call-record', callRecord(1));
	later(RETRY_SPAN_SECONDS - 60);
	await server.post('call-record', callRecord(1));
	expect(server.executions).toHaveLength(1);
	later(RETRY_SPAN_SECONDS + 60);
	await server.post('call-record', callRecord(1));
	expect(server.executions).toHaveLength(2);
	expect(Object.keys(savedWindow(server))).toEqual(['c:1:0']);
});

test('the window keeps the most recent keys; 0 turns the dedupe off', async () => {
	const small = await trigger({ options: { dedupeWindow: 3 } });
	for (const id of [1, 2, 3, 4, 4, 2, 1]) await small.post('call-record', callRecord(id));
	expect(itemsOf(small).map((item) => item.callInstanceId)).toEqual([1, 2, 3, 4, 1]);
	later(SAVE_INTERVAL_MS / 1000 + 1);
	await small.post('call-record', callRecord(1));
	expect(Object.keys(savedWindow(small))).toEqual(['c:3:0', 'c:4:0', 'c:1:0']);
	const off = await trigger({ options: { dedupeWindow: 0 } });
	for (let i = 0; i < 3; i++) await off.post('call-record', callRecord(1));
	expect(off.executions).toHaveLength(3);
	expect(off.saves).toBe(0);
});

test('unknown events (when included) are deduplicated on their whole body', async () => {
	const server = await trigger({ options: { includeUnknown: true } });
	const unknown = (id: number) => ({ code: 200, data: { dataType: 'SMS_RESULT', data: { id } } });
	for (const id of [1, 1, 2]) await server.post('call-record', unknown(id));
	expect(itemsOf(server).map((item) => (item.data as { data: { id: number } }).data.id)).toEqual([1, 2]);
});

test('a call without a usable id is deduplicated on its content, without its signature fields', async () => {
	const server = await trigger();
	const anonymous = (sign: string | null, duration = 35) => {
		const payload = callRecord(1, { duration });
		delete payload.data.data.sceneInstance.callInstanceId;
		payload.data.data.sign = sign;
		return payload;
	};
	await server.post('call-record', anonymous(null));
	await server.post('call-record', anonymous('c2lnbg=='));
	await server.post('call-record', anonymous(null, 36));
	expect(itemsOf(server).map((item) => item.duration)).toEqual([35, 36]);
});

test('the editor\'s test URL keeps no window: every test event shows, nothing is saved', async () => {
	const server = await trigger({}, { mode: 'manual' });
	for (let i = 0; i < 2; i++) expect((await server.post('call-record', callRecord(1))).text).toBe('success');
	expect(server.executions).toHaveLength(2);
	expect(server.storedStaticData()).toEqual({});
});

test('the window belongs to its workflow: another workflow with the same callback gets its own execution', async () => {
	const first = await trigger();
	const second = await trigger();
	await first.post('call-record', callRecord(1));
	await second.post('call-record', callRecord(1));
	expect([first.executions.length, second.executions.length]).toEqual([1, 1]);
});

describe('dedupe fields on every item: a claim downstream decides as the window does', () => {
	const redials = [callRecord(5, { finishStatus: 6, startTime: '2019-06-01 10:00:00' }), callRecord(5, { finishStatus: 0, startTime: '2019-06-01 11:00:00' })];
	const signed = (sign: string) => {
		const payload = callRecord(1);
		Object.assign(payload.data.data, { sign, dateTime: new Date(testStart).toUTCString() });
		return payload;
	};

	test('the values of each kind of record', async () => {
		const server = await trigger({ options: { includeUnknown: true } });
		for (const payload of [callRecord(1), intentionChange(2016, 'A'), taskStatus(535, { status: 5 }), taskStatus(535, { status: 2, gmtModified: '2019-06-01 12:00:00' })]) await server.post('call-record', payload);
		const fields = itemsOf(server).map(({ dedupeKey, dedupeSubject, dedupeRepeatSeconds }) => ({ dedupeKey, dedupeSubject, dedupeRepeatSeconds }));
		expect(fields).toEqual([
			{ dedupeKey: 'c:1:0', dedupeSubject: 'c:1:0', dedupeRepeatSeconds: RETRY_SPAN_SECONDS },
			{ dedupeKey: 'g:2016=A', dedupeSubject: 'g:2016', dedupeRepeatSeconds: RETRY_SPAN_SECONDS },
			{ dedupeKey: expect.stringMatching(/^T:535=5:/), dedupeSubject: 'T:535', dedupeRepeatSeconds: UNTIMED_REPEAT_SECONDS },
			{ dedupeKey: expect.stringMatching(/^t:535:2:/), dedupeSubject: expect.stringMatching(/^t:535:2:/), dedupeRepeatSeconds: RETRY_SPAN_SECONDS },
		]);
	});

	test('a resend carries the same key (signed anew, JSON or text/plain); a re-dial another; also with the dedupe off', async () => {
		const server = await trigger({ options: { dedupeWindow: 0 } });
		await server.post('call-record', signed('c2lnbjE='));
		later(30);
		await server.post('call-record', JSON.stringify(signed('c2lnbjI=')), { contentType: 'text/plain;charset=utf-8' });
		for (const payload of redials) await server.post('call-record', payload);
		const keys = itemsOf(server).map((item) => item.dedupeKey);
		expect(keys).toHaveLength(4);
		expect(keys[1]).toBe(keys[0]);
		expect(new Set(keys).size).toBe(3);
	});

	/**
	 * The claim of the README's recipe (one atomic statement in a shared database): keyed on the subject,
	 * it succeeds when the subject is new, its last claimed key differs, or that claim is older than the
	 * item's repeat time.
	 */
	const claimed = (items: IDataObject[], claims = new Map<string, { key: unknown; at: number }>()) =>
		items.filter((item) => {
			const last = claims.get(String(item.dedupeSubject));
			const at = Number(item.receivedAt);
			if (last && last.key === item.dedupeKey && at - last.at < Number(item.dedupeRepeatSeconds) * 1000) return false;
			claims.set(String(item.dedupeSubject), { key: item.dedupeKey, at });
			return true;
		});

	test('every delivery let through (as by processes that do not share a window) claims what one window lets through', async () => {
		const deliveries: Array<[number, Payload]> = [
			[0, callRecord(1)],
			[10, signed('c2lnbg==')],
			...redials.map((payload): [number, Payload] => [20, payload]),
			...['A', 'A', 'B', 'A', 'A', 'B'].map((grade, i): [number, Payload] => [30 + i, intentionChange(2016, grade)]),
			[40, taskStatus(535, { status: 5 })],
			[50, taskStatus(535, { status: 5 })],
			// Paused by the system again the next day: the same body.
			[86_400, taskStatus(535, { status: 5 })],
			[86_410, taskStatus(535, { status: 5, gmtModified: '2019-06-02 12:00:00' })],
			[86_420, taskStatus(535, { status: 5, gmtModified: '2019-06-02 12:00:00' })],
			[86_430, callRecord(1)],
		];
		const deliver = async (server: TriggerServer) => {
			const received: IDataObject[] = [];
			for (const [seconds, payload] of deliveries) {
				later(seconds);
				const before = server.executions.length;
				await server.post('call-record', payload);
				for (const item of itemsOf(server).slice(before)) received.push({ ...item, receivedAt: Date.now() });
			}
			return received;
		};
		const window = await deliver(await trigger());
		const everything = await deliver(await trigger({ options: { dedupeWindow: 0 } }));
		expect(everything).toHaveLength(deliveries.length);
		expect(window.map((item) => item.dedupeKey)).toHaveLength(10);
		expect(claimed(everything).map((item) => item.dedupeKey)).toEqual(window.map((item) => item.dedupeKey));
		// A claim on dedupeKey alone would swallow the intention level's return to A, and the next day's pause.
		const byKeyOnly = everything.filter((item, i) => everything.findIndex((other) => other.dedupeKey === item.dedupeKey) === i);
		expect(byKeyOnly.length).toBeLessThan(window.length);
	});
});
