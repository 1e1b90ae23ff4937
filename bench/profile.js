'use strict';
// npm run bench:profile: where n8n's CPU goes in the benchmark's jobs. A V8 CPU profile of n8n's main
// thread (--cpu-prof) over the job, each sample charged to the package whose JavaScript was running
// (native work a function waits for synchronously, such as JSON.parse or HMAC, to that function), next to
// the CPU of the whole n8n process from /proc (its other threads: isolated-vm, SQLite, garbage collection
// helpers). A job may have phases (workflows run one after the other in the same n8n), shown side by side
// per unit. For phases that run this package, the CPU under each of its call sites (its innermost frames,
// what they call in n8n included) is listed too. Profiling slows n8n down, so read the shares.
// PROFILE_JOBS picks jobs (reads,expression,import,trigger); PROFILE_CALLBACKS sets the trigger job's callbacks.
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const {
	processCpuSeconds, callbackSample, chain, createTask, customerRows, getTaskNode, importNode, importWorkflow, oneExpressionNode, plainWebhookWorkflow, pool, postCallback, prepare, splitOut, triggerWorkflow, webhook, withEachFreshN8n,
} = require('./run');

const CATEGORIES = [
	['this package (n8n-nodes-byai)', /node_modules\/n8n-nodes-byai\//],
	['axios', /node_modules\/axios\//],
	["n8n's network layer (@n8n/backend-network)", /@n8n\/backend-network\//],
	["n8n's expression isolates (@n8n/expression-runtime, isolated-vm)", /@n8n\/expression-runtime\/|isolated-vm/],
	['n8n-core', /node_modules\/n8n-core\//],
	['n8n-workflow', /node_modules\/n8n-workflow\//],
	['n8n (server, database, webhooks)', /node_modules\/(n8n|@n8n\/[^/]+|@n8n_io\/[^/]+)\/|typeorm|sqlite3/],
];


/** The monotonic clock in µs: V8's profile timestamps and process.hrtime count on the same clock. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const OURS = CATEGORIES[0][1];

/**
 * Main-thread CPU ms between `fromUs` and `toUs`, idle time left out: per category, and per call site of
 * this package (its innermost frame on the stack with the one of ours that called it, whatever it called).
 */
function breakdown(profile, fromUs, toUs) {
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
	const site = new Map();
	const frameName = ({ functionName, url, lineNumber }) => `${functionName || '(anonymous)'} (${url.replace(/.*\/node_modules\//, '').replace(/\/dist\//, '/')}:${lineNumber + 1})`;
	const siteOf = (id) => {
		if (site.has(id)) return site.get(id);
		const ours = [];
		for (let at = id; at !== undefined && ours.length < 2; at = parents.get(at)) {
			const { callFrame } = nodes.get(at);
			if (OURS.test(callFrame.url)) ours.push(frameName(callFrame));
		}
		const value = ours.length ? ours.join(' ← ') : undefined;
		site.set(id, value);
		return value;
	};
	const categories = new Map();
	const sites = new Map();
	/** category → the frame that owns the sample (its own, or the nearest caller with JavaScript) → ms */
	const frames = new Map();
	const ownerFrame = new Map();
	const ownerFrameOf = (id) => {
		if (ownerFrame.has(id)) return ownerFrame.get(id);
		const { callFrame } = nodes.get(id);
		const parent = parents.get(id);
		const value = callFrame.url && !callFrame.url.startsWith('node:') ? frameName(callFrame) : parent === undefined ? callFrame.functionName : ownerFrameOf(parent);
		ownerFrame.set(id, value);
		return value;
	};
	const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
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
		const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		add(categories, category, ms);
		if (!frames.has(category)) frames.set(category, new Map());
		add(frames.get(category), ownerFrameOf(profile.samples[i]), ms);
		const callSite = siteOf(profile.samples[i]);
		if (callSite) add(sites, callSite, ms);
	}
	return { categories, sites, frames };
}

/** Task → Get of 2,000 items in one execution, `parallel` in flight, 3 runs; the id fixed or by expression. */
const taskReads = async ({ n8n, bare, byai }, name, taskIdOf, parallel) => {
	const taskId = await createTask(bare, 3811);
	const run = await prepare(n8n, chain([webhook(`profile-${name}`), splitOut, getTaskNode(byai, taskIdOf(taskId), parallel)]), { items: Array.from({ length: 2000 }, () => ({ taskId })) });
	return { label: name, unit: 'item', count: 6000, run: async () => { for (let i = 0; i < 3; i++) await run(); } };
};

/** Each job sets up its workflows and returns its phases: `run` (the profiled part), `count` × `unit`. */
const JOBS = {
	/** Task → Get, strictly sequential, 2,000 items, 3 runs. */
	reads: async (context) => [await taskReads(context, 'reads', String, 1)],
	/**
	 * The id from each item by expression (`{{ $json.taskId }}`), 5 in flight, next to what it is compared
	 * with in the same n8n: the workflow without the node, Edit Fields setting the same expression (n8n's own
	 * cost of one expression per item), and the node with the id fixed.
	 */
	async expression(context) {
		const { n8n } = context;
		const items = { items: Array.from({ length: 2000 }, () => ({ taskId: 1 })) };
		const threeRuns = (run) => async () => { for (let i = 0; i < 3; i++) await run(); };
		const baseline = await prepare(n8n, chain([webhook('profile-baseline'), splitOut]), items);
		const oneExpression = await prepare(n8n, chain([webhook('profile-one-expression'), splitOut, oneExpressionNode()]), items);
		return [
			{ label: 'webhook + split', unit: 'item', count: 6000, run: threeRuns(baseline) },
			{ label: 'Edit Fields, one expression', unit: 'item', count: 6000, run: threeRuns(oneExpression) },
			await taskReads(context, 'Byai, id fixed', String, 5),
			await taskReads(context, 'Byai, id by expression', () => '={{ $json.taskId }}', 5),
		];
	},
	/** Customer → Import of 100,000 rows, 3 runs. */
	async import({ n8n, bare, byai }) {
		const run = await prepare(n8n, importWorkflow('profile-import', importNode(byai, await createTask(bare, 3812))), { rows: customerRows(100_000) });
		return [{ label: 'import', unit: 'import', count: 3, run: async () => { for (let i = 0; i < 3; i++) await run(); } }];
	},
	/** PROFILE_CALLBACKS (600) distinct callbacks at concurrency 20 to an active Byai Trigger, then as many to n8n's plain Webhook node. */
	async trigger({ sandbox, n8n }) {
		const count = Number(process.env.PROFILE_CALLBACKS || 600);
		const sample = await callbackSample(sandbox);
		const webhookId = crypto.randomUUID();
		await n8n.createWorkflow(triggerWorkflow(webhookId), { activate: true });
		await n8n.createWorkflow(plainWebhookWorkflow('profile-plain'), { activate: true });
		// Half the callbacks each in the order trigger, plain, plain, trigger (as section 5): a fresh n8n's warm-up weighs on both alike.
		const half = Math.floor(count / 2);
		const trigger = (offset) => ({ label: 'Byai Trigger', unit: 'callback', count: half, run: () => pool(half, 20, (i) => postCallback(sample, `${n8n.url}/webhook/${webhookId}/call-record`, 700_000 + offset + i)) });
		const plain = (offset) => ({ label: 'plain Webhook', unit: 'callback', count: half, run: () => pool(half, 20, (i) => postCallback(sample, `${n8n.url}/webhook/profile-plain`, 800_000 + offset + i)) });
		return [trigger(0), plain(0), plain(half), trigger(half)];
	},
};

/** Work a phase leaves running after its last answer (executions of callbacks) is still counted; idle time is not. */
const SETTLE_MS = 2000;

const cpu = (ms) => `${(ms / 1000).toFixed(1)} s`;
const perUnit = (ms, phase) => `${(ms / phase.count).toFixed(3)} ms`;

/** Prints the profile of one job: per category (phases side by side, per unit), then our call sites. */
function report(name, { phases, folder }) {
	// n8n and its task runner each write a profile when they exit; n8n's is the larger.
	const [file] = fs.readdirSync(folder).map((entry) => path.join(folder, entry)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
	if (!file) throw new Error(`n8n wrote no CPU profile into ${folder} (it must exit on its own, not be killed)`);
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	// Phases of one label (the same workflow in turns with another) are added up.
	const results = [];
	const addInto = (into, from) => {
		for (const [key, value] of from) {
			if (value instanceof Map) addInto(into.get(key) ?? into.set(key, new Map()).get(key), value);
			else into.set(key, (into.get(key) ?? 0) + value);
		}
	};
	for (const phase of phases) {
		const { categories, sites, frames } = breakdown(profile, phase.fromUs, phase.toUs);
		let result = results.find((entry) => entry.phase.label === phase.label);
		if (!result) results.push((result = { phase: { label: phase.label, unit: phase.unit, count: 0, processCpu: 0 }, categories: new Map(), sites: new Map(), frames: new Map() }));
		result.phase.count += phase.count;
		result.phase.processCpu += phase.processCpu;
		addInto(result.categories, categories);
		addInto(result.sites, sites);
		addInto(result.frames, frames);
	}
	const busy = (result) => [...result.categories.values()].reduce((sum, ms) => sum + ms, 0);
	console.log(`\n# ${name}: ${results.map(({ phase }) => `${phase.label}: ${phase.count} × ${phase.unit}`).join('; ')}`);
	for (const result of results) {
		console.log(`${result.phase.label}: n8n process CPU, all threads: ${result.phase.processCpu.toFixed(1)} s; its main thread, profiled: ${cpu(busy(result))}`);
	}
	const totals = new Map();
	for (const { categories } of results) for (const [category, ms] of categories) totals.set(category, (totals.get(category) ?? 0) + ms);
	const rows = [...totals].sort((a, b) => b[1] - a[1]);
	const shown = rows.filter(([category], index) => index < 8 || category === CATEGORIES[0][0]).map(([category]) => category);
	const line = (cells) => console.log(`| ${cells.join(' | ')} |`);
	if (results.length === 1) {
		const [result] = results;
		line(['main thread', 'CPU', 'share', 'per unit']);
		line(['---', '---', '---', '---']);
		const rest = rows.filter(([category]) => !shown.includes(category)).reduce((sum, [category]) => sum + (result.categories.get(category) ?? 0), 0);
		for (const [category, ms] of [...shown.map((category) => [category, result.categories.get(category) ?? 0]), ...(rest ? [['everything else', rest]] : [])]) {
			line([category, cpu(ms), `${((100 * ms) / busy(result)).toFixed(0)} %`, perUnit(ms, result.phase)]);
		}
	} else {
		line(['main thread, per unit', ...results.map(({ phase }) => phase.label)]);
		line(['---', ...results.map(() => '---')]);
		for (const category of shown) line([category, ...results.map((result) => perUnit(result.categories.get(category) ?? 0, result.phase))]);
		line(['everything else', ...results.map((result) => perUnit([...result.categories].filter(([category]) => !shown.includes(category)).reduce((sum, [, ms]) => sum + ms, 0), result.phase))]);
		line(['**all**', ...results.map((result) => `**${perUnit(busy(result), result.phase)}**`)]);
	}
	for (const { phase, categories, frames } of results) {
		console.log(`\n${phase.label}: the functions that used the CPU of its largest categories (own time; native code charged to its JavaScript caller)`);
		line(['category', 'function', 'per unit']);
		line(['---', '---', '---']);
		for (const [category] of [...categories].sort((a, b) => b[1] - a[1]).slice(0, 3)) {
			for (const [frame, ms] of [...frames.get(category)].sort((a, b) => b[1] - a[1]).slice(0, 4)) line([category, frame, perUnit(ms, phase)]);
		}
	}
	for (const { phase, sites } of results) {
		if (!sites.size) continue;
		const top = [...sites].sort((a, b) => b[1] - a[1]).slice(0, 10);
		console.log(`\n${phase.label}: this package's call sites (innermost frame of ours ← its caller of ours), main-thread CPU including what they call`);
		line(['call site', 'CPU', 'per unit']);
		line(['---', '---', '---']);
		for (const [callSite, ms] of top) line([callSite, cpu(ms), perUnit(ms, phase)]);
	}
}

async function main() {
	const names = (process.env.PROFILE_JOBS || 'reads,expression,import,trigger').split(',').map((name) => name.trim());
	const unknown = names.filter((name) => !JOBS[name]);
	if (unknown.length) throw new Error(`unknown job(s) ${unknown.join(', ')}; known: ${Object.keys(JOBS).join(', ')}`);
	// n8n writes its profile when it exits, so each job is read once its n8n has stopped.
	const profiled = new Map(names.map((name) => [name, { folder: fs.mkdtempSync(path.join(os.tmpdir(), 'byai-profile-')) }]));
	const envOf = (name) => ({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${profiled.get(name).folder}`.trim() });
	try {
		await withEachFreshN8n(names, envOf, async (name, context) => {
			const phases = await JOBS[name](context);
			for (const phase of phases) {
				const [fromUs, cpuBefore] = [nowUs(), processCpuSeconds(context.n8n.pid)];
				await phase.run();
				await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
				Object.assign(phase, { fromUs, toUs: nowUs(), processCpu: processCpuSeconds(context.n8n.pid) - cpuBefore });
			}
			profiled.get(name).phases = phases;
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
