'use strict';
// n8n 2.41.1 in queue mode, the way big accounts scale: Postgres, Redis, a main process, two webhook
// processors and two workers (e2e/queue.js), the package loaded as n8n's Community Nodes installer does.
// (a) the campaign example runs on a worker; (b) a callback storm across both webhook processors, through
// the exactly-once recipe (examples/callbacks-exactly-once.json: Byai gets `success` from its Acknowledge,
// once the callback is claimed), counted per callback: answers, executions, claims, effects at a stand-in
// CRM; (c) the same during faults: a worker killed and started again, Postgres restarted, Redis restarted.
// What was not answered `success` is resent as Byai does (e2e/storm.js); nothing is retried by hand.
// The figures go to stderr and to .e2e-artifacts/queue-storms.json.
//
// BYAI_QUEUE_STORM (2000) unique callbacks in (b), BYAI_QUEUE_FAULT_STORM (150) in each fault of (c); 30 %
// of them get a copy to the other webhook processor. BYAI_E2E_QUEUE=0 skips the suite. BYAI_QUEUE_NO_CLAIM=1
// runs it with a Claim that lets everything through: (b) must then fail with duplicate effects.
const fs = require('fs');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { withCredential, readExample, ARTIFACTS } = require('./n8n');
const { startQueueMode } = require('./queue');
const { installRecipe } = require('./recipe');
const { startCapture } = require('./crm');
const { storm, callbackSample, percentile } = require('./storm');
const { queueModeVersion, QUEUE_MODE_VERSION } = require('./matrix');
const { sleep } = require('./processes');

const VERSION = queueModeVersion();
const STORM = Number(process.env.BYAI_QUEUE_STORM || 2000);
const FAULT_STORM = Number(process.env.BYAI_QUEUE_FAULT_STORM || 150);
const LEASE_SECONDS = 20;
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/** The call ids of the Byai Trigger's items in an execution (from its output, or its start data if it never ran). */
function triggerCallIds(execution) {
	const ran = execution.data?.resultData?.runData?.['Byai Trigger']?.[0]?.data?.main?.[0];
	const queued = execution.data?.executionData?.nodeExecutionStack?.find((entry) => entry.node.name === 'Byai Trigger')?.data?.main?.[0];
	return (ran ?? queued ?? []).map((item) => Number(item.json.callInstanceId));
}
const claimOutcome = (execution) => execution.data?.resultData?.runData?.Claim?.[0]?.data?.main?.[0]?.[0]?.json?.claimed;

const count = (values) => values.reduce((map, value) => map.set(value, (map.get(value) ?? 0) + 1), new Map());
const histogram = (map) => Object.fromEntries([...count([...map.values()])].sort(([a], [b]) => a - b));

