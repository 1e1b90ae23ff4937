'use strict';
// npm run bench:profile: where n8n's CPU goes in three of the benchmark's jobs. A V8 CPU profile of n8n's
// main thread (--cpu-prof) over the job, each sample charged to the package whose JavaScript was running
// (native work a function waits for synchronously, such as JSON.parse or HMAC, to that function), next to
// the CPU of the whole n8n process from /proc (its other threads: isolated-vm, SQLite, garbage collection
// helpers). Profiling slows n8n down, so read the shares. PROFILE_JOBS picks jobs (reads,import,trigger).
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { callbackSample, chain, createTask, customerRows, getTaskNode, importNode, importWorkflow, pool, postCallback, prepare, splitOut, triggerWorkflow, webhook, withEachFreshN8n } = require('./run');

const CATEGORIES = [
	['this package (n8n-nodes-byai)', /node_modules\/n8n-nodes-byai\//],
	['axios', /node_modules\/axios\//],
	["n8n's network layer (@n8n/backend-network)", /@n8n\/backend-network\//],
	["n8n's expression isolates (@n8n/expression-runtime, isolated-vm)", /@n8n\/expression-runtime\/|isolated-vm/],
	['n8n-core', /node_modules\/n8n-core\//],
	['n8n-workflow', /node_modules\/n8n-workflow\//],
	['n8n (server, database, webhooks)', /node_modules\/(n8n|@n8n\/[^/]+|@n8n_io\/[^/]+)\/|typeorm|sqlite3/],
];

/** CPU seconds the process has used so far, all threads (utime + stime of /proc/<pid>/stat). */
function processCpuSeconds(pid) {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks of 1/100 s (USER_HZ)
}

/** The monotonic clock in µs: V8's profile timestamps and process.hrtime count on the same clock. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Main-thread CPU ms per category between `fromUs` and `toUs`, idle time left out. */
function breakdown(file, fromUs, toUs) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parents = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
	const owner = new Map();
	const ownerOf = (id) => {
		if (owner.has(id)) return owner.get(id);
		const { url } = nodes.get(id).callFrame;
		const parent = parents.get(id);
		const value = url && !url.startsWith('node:') ? url : parent === undefined ? '' : ownerOf(parent);
		owner.set(id, value);
		return value;
	};
	const totals = new Map();
	let at = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		at += profile.timeDeltas[i];
		if (at < fromUs || at > toUs) continue;
		const { functionName } = nodes.get(profile.samples[i]).callFrame;
		if (functionName === '(idle)') continue;
		const url = ownerOf(profile.samples[i]);
		const category =
			['(garbage collector)', '(program)'].includes(functionName) ? `V8 ${functionName}`
			: CATEGORIES.find(([, pattern]) => pattern.test(url))?.[0] ??
				(url ? (/.*node_modules\/((@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? 'other JavaScript') : 'Node.js internals (sockets, streams, timers)');
		totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
	}
	return totals;
}

/** Each job sets up its workflow and returns what to measure: `run` (the profiled part), `count` × `unit`. */
const JOBS = {
	/** Task → Get, strictly sequential, 2,000 items, 3 runs. */
	async reads({ n8n, bare, byai }) {
		const taskId = await createTask(bare, 3811);
		const run = await prepare(n8n, chain([webhook('profile-reads'), splitOut, getTaskNode(byai, String(taskId), 1)]), { items: Array.from({ length: 2000 }, () => ({ taskId })) });
		return { unit: 'request', count: 6000, run: async () => { for (let i = 0; i < 3; i++) await run(); } };
	},
	/** Customer → Import of 100,000 rows, 3 runs. */
	async import({ n8n, bare, byai }) {
		const run = await prepare(n8n, importWorkflow('profile-import', importNode(byai, await createTask(bare, 3812))), { rows: customerRows(100_000) });
		return { unit: 'import', count: 3, run: async () => { for (let i = 0; i < 3; i++) await run(); } };
	},
	/** 600 distinct callbacks at concurrency 20 to an active Byai Trigger. */
	async trigger({ sandbox, n8n }) {
		const sample = await callbackSample(sandbox);
		const webhookId = crypto.randomUUID();
		await n8n.createWorkflow(triggerWorkflow(webhookId), { activate: true });
		return { unit: 'callback', count: 600, run: () => pool(600, 20, (i) => postCallback(sample, `${n8n.url}/webhook/${webhookId}/call-record`, 700_000 + i)) };
	},
};

/** Prints the profile of one job as a table. */
function report(name, { job, window, folder }) {
	// n8n and its task runner each write a profile when they exit; n8n's is the larger.
	const [file] = fs.readdirSync(folder).map((entry) => path.join(folder, entry)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
	if (!file) throw new Error(`n8n wrote no CPU profile into ${folder} (it must exit on its own, not be killed)`);
	const totals = breakdown(file, window.fromUs, window.toUs);
	const busy = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
	console.log(`\n# ${name}: ${job.count} × ${job.unit}`);
	console.log(`n8n process CPU, all threads: ${window.processCpu.toFixed(1)} s; its main thread, profiled: ${(busy / 1000).toFixed(1)} s`);
	console.log('| main thread | CPU | share | per unit |\n|---|---|---|---|');
	const rows = [...totals].sort((a, b) => b[1] - a[1]);
	const shown = rows.filter(([category], index) => index < 8 || category === CATEGORIES[0][0]);
	const rest = rows.filter((row) => !shown.includes(row)).reduce((sum, [, ms]) => sum + ms, 0);
	for (const [category, ms] of rest ? [...shown, ['everything else', rest]] : shown) {
		console.log(`| ${category} | ${(ms / 1000).toFixed(1)} s | ${((100 * ms) / busy).toFixed(0)} % | ${(ms / job.count).toFixed(2)} ms |`);
	}
}

async function main() {
	const names = (process.env.PROFILE_JOBS || 'reads,import,trigger').split(',').map((name) => name.trim());
	const unknown = names.filter((name) => !JOBS[name]);
	if (unknown.length) throw new Error(`unknown job(s) ${unknown.join(', ')}; known: ${Object.keys(JOBS).join(', ')}`);
	// n8n writes its profile when it exits, so each job is read once its n8n has stopped.
	const profiled = new Map(names.map((name) => [name, { folder: fs.mkdtempSync(path.join(os.tmpdir(), 'byai-profile-')) }]));
	const envOf = (name) => ({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${profiled.get(name).folder}`.trim() });
	try {
		await withEachFreshN8n(names, envOf, async (name, context) => {
			const job = await JOBS[name](context);
			const [fromUs, cpuBefore] = [nowUs(), processCpuSeconds(context.n8n.pid)];
			await job.run();
			Object.assign(profiled.get(name), { job, window: { fromUs, toUs: nowUs(), processCpu: processCpuSeconds(context.n8n.pid) - cpuBefore } });
		});
		for (const [name, result] of profiled) report(name, result);
	} finally {
		for (const { folder } of profiled.values()) fs.rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
