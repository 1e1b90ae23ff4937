'use strict';
// Answer Byai "From a Byai Node" in real n8n (regular mode, every version of the matrix): n8n answers a
// callback with what the Byai node's Callback → Acknowledge sends, only once that node ran, so a step
// before it (here a request held open by the test, standing in for the recipe's claim) comes first. Bad
// callbacks are still refused at once by the trigger; an execution that fails before Acknowledge gets
// Byai no "success"; a workflow without Acknowledge cannot be activated. Queue mode: queue.e2e.test.js.
const crypto = require('crypto');
const http = require('http');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { startN8n, ROOT } = require('./n8n');
const { callbackSample, callbackFor } = require('./storm');
const { e2eVersions } = require('./matrix');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An HTTP server that holds every request until released (or fails it while `fail` is set). */
async function startHold() {
	const hold = { requests: [], fail: false, waiting: [] };
	const server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			const entry = { body, answer: () => response.writeHead(hold.fail ? 500 : 200, { 'content-type': 'application/json' }).end(hold.fail ? '{"error":"down"}' : '{"ok":true}') };
			hold.requests.push(entry);
			if (hold.fail) entry.answer();
			else hold.waiting.push(entry);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return Object.assign(hold, {
		url: `http://127.0.0.1:${server.address().port}/claim`,
		release: () => hold.waiting.splice(0).forEach((entry) => entry.answer()),
		stop: () => new Promise((resolve) => server.close(resolve)),
	});
}

/** Byai Trigger (Answer Byai: From a Byai Node) → Claim (a request to `holdUrl`) → Acknowledge, unless `acknowledge` is false. */
function workflowOf(name, webhookId, holdUrl, { acknowledge = true } = {}) {
	const node = (name_, type, parameters, x, extra = {}) => ({ parameters, name: name_, type, typeVersion: 1, position: [x, 0], id: crypto.randomUUID(), ...extra });
	const nodes = [
		node('Byai Trigger', 'n8n-nodes-byai.byaiTrigger', { answerByai: 'fromByaiNode', events: ['callFinished'], simplify: true, filters: {}, options: {} }, 0, { webhookId }),
		{ ...node('Claim', 'n8n-nodes-base.httpRequest', { method: 'POST', url: holdUrl, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} }, 220), typeVersion: 4.2 },
	];
	if (acknowledge) nodes.push(node('Acknowledge', 'n8n-nodes-byai.byai', { resource: 'callback', operation: 'acknowledge' }, 440));
	const connections = { 'Byai Trigger': { main: [[{ node: 'Claim', type: 'main', index: 0 }]] } };
	if (acknowledge) connections.Claim = { main: [[{ node: 'Acknowledge', type: 'main', index: 0 }]] };
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

