'use strict';
// npm run bench:queue: the Byai Trigger and the Byai node in n8n's queue mode against regular mode, on the
// same load in one run (BENCHMARKS.md, "Queue mode").
//
// - Callbacks: the same Byai Trigger workflow (bench/run.js's, executions kept) gets BENCH_QUEUE_CALLBACKS
//   distinct call-record callbacks (2,000) at concurrency 20 in each configuration: regular mode (one n8n,
//   SQLite, n8n's default), queue mode with one webhook processor, queue mode with two (every second callback
//   to the other). Each configuration gets half the load twice, in the order A B C C B A, so that a slow
//   phase of the machine weighs on all alike. Measured: callbacks acknowledged per second, p50/p99 of the
//   acknowledgement, the time until every execution has finished, and the CPU time each process used.
// - Reads: Task → Get ×BENCH_READS (2,000) in one execution, 5 in flight, started by a webhook that answers
//   when the workflow is done: regular mode against queue mode (a webhook processor enqueues, a worker runs
//   it), BENCH_REPEATS interleaved rounds (5) after a warm-up, medians.
// Queue mode here: Postgres (durable settings), Redis, main, two webhook processors, one worker (10 jobs).
// The script prints a table ready to paste.
const crypto = require('crypto');
const fs = require('fs');

const { startSandbox } = require('../sandbox');
const { startN8n } = require('../e2e/n8n');
const { startQueueMode } = require('../e2e/queue');
const { storm, callbackSample, percentile } = require('../e2e/storm');
const { sleep } = require('../e2e/processes');
const { chain, getTaskNode, prepare, splitOut, triggerWorkflow, webhook } = require('./run');

const CALLBACKS = Number(process.env.BENCH_QUEUE_CALLBACKS || 2000);
const READS = Number(process.env.BENCH_READS || 2000);
const REPEATS = Number(process.env.BENCH_REPEATS || 5);
const CONCURRENCY = 20;
const FINISHED = ['success', 'error', 'crashed'];

/** CPU seconds used so far by `pid` and its descendants (reaped children included). */
function cpuSeconds(pid) {
	const stats = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
			stats.push({ pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) });
		} catch {
			// gone meanwhile
		}
	}
	const tree = new Set([pid]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const stat of stats) if (!tree.has(stat.pid) && tree.has(stat.ppid)) grew = tree.add(stat.pid);
	}
	return stats.filter((stat) => tree.has(stat.pid)).reduce((sum, stat) => sum + stat.ticks, 0) / 100;
}

/** CPU seconds per named process, for `processes` ({ name: pid }), used while `fn` runs. */
async function measuredCpu(processes, fn) {
	const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
	const value = await fn();
	return { value, cpu: Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid) - before[name]])) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const format = (seconds) => `${seconds.toFixed(1)} s`;

