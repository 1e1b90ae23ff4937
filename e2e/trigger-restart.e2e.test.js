'use strict';
// The Byai Trigger's dedupe window across a graceful n8n restart, in a real n8n of every version of the
// matrix (the unit tests simulate n8n's static-data handling and cannot see what n8n really saves):
// callbacks, the restart right after the last one ran, then Byai's resends of all of them. No resend may
// start an execution, also when another node of the workflow changes static data in every execution.
// Also who answers malformed bodies, and how: n8n's body parser or the node.
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { startN8n, freePort, ROOT } = require('./n8n');
const { e2eVersions } = require('./matrix');

const CALLBACKS = Number(process.env.BYAI_E2E_RESTART_CALLBACKS || 200);
const reference = JSON.parse(fs.readFileSync(path.join(ROOT, 'sandbox', 'byai-api', 'callbacks.json'), 'utf8'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const skeleton = (name) => JSON.parse(JSON.stringify(reference.callbacks.find((callback) => callback.name === name).exampleSkeleton));

/** Call records of distinct calls, and a few intention changes and task events. */
function callbacks(count) {
	const bodies = [];
	for (let i = 0; i < count; i++) {
		const kind = i % 20;
		if (kind === 18) {
			const change = skeleton('manualIntentionChange');
			change.data.data.taskResult[0].sceneInstanceId = 500_000 + i;
			bodies.push(change);
		} else if (kind === 19) {
			const task = skeleton('taskStatus');
			Object.assign(task.data.data, { callJobId: 600_000 + i, status: 5 });
			bodies.push(task);
		} else {
			const call = skeleton('callRecord');
			Object.assign(call.data.data.sceneInstance, { callInstanceId: 400_000 + i, startTime: `2026-12-01 10:${String(i % 60).padStart(2, '0')}:00` });
			bodies.push(call);
		}
	}
	return bodies;
}

/**
 * One POST, tried again like Byai does when n8n did not answer "success": a connection n8n dropped (a
 * reused keep-alive connection it had just closed), or a 503 while its database is busy (a loaded machine).
 */
async function post(url, body, contentType, untilSuccess = false) {
	for (let attempt = 1; ; attempt++) {
		let answer;
		try {
			const response = await fetch(url, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
			answer = `${response.status} ${await response.text()}`;
		} catch (error) {
			if (attempt === 5) throw error;
		}
		if (answer !== undefined && (!untilSuccess || answer === '200 success' || attempt === 5)) return answer;
		if (answer !== undefined) process.stderr.write(`[e2e] resending after "${answer.slice(0, 100)}"\n`);
		await sleep(1000);
	}
}

/** Posts every body (JSON and text/plain alternately), `concurrency` at a time; resolves with the answers. */
async function deliver(url, bodies, concurrency = 10) {
	const answers = new Array(bodies.length);
	let next = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const i = next++;
			const contentType = i % 2 ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8';
			answers[i] = await post(url, JSON.stringify(bodies[i]), contentType, true);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return answers;
}

/** How many executions of the workflow n8n holds (with `status`: only those); the list's count, no paging. */
async function executionCount(n8n, workflowId, status) {
	const filter = encodeURIComponent(JSON.stringify(status ? { workflowId, status } : { workflowId }));
	const { count, results } = await n8n.rest('GET', `/executions?filter=${filter}&limit=1`);
	return count ?? results.length;
}

/** Waits until the workflow has at least `count` executions and none unfinished; returns how many. */
async function executionsSettled(n8n, workflowId, count, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const total = await executionCount(n8n, workflowId);
		if (total >= count && (await executionCount(n8n, workflowId, ['new', 'running', 'waiting'])) === 0) return total;
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: ${total} executions, expected ${count} finished, after ${timeoutMs / 1000} s`);
		await sleep(300);
	}
}

/** A workflow: the Byai Trigger (every event) and one node after it. */
function triggerWorkflow(name, sink) {
	const webhookId = crypto.randomUUID();
	return {
		webhookId,
		definition: {
			name,
			nodes: [
				{ parameters: { events: ['callFinished', 'inboundCallFinished', 'intentionChanged', 'taskStatusChanged'], options: {} }, name: 'Byai Trigger', type: 'n8n-nodes-byai.byaiTrigger', typeVersion: 1, position: [0, 0], webhookId, id: crypto.randomUUID() },
				{ ...sink, name: 'Sink', position: [220, 0], id: crypto.randomUUID() },
			],
			connections: { 'Byai Trigger': { main: [[{ node: 'Sink', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		},
	};
}

describe.each(e2eVersions())('n8n %s: Byai Trigger across a restart', (version) => {
	let n8n;
	let userFolder;
	let port;
	// The trigger's own saves; and saves a Code node causes in every execution (it changes static data too).
	const workflows = [
		triggerWorkflow('Byai callbacks, No Op after', { parameters: {}, type: 'n8n-nodes-base.noOp', typeVersion: 1 }),
		triggerWorkflow('Byai callbacks, a Code node changing static data after', {
			parameters: { jsCode: "const data = $getWorkflowStaticData('global');\ndata.runs = (data.runs || 0) + 1;\nreturn $input.all();" },
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
		}),
	];
	const hook = ({ webhookId }) => `${n8n.url}/webhook/${webhookId}/call-record`;
	const start = async () => {
		n8n = await startN8n({ version, userFolder, port });
	};

	beforeAll(async () => {
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `byai-restart-${version}-`));
		port = await freePort();
		await start();
		for (const workflow of workflows) workflow.id = (await n8n.createWorkflow(workflow.definition, { activate: true })).id;
	});
	afterAll(async () => {
		await n8n?.stop();
		if (userFolder && !process.env.BYAI_E2E_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	test(`${CALLBACKS} callbacks, a graceful restart right after the last one ran, then all of them again: no resend starts an execution`, async () => {
		const bodies = callbacks(CALLBACKS);
		const answers = await Promise.all(workflows.map((workflow) => deliver(hook(workflow), bodies)));
		expect(new Set(answers.flat())).toEqual(new Set(['200 success']));
		for (const workflow of workflows) expect(await executionsSettled(n8n, workflow.id, CALLBACKS)).toBe(CALLBACKS);

		await n8n.stop();
		await start();
		// New callbacks after the resends: once they ran, every resend that started an execution has too.
		const fresh = callbacks(CALLBACKS + 5).slice(CALLBACKS);
		const residuals = [];
		for (const workflow of workflows) {
			expect(new Set(await deliver(hook(workflow), bodies))).toEqual(new Set(['200 success']));
			await deliver(hook(workflow), fresh);
			await executionsSettled(n8n, workflow.id, CALLBACKS + fresh.length);
			await sleep(1000);
			const residual = (await executionsSettled(n8n, workflow.id, CALLBACKS + fresh.length)) - CALLBACKS - fresh.length;
			process.stderr.write(`[e2e] n8n ${version}, ${workflow.definition.name}: ${residual} of ${CALLBACKS} resends after the restart started an execution\n`);
			residuals.push(residual);
			expect(await executionCount(n8n, workflow.id, ['success'])).toBe(CALLBACKS + fresh.length + residual);
		}
		expect(residuals).toEqual([0, 0]);
	}, 900_000);

	// [body, content type, what answers, status]: n8n parses application/json itself before the node runs.
	const MALFORMED = [
		['{"code":200,"data":', 'application/json;charset=utf-8', 'n8n', 422],
		['not json', 'application/json', 'n8n', 422],
		['', 'application/json', 'node', 400],
		['[{"data":{}}]', 'application/json', 'node', 400],
		['{"code":200,"resultMsg":"成功"}', 'application/json', 'node', 400],
		['{"code":200,"data":', 'text/plain;charset=utf-8', 'node', 400],
		['not json', 'text/plain', 'node', 400],
		['', 'text/plain', 'node', 400],
		['not json', undefined, 'node', 400],
	];
	test('malformed bodies: n8n answers 422 to broken JSON sent as application/json, the node 400 to the rest; nothing starts', async () => {
		const [workflow] = workflows;
		const before = await executionCount(n8n, workflow.id);
		const measured = [];
		for (const [body, contentType] of MALFORMED) {
			const [status, text] = (await post(hook(workflow), body, contentType)).split(/ (.*)/s);
			measured.push([body, contentType, text.startsWith('not a Byai callback') ? 'node' : 'n8n', Number(status)]);
		}
		process.stderr.write(`[e2e] n8n ${version}: malformed bodies ${JSON.stringify(measured.map(([body, type, who, status]) => `${type ?? 'none'} ${JSON.stringify(body)} → ${status} (${who})`))}\n`);
		expect(measured).toEqual(MALFORMED);
		await sleep(1000);
		expect(await executionCount(n8n, workflow.id)).toBe(before);
	});
});