(VERSION ? describe : describe.skip)(`n8n ${QUEUE_MODE_VERSION} in queue mode`, () => {
	let sandbox;
	let crm;
	let cluster;
	let recipe;
	let sample;
	const results = {};

	beforeAll(async () => {
		const started = Date.now();
		sandbox = await startSandbox({ port: 0, quiet: true, dialer: { callIntervalMs: 10 } });
		crm = await startCapture();
		// Main marks executions whose job is gone "crashed" every minute (n8n's default: 3 hours), so that the
		// figures see them finished.
		cluster = await startQueueMode({ version: VERSION, fast: true, webhookProcessors: 2, workers: 2, env: { N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1' } });
		const credential = await cluster.main.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
		await cluster.main.createWorkflow(withCredential(readExample('campaign-from-list.json'), credential), { activate: true });
		recipe = await installRecipe(cluster, { crmUrl: crm.url, leaseSeconds: LEASE_SECONDS, takeOverOnDemand: true, claim: process.env.BYAI_QUEUE_NO_CLAIM !== '1' });
		sample = await callbackSample(sandbox.url);
		process.stderr.write(`[queue] Postgres, Redis, main, ${cluster.webhooks.length} webhook processors, ${cluster.workers.length} workers up in ${((Date.now() - started) / 1000).toFixed(0)} s (${path.relative(process.cwd(), cluster.dir)})\n`);
	}, 600_000);

	afterAll(async () => {
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		fs.writeFileSync(path.join(ARTIFACTS, 'queue-storms.json'), JSON.stringify(results, null, 2));
		await cluster?.stop();
		await crm?.stop();
		await sandbox?.stop();
	}, 120_000);

	/**
	 * Waits until the recipe's executions and the CRM's requests stop changing for `quietMs`, or `timeoutMs`
	 * passed. (Not until none is open: after a fault n8n can leave executions "new" or "running" for good.)
	 */
	async function settle(timeoutMs, quietMs = 10_000) {
		const deadline = Date.now() + timeoutMs;
		let last;
		let since = Date.now();
		for (;;) {
			const executions = await cluster.executions(recipe.workflow.id);
			const state = JSON.stringify([crm.requests.length, executions.map((execution) => execution.status)]);
			if (state !== last) [last, since] = [state, Date.now()];
			if (Date.now() - since >= quietMs || Date.now() > deadline) return executions.filter((execution) => !FINISHED.includes(execution.status)).length;
			await sleep(2000);
		}
	}

	/** A storm (e2e/storm.js) at the recipe's call-record URLs; remembers which executions came before it. */
	async function stormOf(options) {
		const afterExecution = Math.max(0, ...(await cluster.executions(recipe.workflow.id)).map((execution) => execution.id));
		return { ...(await storm({ sample, targets: recipe.callRecordUrls, concurrency: 20, ...options })), afterExecution };
	}

	/**
	 * Per unique callback of `sent` (a storm started by stormOf): acknowledged or not, executions, claims and
	 * effects at the CRM. Lost: a callback answered `success` that never reached the CRM. Duplicate: more than
	 * one CRM request accepted.
	 */
	async function tally(sent) {
		const ids = new Set(sent.uniques.keys());
		const all = (await cluster.executions(recipe.workflow.id, { withData: true })).filter((execution) => execution.id > sent.afterExecution);
		const executions = all.filter((execution) => triggerCallIds(execution).some((id) => ids.has(id)));
		// n8n overwrites the data of an execution whose worker died ("job stalled"): its callback is unknown.
		const erased = all.filter((execution) => !triggerCallIds(execution).length && !execution.data?.resultData?.runData?.['Take Over Stale Claims']);
		const perCallback = count(executions.flatMap(triggerCallIds));
		// An effect is a request the CRM accepted (it answers 503 while "down").
		const effects = count(crm.requests.filter((request) => request.status === 200).map((request) => Number(request.json?.callInstanceId)).filter((id) => ids.has(id)));
		const claims = (await recipe.claims()).filter((claim) => ids.has(Number(claim.callId)));
		const acknowledged = [...sent.uniques].filter(([, unique]) => unique.acknowledged).map(([id]) => id);
		const lost = acknowledged.filter((id) => !effects.has(id));
		const stuck = executions.filter((execution) => !FINISHED.includes(execution.status));
		return {
			uniques: ids.size,
			copies: [...sent.uniques.values()].filter((unique) => unique.deliveries.some((delivery) => delivery.copy)).length,
			deliveries: sent.latencies.length,
			answers: Object.fromEntries(sent.answers),
			acknowledged: acknowledged.length,
			wallSeconds: Math.round(sent.wallMs / 1000),
			ackMs: { p50: Math.round(percentile(sent.latencies, 50)), p99: Math.round(percentile(sent.latencies, 99)) },
			executions: executions.length,
			executionStatus: Object.fromEntries(count(executions.map((execution) => execution.status))),
			executionsPerCallback: histogram(perCallback),
			repeatsStoppedByClaim: executions.filter((execution) => claimOutcome(execution) === false).length,
			executionsWithDataErased: erased.length,
			erasedBecause: [...new Set(erased.map((execution) => execution.data?.resultData?.error?.message ?? execution.status))],
			claims: Object.fromEntries(count(claims.map((claim) => claim.state))),
			takenOver: claims.filter((claim) => claim.attempts > 1).length,
			effects: [...effects.values()].reduce((sum, n) => sum + n, 0),
			lost: lost.length,
			lostWithoutClaim: lost.filter((id) => !claims.some((claim) => Number(claim.callId) === id)).length,
			// Executions n8n left "new" or "running" (their job is gone from the queue) and the callbacks lost with them.
			stuckExecutions: stuck.length,
			lostWithStuckExecution: lost.filter((id) => stuck.some((execution) => triggerCallIds(execution).includes(id))).length,
			duplicateEffects: [...effects.values()].filter((n) => n > 1).length,
			// How the first lost ones were answered (for the reader of a failure).
			lostDeliveries: Object.fromEntries(lost.slice(0, 5).map((id) => [id, sent.uniques.get(id).deliveries.map(({ status, body, copy, attempt, target }) => `${copy ? 'copy' : 'first'}#${attempt} → :${new URL(target).port} ${status} ${body}`)])),
		};
	}

	function report(name, figures) {
		results[name] = figures;
		process.stderr.write(`[queue] ${name}: ${JSON.stringify(figures)}\n`);
	}

	test('(a) the campaign example runs on a worker, answered through a webhook processor, with the same results as in regular mode', async () => {
		const customers = Array.from({ length: 4 }, (_, i) => ({ phone: `1350000${String(i).padStart(4, '0')}`, name: `客户Q-${i}`, crmId: `C-Q-${i}`, 产品名称: '白金卡', 到期日期: '2026-12-31' }));
		const response = await fetch(`${cluster.webhooks[1].url}/webhook/byai-campaign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ companyId: 3812, taskName: 'queue mode', customers }) });
		const text = await response.text();
		expect({ status: response.status, text: text.slice(0, 300) }).toMatchObject({ status: 200 });
		const answer = JSON.parse(text);
		expect(answer.import).toEqual({ rows: customers.length, sent: customers.length, success: customers.length, repeat: 0, placeFail: 0, fail: 0, invalid: 0, invalidRows: [] });
		const { calls } = answer;
		expect(calls.map((call) => call.customerTelephone).sort()).toEqual(customers.map((customer) => customer.phone));
		for (const call of calls) expect(call).toMatchObject({ callInstanceId: expect.any(Number), finishStatusLabel: expect.any(String), customerName: expect.stringMatching(/^客户Q-/) });
		const { tasks } = await (await fetch(`${sandbox.url}/admin/state`)).json();
		expect(tasks.filter((task) => task.name === 'queue mode')).toEqual([expect.objectContaining({ companyId: 3812, status: 2, customers: customers.length, done: customers.length })]);

		// It ran on a worker: the webhook processor enqueued it, one worker started it.
		const [execution] = await cluster.main.executions((await cluster.main.workflows()).find((workflow) => workflow.name === 'Byai: campaign from a list').id);
		expect(execution.status).toBe('success');
		const logOf = (process_) => fs.readFileSync(process_.logFile, 'utf8');
		expect(logOf(cluster.webhooks[1])).toContain(`Enqueued execution ${execution.id} (job`);
		expect(cluster.workers.filter((worker) => logOf(worker).includes(`Worker started execution ${execution.id} (job`))).toHaveLength(1);
	});

	test(`(b) storm across both webhook processors: ${STORM} callbacks + 30 % copies to the other processor, each effect once`, async () => {
		const copies = Math.round(STORM * 0.15);
		const sent = await stormOf({ unique: STORM, firstCallId: 1_000_000, simultaneous: copies, delayed: copies });
		await settle(600_000);
		const figures = await tally(sent);
		report('storm', figures);

		expect(figures.copies).toBe(2 * copies);
		// Every callback acknowledged, by the recipe's Acknowledge once claimed (a 503 from a webhook processor
		// whose database ping was slow, or an execution main's queue recovery marked crashed while its job was
		// still being queued, got no "success" and was resent: nothing is retried by hand).
		expect(figures.acknowledged).toBe(STORM);
		const { success, crashed = 0, ...otherStatus } = figures.executionStatus;
		expect(otherStatus).toEqual({});
		expect(crashed).toBeLessThanOrEqual(figures.deliveries - STORM - 2 * copies); // each crashed one was resent
		expect(figures.executionsPerCallback['0']).toBeUndefined(); // every callback started an execution
		expect(figures.repeatsStoppedByClaim).toBeGreaterThanOrEqual(2 * copies); // every copy ran and stopped at the claim
		expect({ lost: figures.lost, duplicateEffects: figures.duplicateEffects, effects: figures.effects }).toEqual({ lost: 0, duplicateEffects: 0, effects: STORM });
		expect(figures.claims).toEqual({ done: STORM });
		expect(success).toBeGreaterThanOrEqual(STORM + 2 * copies);
	}, 900_000);

	describe('(c) faults during a storm', () => {
		let nextCallId = 2_000_000;
		const nextStorm = () => (nextCallId += 100_000);

		/**
		 * A storm of FAULT_STORM callbacks; `fault()` runs once 30 % of the deliveries are out. The storm resends
		 * what was not answered `success` (Byai's resends); then the recipe's take-over of stale claims. Nothing
		 * is retried by hand: no callback answered `success` may be lost, and none that was not.
		 */
		async function stormWith(name, fault) {
			const copies = Math.round(FAULT_STORM * 0.15);
			let faulted;
			const sent = await stormOf({
				unique: FAULT_STORM,
				firstCallId: nextStorm(),
				simultaneous: copies,
				delayed: copies,
				onProgress: (deliveries) => {
					if (!faulted && deliveries >= FAULT_STORM * 0.3) faulted = fault();
				},
			});
			const faultMs = await faulted;
			await settle(300_000);
			// Claims whose execution died stay "claimed": after the lease, Take Over Stale Claims redoes them.
			if ((await recipe.claims()).some((claim) => claim.state === 'claimed')) {
				await sleep(LEASE_SECONDS * 1000);
				expect((await recipe.takeOver()).status).toBe(200);
				await settle(120_000);
			}
			const figures = { faultMs, ...(await tally(sent)) };
			report(name, figures);
			expect(figures.acknowledged).toBe(FAULT_STORM); // Byai's resends got every callback acknowledged in the end
			expect(figures.lost).toBe(0);
			expect(figures.claims).toEqual({ done: FAULT_STORM });
			// A second effect only where a take-over redid one whose first attempt had reached the CRM.
			expect(figures.duplicateEffects).toBeLessThanOrEqual(figures.takenOver);
			return figures;
		}
		const timed = async (fn) => {
			const started = Date.now();
			await fn();
			return Date.now() - started;
		};
		const allRunning = () => [cluster.main, ...cluster.webhooks, ...cluster.workers].every((process_) => process_.running());

		test('the CRM down: executions fail after their claim, Take Over Stale Claims redoes each once', async () => {
			crm.down = true;
			const unique = 40;
			const sent = await stormOf({ unique, firstCallId: nextStorm(), simultaneous: 5, concurrency: 10 });
			await settle(180_000);
			const down = await tally(sent);
			crm.down = false;
			await sleep(LEASE_SECONDS * 1000);
			const takeOver = await recipe.takeOver();
			await settle(120_000);
			const figures = { ...(await tally(sent)), whileDown: { claims: down.claims, effects: down.effects, executionStatus: down.executionStatus } };
			report('CRM down', figures);
			expect(takeOver.status).toBe(200);
			expect(down).toMatchObject({ effects: 0, claims: { claimed: unique } });
			expect(figures).toMatchObject({ acknowledged: unique, lost: 0, duplicateEffects: 0, effects: unique, takenOver: unique, claims: { done: unique } });
		}, 600_000);

		test('a worker killed (SIGKILL) and started again', async () => {
			// n8n fails the dead worker's jobs as "stalled" and overwrites their executions' data; their callbacks
			// were not acknowledged unless claimed first (then the take-over redoes them).
			await stormWith('worker killed', () => timed(() => cluster.restartWorker(0, { signal: 'SIGKILL' })));
		}, 900_000);

		test('Postgres restarted', async () => {
			await stormWith('Postgres restarted', () => timed(() => cluster.postgres.restart({ downMs: 3000 })));
			expect(allRunning()).toBe(true);
		}, 900_000);

		test('Redis restarted', async () => {
			await stormWith('Redis restarted', () => timed(() => cluster.redis.restart({ downMs: 3000 })));
			expect(allRunning()).toBe(true);
		}, 900_000);
	});
});