async function main() {
	const sandbox = await startSandbox({ port: 0, quiet: true, dialer: { paused: true, callIntervalMs: 60_000 } });
	const env = { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none' };
	let regular;
	let cluster;
	try {
		regular = await startN8n({ env });
		cluster = await startQueueMode({ webhookProcessors: 2, workers: 1, env });
		console.log(`regular n8n ${regular.url}; queue mode: main ${cluster.main.url}, webhook processors ${cluster.webhooks.map((w) => w.url).join(', ')}, worker ${cluster.workers[0].url}`);
		const sample = await callbackSample(sandbox.url);

		// Callbacks.
		const webhookId = crypto.randomUUID();
		const regularTrigger = await regular.createWorkflow(triggerWorkflow(webhookId), { activate: true });
		const queueTrigger = await cluster.main.createWorkflow(triggerWorkflow(webhookId), { activate: true });
		const hook = (base) => `${base}/webhook/${webhookId}/call-record`;
		const queueProcesses = { main: cluster.main.pid, 'webhook 1': cluster.webhooks[0].pid, 'webhook 2': cluster.webhooks[1].pid, worker: cluster.workers[0].pid, Postgres: cluster.postgres.pid, Redis: cluster.redis.pid };
		const configurations = {
			regular: { targets: [hook(regular.url)], processes: { n8n: regular.pid }, executed: async () => (await regular.rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: regularTrigger.id, status: FINISHED }))}&limit=1`)).count },
			queue1: { targets: [hook(cluster.webhooks[0].url)], processes: queueProcesses },
			queue2: { targets: cluster.webhooks.map((processor) => hook(processor.url)), processes: queueProcesses },
		};
		const queueExecuted = async () => (await cluster.executions(queueTrigger.id)).filter((execution) => FINISHED.includes(execution.status)).length;
		configurations.queue1.executed = queueExecuted;
		configurations.queue2.executed = queueExecuted;
		const totals = Object.fromEntries(Object.keys(configurations).map((name) => [name, { wallMs: 0, drainMs: 0, latencies: [], answers: new Map(), cpu: {}, sent: 0 }]));
		let nextCallId = 5_000_000;
		const half = Math.floor(CALLBACKS / 2);
		for (const name of ['regular', 'queue1', 'queue2', 'queue2', 'queue1', 'regular']) {
			const configuration = configurations[name];
			const total = totals[name];
			const executedBefore = await configuration.executed();
			const started = Date.now();
			const { value: sent, cpu } = await measuredCpu(configuration.processes, async () => {
				const result = await storm({ sample, targets: configuration.targets, unique: half, firstCallId: nextCallId, concurrency: CONCURRENCY, maxAttempts: 1 });
				// Until every execution has run (queue mode acknowledges before that).
				for (const deadline = Date.now() + 600_000; (await configuration.executed()) < executedBefore + half && Date.now() < deadline; ) await sleep(500);
				return result;
			});
			nextCallId += half;
			total.wallMs += sent.wallMs;
			total.drainMs += Date.now() - started;
			total.latencies.push(...sent.latencies);
			total.sent += half;
			for (const [answer, count] of sent.answers) total.answers.set(answer, (total.answers.get(answer) ?? 0) + count);
			for (const [process_, seconds] of Object.entries(cpu)) total.cpu[process_] = (total.cpu[process_] ?? 0) + seconds;
			console.log(`${name}: ${half} callbacks in ${format(sent.wallMs / 1000)}, all executed after ${format((Date.now() - started) / 1000)}`);
		}

		// Reads.
		const taskId = (await (await fetch(`${sandbox.url}/admin/seed/done-calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ companyId: 3811, count: 1 }) })).json()).taskId;
		const readsWorkflow = async (n8n) => {
			const credential = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
			const byai = (name, parameters) => ({ parameters, name, type: 'n8n-nodes-byai.byai', typeVersion: 1, position: [400, 0], credentials: { byaiApi: { id: credential.id, name: credential.name } }, id: crypto.randomUUID() });
			return chain([webhook('bench-queue-reads'), splitOut, getTaskNode(byai, String(taskId), 5)]);
		};
		const items = Array.from({ length: READS }, () => ({ taskId }));
		const readers = {
			regular: await prepare(regular, await readsWorkflow(regular), { items }),
			// Created through main, started through a webhook processor.
			queue: await prepare({ ...cluster.main, url: cluster.webhooks[0].url }, await readsWorkflow(cluster.main), { items }),
		};
		const readMs = { regular: [], queue: [] };
		for (const read of Object.values(readers)) await read(); // warm-up
		for (let round = 0; round < REPEATS; round++) {
			for (const name of round % 2 ? ['queue', 'regular'] : ['regular', 'queue']) {
				const started = Date.now();
				await readers[name]();
				readMs[name].push(Date.now() - started);
			}
		}

		// The table.
		const row = (label, values) => console.log(`| ${label} | ${values.join(' | ')} |`);
		const names = ['regular', 'queue1', 'queue2'];
		console.log(`\n${CALLBACKS.toLocaleString('en')} distinct callbacks per configuration at concurrency ${CONCURRENCY} (A B C C B A); ${READS.toLocaleString('en')} Task → Get reads, ${REPEATS} rounds\n`);
		row('measure', ['regular mode (SQLite)', 'queue mode, 1 webhook processor', 'queue mode, 2 webhook processors']);
		row('---', names.map(() => '---'));
		row('answers', names.map((name) => Object.entries(Object.fromEntries(totals[name].answers)).map(([answer, count]) => `${count} × \`${answer}\``).join(', ')));
		row('callbacks acknowledged per second', names.map((name) => `**${(totals[name].sent / (totals[name].wallMs / 1000)).toFixed(1)}**`));
		row('acknowledgement p50 / p99', names.map((name) => `${percentile(totals[name].latencies, 50).toFixed(0)} / ${percentile(totals[name].latencies, 99).toFixed(0)} ms`));
		row('every execution finished after', names.map((name) => format(totals[name].drainMs / 1000)));
		row('CPU per callback, by process', names.map((name) => Object.entries(totals[name].cpu).map(([process_, seconds]) => `${process_} ${((seconds * 1000) / totals[name].sent).toFixed(0)} ms`).join(', ')));
		row('CPU per callback, all processes', names.map((name) => `${((Object.values(totals[name].cpu).reduce((a, b) => a + b, 0) * 1000) / totals[name].sent).toFixed(0)} ms`));
		const [regularReads, queueReads] = [median(readMs.regular), median(readMs.queue)];
		console.log(`\n| measure | regular mode | queue mode | queue / regular |\n|---|---|---|---|`);
		console.log(`| Task → Get ×${READS.toLocaleString('en')} in one execution, 5 in flight (median of ${REPEATS}) | ${format(regularReads / 1000)} | ${format(queueReads / 1000)} | **${(queueReads / regularReads).toFixed(2)}×** |`);
	} finally {
		await cluster?.stop();
		await regular?.stop();
		await sandbox.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
