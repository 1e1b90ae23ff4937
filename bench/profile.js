'use strict';
// npm run bench:profile: where n8n's CPU goes in three of the benchmark's jobs, from a V8 CPU profile of the
// n8n process (--cpu-prof). Every sampled moment is charged to the package whose JavaScript was running
// (native work such as JSON.parse or HMAC to the JavaScript that called it). Profiling slows everything
// down, so read the shares, not the milliseconds. PROFILE_JOBS picks jobs (default reads,import,trigger).
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { bareClient, chain, prepare, rl, splitOut, startBenchN8n, webhook } = require('./run');

const CATEGORIES = [
	['this package (n8n-nodes-byai)', /node_modules\/n8n-nodes-byai\//],
	['axios', /node_modules\/axios\//],
	["n8n's network layer (@n8n/backend-network)", /@n8n\/backend-network\//],
	["n8n's expression isolates (@n8n/expression-runtime, isolated-vm)", /@n8n\/expression-runtime\/|isolated-vm/],
	['n8n-core', /node_modules\/n8n-core\//],
	['n8n-workflow', /node_modules\/n8n-workflow\//],
	['n8n (server, database, webhooks)', /node_modules\/(n8n|@n8n\/[^/]+|@n8n_io\/[^/]+)\/|typeorm|sqlite3/],
];

/** Whether a profile node is the entry of this package's nodes (the action node's execute(), the trigger's webhook()). */
const isEntry = (node) => /node_modules\/n8n-nodes-byai\//.test(node.callFrame.url) && ['execute', 'webhook'].includes(node.callFrame.functionName);

/**
 * CPU ms per category, the idle time left out, from the first to the last moment this package's nodes ran
 * (n8n's start-up is left out; what n8n does around the job, between those moments, is in).
 */
function breakdown(file) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parents = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
	const inEntry = new Map();
	const underEntry = (id) => {
		if (!inEntry.has(id)) inEntry.set(id, isEntry(nodes.get(id)) || (parents.has(id) && underEntry(parents.get(id))));
		return inEntry.get(id);
	};
	const marks = profile.samples.flatMap((id, i) => (underEntry(id) ? [i] : []));
	const [first, last] = [marks[0] ?? 0, marks.at(-1) ?? -1];
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
	for (let i = first; i <= last; i++) {
		const node = nodes.get(profile.samples[i]);
		if (node.callFrame.functionName === '(idle)') continue;
		const url = ownerOf(profile.samples[i]);
		const category =
			CATEGORIES.find(([, pattern]) => pattern.test(url))?.[0] ??
			(url ? (/.*node_modules\/((@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? 'other JavaScript') : 'Node.js and V8 (sockets, GC, no JavaScript caller)');
		totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
	}
	return totals;
}

const JOBS = {
	/** Task → Get, strictly sequential, 2,000 items, 3 runs. */
	async reads({ n8n, bare, byai }) {
		const taskId = await bare.post('/openapi/v1/task/createTask', { companyId: 3811, taskName: 'profile', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 });
		const run = await prepare(n8n, chain([webhook('profile-reads'), splitOut, byai('Get Task', { resource: 'task', operation: 'get', companyId: rl('3811'), taskId: rl(String(taskId)), simplify: true, requestOptions: { parallelRequests: 1 } })]), { items: Array.from({ length: 2000 }, () => ({ taskId })) });
		for (let i = 0; i < 3; i++) await run();
		return { unit: 'request', count: 6000 };
	},
	/** Customer → Import of 100,000 rows, 3 runs. */
	async import({ n8n, bare, byai }) {
		const taskId = await bare.post('/openapi/v1/task/createTask', { companyId: 3812, taskName: `profile ${crypto.randomUUID()}`, taskType: 2, userPhoneIds: [107], robotDefId: 206, callType: 1 });
		const rows = Array.from({ length: 100_000 }, (_, i) => ({ phone: `1${String(3000000000 + i)}`, name: `客户${i}` }));
		const run = await prepare(n8n, chain([webhook('profile-import', 'firstEntryJson'), { ...splitOut, parameters: { fieldToSplitOut: 'body.rows', options: {} } }, byai('Import', { resource: 'customer', operation: 'import', companyId: rl('3812'), taskId: rl(String(taskId)), phoneColumn: 'phone', nameColumn: 'name' })]), { rows });
		for (let i = 0; i < 3; i++) await run();
		return { unit: 'import', count: 3 };
	},
	/** 600 distinct callbacks at concurrency 20 to an active Byai Trigger. */
	async trigger({ sandbox, n8n }) {
		const sample = (await (await fetch(`${sandbox.url}/admin/callbacks/sample?type=callRecord`)).json()).payload;
		const webhookId = crypto.randomUUID();
		await n8n.createWorkflow({ name: 'profile trigger', nodes: [{ parameters: { events: ['callFinished'], simplify: true, options: {} }, name: 'Byai Trigger', type: 'n8n-nodes-byai.byaiTrigger', typeVersion: 1, position: [0, 0], webhookId, id: crypto.randomUUID() }], connections: {}, settings: { executionOrder: 'v1' } }, { activate: true });
		let next = 0;
		await Promise.all(Array.from({ length: 20 }, async () => {
			while (next < 600) {
				const body = JSON.parse(JSON.stringify(sample));
				body.data.data.sceneInstance.callInstanceId = 700_000 + next++;
				await (await fetch(`${n8n.url}/webhook/${webhookId}/call-record`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).text();
			}
		}));
		return { unit: 'callback', count: 600 };
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
			const { n8n, byai } = await startBenchN8n(sandbox, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${folder}` });
			let job;
			try {
				job = await JOBS[name]({ sandbox, n8n, bare, byai });
			} finally {
				await n8n.stop();
			}
			// n8n and its task runner each write a profile; n8n's is the larger.
			const [file] = fs.readdirSync(folder).map((entry) => path.join(folder, entry)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
			const totals = breakdown(file);
			const busy = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
			console.log(`\n# ${name}: n8n's CPU while running ${job.count} × ${job.unit}`);
			console.log('| where | CPU | share | per unit |\n|---|---|---|---|');
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