describe.each(e2eVersions())('n8n %s: Answer Byai "From a Byai Node"', (version) => {
	let sandbox;
	let n8n;
	let hold;
	let sample;
	let workflow;
	let hook;

	/** Posts callback `callId`; resolves with { status, body }, and marks `settled` when the answer came. */
	function post(body, contentType = 'text/plain;charset=utf-8') {
		const delivery = { settled: false };
		delivery.answer = fetch(hook, { method: 'POST', headers: { 'content-type': contentType }, body }).then(async (response) => {
			delivery.settled = true;
			return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
		});
		return delivery;
	}

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, quiet: true });
		hold = await startHold();
		n8n = await startN8n({ version });
		process.stderr.write(`[e2e] n8n ${version} up (${n8n.url}, log ${path.relative(ROOT, n8n.logFile)})\n`);
		sample = await callbackSample(sandbox.url);
		const webhookId = crypto.randomUUID();
		workflow = await n8n.createWorkflow(workflowOf('Byai: answered by Acknowledge', webhookId, hold.url), { activate: true });
		hook = `${n8n.url}/webhook/${webhookId}/call-record`;
	});
	afterAll(async () => {
		if (workflow) await n8n.deactivate(workflow).catch(() => {});
		await n8n?.stop();
		hold?.release();
		await hold?.stop();
		await sandbox?.stop();
	});

	test('Byai gets "success" only once Acknowledge ran, after the step before it', async () => {
		const delivery = post(callbackFor(sample, 501));
		for (const deadline = Date.now() + 30_000; !hold.waiting.length; await sleep(100)) if (Date.now() > deadline) throw new Error('the claim step was never reached');
		// The execution waits in the claim step: nothing may have been answered yet.
		await sleep(1000);
		expect(delivery.settled).toBe(false);
		hold.release();
		expect(await delivery.answer).toEqual({ status: 200, body: 'success', contentType: expect.stringMatching(/^text\/plain\b/) });
		expect(JSON.parse(hold.requests.at(-1).body)).toMatchObject({ event: 'callFinished', callInstanceId: 501 });
		const [execution] = await n8n.waitForExecutions(workflow.id, 1);
		expect(execution.status).toBe('success');
		expect(await n8n.nodeOutput(execution.id, 'Acknowledge')).toEqual([expect.objectContaining({ ok: true })]);
	});

	test('an execution that fails before Acknowledge is not answered "success" (Byai resends)', async () => {
		hold.fail = true;
		try {
			// n8n 2.x answers 500 "Error in workflow"; 1.x ends the response with 200 and no body when the execution
			// ends. Byai counts only 200 with the exact body "success".
			const answer = await post(callbackFor(sample, 502)).answer;
			expect(answer).toMatchObject(version.startsWith('1.') ? { status: 200, body: '' } : { status: 500 });
			expect(answer.body).not.toBe('success');
		} finally {
			hold.fail = false;
		}
		// The resend is no repeat for the trigger's dedupe: it runs, and is answered this time.
		const resend = post(callbackFor(sample, 502));
		for (const deadline = Date.now() + 30_000; !hold.waiting.length; await sleep(100)) if (Date.now() > deadline) throw new Error('the resend never reached the claim step');
		hold.release();
		expect(await resend.answer).toMatchObject({ status: 200, body: 'success' });
	});

	test('bad callbacks get the trigger\'s own 400 at once and start nothing; a repeat is answered at once', async () => {
		const before = (await n8n.executions(workflow.id)).length;
		expect(await post('not json', 'text/plain').answer).toMatchObject({ status: 400, body: 'not a Byai callback: the body is not JSON' });
		expect(await post('{"code":200,"data":{}}', 'application/json').answer).toMatchObject({ status: 400, body: 'not a Byai callback: "data.dataType" is missing' });
		// 501 was answered "success" above: its repeat starts nothing and does not wait for a claim.
		expect(await post(callbackFor(sample, 501)).answer).toMatchObject({ status: 200, body: 'success' });
		expect(hold.waiting).toHaveLength(0);
		await sleep(1000);
		expect((await n8n.executions(workflow.id)).length).toBe(before);
	});

	test('a workflow whose trigger waits for Acknowledge, without one, gets no webhook (1.x: the activation says why)', async () => {
		const webhookId = crypto.randomUUID();
		const created = await n8n.createWorkflow(workflowOf('Byai: no Acknowledge', webhookId, hold.url, { acknowledge: false }));
		const refusal = await n8n.rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId }).then(
			() => undefined,
			(error) => error.message,
		);
		// n8n 1.x refuses the activation with the trigger's message; 2.41.1 publishes the workflow but, the
		// trigger's create() having failed, registers no webhook (and shows the message nowhere we found).
		if (version.startsWith('1.')) expect(refusal).toMatch(/No Byai node acknowledges the callbacks/);
		else await sleep(3000);
		const answer = await fetch(`${n8n.url}/webhook/${webhookId}/call-record`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: callbackFor(sample, 503) });
		expect({ status: answer.status, success: (await answer.text()) === 'success' }).toEqual({ status: 404, success: false });
	});
});
