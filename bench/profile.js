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

const { startSandbox } = require('../sandbox');
const { bareClient, chain, pool, prepare, rl, splitOut, startBenchN8n, triggerWorkflow, webhook } = require('./run');

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
		const taskId = await bare.post('/openapi/v1/task/createTask', { companyId: 3811, taskName: 'profile', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 });
		const run = await prepare(n8n, chain([webhook('profile-reads'), splitOut, byai('Get Task', { resource: 'task', operation: 'get', companyId: rl('3811'), taskId: rl(String(taskId)), simplify: true, requestOptions: { parallelRequests: 1 } })]), { items: Array.from({ length: 2000 }, () => ({ taskId })) });
		return { unit: 'request', count: 6000, run: async () => { for (let i = 0; i < 3; i++) await run(); } };
	},
	/** Customer → Import of 100,000 rows, 3 runs. */
	async import({ n8n, bare, byai }) {
		const taskId = await bare.post('/openapi/v1/task/createTask', { companyId: 3812, taskName: `profile ${crypto.randomUUID()}`, taskType: 2, userPhoneIds: [107], robotDefId: 206, callType: 1 });
		const rows = Array.from({ length: 100_000 }, (_, i) => ({ phone: `1${String(3000000000 + i)}`, name: `客户${i}` }));
		const run = await prepare(n8n, chain([webhook('profile-import', 'firstEntryJson'), { ...splitOut, parameters: { fieldToSplitOut: 'body.rows', options: {} } }, byai('Import', { resource: 'customer', operation: 'import', companyId: rl('3812'), taskId: rl(String(taskId)), phoneColumn: 'phone', nameColumn: 'name' })]), { rows });
		return { unit: 'import', count: 3, run: async () => { for (let i = 0; i < 3; i++) await run(); } };
	},
	/** 600 distinct callbacks at concurrency 20 to an active Byai Trigger. */
	async trigger({ sandbox, n8n }) {
		const sample = (await (await fetch(`${sandbox.url}/admin/callbacks/sample?type=callRecord`)).json()).payload;
		const webhookId = crypto.randomUUID();
		await n8n.createWorkflow(triggerWorkflow(webhookId), { activate: true });
		const post = async (i) => {
			const body = JSON.parse(JSON.stringify(sample));
			body.data.data.sceneInstance.callInstanceId = 700_000 + i;
			await (await fetch(`${n8n.url}/webhook/${webhookId}/call-record`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).text();
		};
		return { unit: 'callback', count: 600, run: () => pool(600, 20, post) };
	},
};

async function main() {
	const jobs = (process.env.PROFILE_JOBS || 'reads,import,trigger').split(',').map((name) => name.trim());
	const sandbox = await startSandbox({ port: 0, quiet: true, dialer: { paused: true, callIntervalMs: 60_000 } });
	const bare = bareClient(sandbox);
	try {
		for (const name of jobs) {
			if (!JOBS[name]) throw new Error(`unknown job "${name}"; known: ${Object.keys(JOBS).join(', ')}`);
			const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'byai-profile-'));
			const { n8n, byai } = await startBenchN8n(sandbox, { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${folder}`.trim() });
			let job;
			let window;
			try {
				job = await JOBS[name]({ sandbox, n8n, bare, byai });
				const [fromUs, cpuBefore] = [nowUs(), processCpuSeconds(n8n.pid)];
				await job.run();
				window = { fromUs, toUs: nowUs(), processCpu: processCpuSeconds(n8n.pid) - cpuBefore };
			} finally {
				await n8n.stop();
			}
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
			fs.rmSync(folder, { recursive: true, force: true });
		}
	} finally {
		await sandbox.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
