'use strict';
// npm run bench: the Byai node in a real n8n (2.41.1) against a bare Node client with the same signing,
// and against what users build today (HTTP Request + Crypto nodes). Everything runs side by side in
// one run against the sandbox, so the ratios hold on a noisy machine; absolute times do not.
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');

const { startSandbox } = require('../sandbox');
const { startN8n } = require('../e2e/n8n');

const N = Number(process.env.BENCH_READS || 2000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS || 100_000);
const DONE_CALLS = Number(process.env.BENCH_DONE_CALLS || 50_000);
const CALLBACKS = Number(process.env.BENCH_CALLBACKS || 5000);
const PARALLEL = Number(process.env.BENCH_PARALLEL || 5);
const REPEATS = Number(process.env.BENCH_REPEATS || 5);

const results = [];
const report = (name, value) => {
	results.push([name, value]);
	console.log(`${name}: ${value}`);
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

function rssPeakMb(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** The bare client: fetch with the same signing, `parallel` requests in flight. */
function bareClient(sandbox) {
	const headers = () => {
		const datetime = new Date().toUTCString();
		return { appkey: sandbox.appKey, datetime, sign: crypto.createHmac('sha1', sandbox.appSecret).update(`${sandbox.appKey}\n${datetime}`).digest('base64'), accept: 'application/json' };
	};
	const url = (path, query) => {
		const target = new URL(sandbox.url + path);
		for (const [key, value] of Object.entries(query)) target.searchParams.set(key, String(value));
		return target;
	};
	const data = (body) => {
		if (body.code !== 200) throw new Error(body.resultMsg);
		return body.data;
	};
	return {
		async get(path, query) {
			return data(await (await fetch(url(path, query), { headers: headers() })).json());
		},
		/** The same read on a new connection, as n8n's request helper sends each request (no keep-alive). */
		getOnNewConnection(path, query) {
			return new Promise((resolve, reject) => {
				const request = http.get(url(path, query), { headers: headers(), agent: false }, (response) => {
					const chunks = [];
					response.on('data', (chunk) => chunks.push(chunk));
					response.on('end', () => {
						try {
							resolve(data(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
						} catch (error) {
							reject(error);
						}
					});
					response.on('error', reject);
				});
				request.on('error', reject);
			});
		},
		async post(path, payload) {
			const response = await fetch(sandbox.url + path, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(payload) });
			return data(await response.json());
		},
	};
}

async function pool(count, parallel, work) {
	let next = 0;
	await Promise.all(Array.from({ length: Math.min(parallel, count) }, async () => {
		while (next < count) await work(next++);
	}));
}

async function timed(fn) {
	const started = process.hrtime.bigint();
	const value = await fn();
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/**
 * Runs every measure once per round (after one warm-up round) and keeps each one's median: on a noisy
 * machine a slow phase then hits all of them alike, so their ratios hold.
 */
async function interleaved(measures, n8nPid) {
	const runs = Object.fromEntries(Object.keys(measures).map((name) => [name, []]));
	const cpu = Object.fromEntries(Object.keys(measures).map((name) => [name, []]));
	for (const fn of Object.values(measures)) await fn();
	for (let round = 0; round < REPEATS; round++) {
		for (const [name, fn] of Object.entries(measures)) {
			const cpuBefore = n8nPid ? processCpuSeconds(n8nPid) : 0;
			runs[name].push((await timed(fn)).ms);
			if (n8nPid) cpu[name].push((processCpuSeconds(n8nPid) - cpuBefore) * 1000);
		}
	}
	const median = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
	const medians = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, median(list)]));
	// With `n8nPid`, also the n8n process's CPU ms per measure (all threads): what a loaded machine changes least.
	return n8nPid ? { ...medians, n8nCpuMs: Object.fromEntries(Object.entries(cpu).map(([name, list]) => [name, median(list)])) } : medians;
}

/** CPU seconds the process has used so far, all threads (utime + stime of /proc/<pid>/stat). */
function processCpuSeconds(pid) {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks of 1/100 s (USER_HZ)
}

const webhook = (path, responseData = 'noData') => ({
	parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData, options: {} },
	name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: crypto.randomUUID(), id: crypto.randomUUID(),
});
const splitOut = { parameters: { fieldToSplitOut: 'body.items', options: {} }, name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], id: crypto.randomUUID() };
const chain = (nodes) => ({
	name: `bench ${crypto.randomUUID().slice(0, 8)}`,
	nodes,
	connections: Object.fromEntries(nodes.slice(0, -1).map((node, i) => [node.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }])),
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'none', saveManualExecutions: false },
});

/** Activates `workflow`; returns a function that runs it once through its production webhook with `body`. */
async function prepare(n8n, workflow, body) {
	await n8n.createWorkflow(workflow, { activate: true });
	const path = workflow.nodes[0].parameters.path;
	return async () => {
		const response = await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const text = await response.text();
		if (!response.ok) throw new Error(`${path}: ${response.status} ${text.slice(0, 300)}`);
		return text;
	};
}

/** n8n's own price of one expression per item: Edit Fields setting `{{ $json.taskId }}`, nothing else. */
const oneExpressionNode = () => ({
	parameters: { assignments: { assignments: [{ id: crypto.randomUUID(), name: 'taskId', value: '={{ $json.taskId }}', type: 'number' }] }, options: {} },
	name: 'Expression', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [400, 0], id: crypto.randomUUID(),
});

const rl = (value) => ({ __rl: true, mode: 'id', value });

/** n8n with this package and a credential for the sandbox; `byai(name, parameters)` builds a Byai node. */
async function startBenchN8n(sandbox, env = {}) {
	const n8n = await startN8n({ version: process.env.BENCH_N8N_VERSION || '2.41.1', env: { N8N_PAYLOAD_SIZE_MAX: '256', EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', ...env } });
	const credential = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
	const credentials = { byaiApi: { id: credential.id, name: credential.name } };
	const byai = (name, parameters) => ({ parameters, name, type: 'n8n-nodes-byai.byai', typeVersion: 1, position: [400, 0], credentials, id: crypto.randomUUID() });
	return { n8n, byai };
}

/** The task a job works on: reads on company 3811, imports on 3812 (each caller gets a task of its own). */
const TASK_SETUP = { 3811: { userPhoneIds: [102], robotDefId: 202 }, 3812: { userPhoneIds: [107], robotDefId: 206 } };
const createTask = (bare, companyId) => bare.post('/openapi/v1/task/createTask', { companyId, taskName: `bench ${crypto.randomUUID()}`, taskType: 2, ...TASK_SETUP[companyId], callType: 1 });

/** Task → Get of company 3811; `taskId` is an id or an expression. */
const getTaskNode = (byai, taskId, parallelRequests) => byai('Get Task', { resource: 'task', operation: 'get', companyId: rl('3811'), taskId: rl(taskId), simplify: true, requestOptions: { parallelRequests } });

/** `count` customer rows, as a spreadsheet would give them. */
const customerRows = (count) => Array.from({ length: count }, (_, i) => ({ phone: `1${String(3000000000 + i)}`, name: `客户${i}` }));

/** Webhook → Split Out of body.rows → `last` (the import, or its No-Op twin). */
const importWorkflow = (path, last) => chain([webhook(path, 'firstEntryJson'), { ...splitOut, parameters: { fieldToSplitOut: 'body.rows', options: {} } }, last]);
const importNode = (byai, taskId) => byai('Import', { resource: 'customer', operation: 'import', companyId: rl('3812'), taskId: rl(String(taskId)), phoneColumn: 'phone', nameColumn: 'name' });

/** Posts the sandbox's sample call-record callback with call id `callId` to `url`; returns "status body". */
async function postCallback(sample, url, callId) {
	const body = JSON.parse(JSON.stringify(sample));
	body.data.data.sceneInstance.callInstanceId = callId;
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return `${response.status} ${(await response.text()).slice(0, 40)}`;
}
const callbackSample = async (sandbox) => (await (await fetch(`${sandbox.url}/admin/callbacks/sample?type=callRecord`)).json()).payload;

/**
 * Starts the sandbox and, for each of `names` in turn, a fresh n8n (extra environment from `envOf(name)`),
 * which `work(name, context)` uses and which is stopped afterwards: what one job leaves behind (memory,
 * database rows) does not slow the next.
 */
async function withEachFreshN8n(names, envOf, work) {
	const sandbox = await startSandbox({ port: 0, quiet: true, dialer: { paused: true, callIntervalMs: 60_000 } });
	const bare = bareClient(sandbox);
	try {
		for (const name of names) {
			const { n8n, byai } = await startBenchN8n(sandbox, envOf(name));
			try {
				await work(name, { sandbox, n8n, bare, byai });
			} finally {
				await n8n.stop();
			}
		}
	} finally {
		await sandbox.stop();
	}
}

/** 1 and 2: reads through the node against a bare client, and against HTTP Request + Crypto. */
async function reads({ sandbox, n8n, bare, byai }) {
	const taskId = await createTask(bare, 3811);
	const items = Array.from({ length: N }, () => ({ taskId }));
	const readers = (parallelRequests) => ({
		companies: byai('Companies', { resource: 'company', operation: 'getAll', requestOptions: { parallelRequests } }),
		task: getTaskNode(byai, String(taskId), parallelRequests),
		taskByExpression: getTaskNode(byai, '={{ $json.taskId }}', parallelRequests),
	});
	const parallel = readers(PARALLEL);
	const sequential = readers(1);
	// What users build today: the Crypto node signs each item, the HTTP Request node sends it.
	const diy = (taskIdValue) => [
		{ parameters: { action: 'hmac', type: 'SHA1', value: `=${sandbox.appKey}\n{{ $now.toUTC().toHTTP() }}`, dataPropertyName: 'sign', secret: sandbox.appSecret, encoding: 'base64' }, name: 'Sign', type: 'n8n-nodes-base.crypto', typeVersion: 1, position: [400, 0], id: crypto.randomUUID() },
		{
			parameters: {
				url: `${sandbox.url}/openapi/v1/task/getTaskDetail`, sendQuery: true, queryParameters: { parameters: [{ name: 'companyId', value: '3811' }, { name: 'taskId', value: taskIdValue }] },
				sendHeaders: true, headerParameters: { parameters: [{ name: 'appkey', value: sandbox.appKey }, { name: 'datetime', value: '={{ $now.toUTC().toHTTP() }}' }, { name: 'sign', value: '={{ $json.sign }}' }] }, options: {},
			},
			name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [600, 0], id: crypto.randomUUID(),
		},
	];
	const readsWorkflow = async (name, nodes) => prepare(n8n, chain([webhook(`bench-${name}`), splitOut, ...nodes]), { items });
	const bareReads = (parallelRequests, path, query) => () => pool(N, parallelRequests, () => bare.get(path, query));
	const bareReadsOnNewConnections = (parallelRequests, path, query) => () => pool(N, parallelRequests, () => bare.getOnNewConnection(path, query));
	const companiesPath = '/openapi/v1/company/getCompanys';
	const taskPath = '/openapi/v1/task/getTaskDetail';

	console.log(`\n# 1, 2. ${N} reads in one execution (${PARALLEL} in flight, and strictly sequential), ${REPEATS} interleaved rounds`);
	const ms = await interleaved({
		baseline: await readsWorkflow('baseline', []),
		oneExpression: await readsWorkflow('one-expression', [oneExpressionNode()]),
		companies: await readsWorkflow('companies', [parallel.companies]),
		bareCompanies: bareReads(PARALLEL, companiesPath, {}),
		companiesSequential: await readsWorkflow('companies-seq', [sequential.companies]),
		bareCompaniesSequential: bareReads(1, companiesPath, {}),
		task: await readsWorkflow('task', [parallel.task]),
		bareTask: bareReads(PARALLEL, taskPath, { companyId: 3811, taskId }),
		taskSequential: await readsWorkflow('task-seq', [sequential.task]),
		bareTaskSequential: bareReads(1, taskPath, { companyId: 3811, taskId }),
		bareTaskSequentialNewConnections: bareReadsOnNewConnections(1, taskPath, { companyId: 3811, taskId }),
		taskByExpression: await readsWorkflow('task-expression', [parallel.taskByExpression]),
		diy: await readsWorkflow('diy', diy(String(taskId))),
		diyByExpression: await readsWorkflow('diy-expression', diy('={{ $json.taskId }}')),
	}, n8n.pid);
	const net = (name) => ms[name] - ms.baseline; // the workflow minus the same webhook + split without the node
	const expressionCost = net('oneExpression');
	report('workflow without the Byai node (webhook + split of the items; subtracted below)', seconds(ms.baseline));
	report("n8n's own cost of one expression per item (Edit Fields `{{ $json.taskId }}`)", seconds(expressionCost));
	// The realistic case first: each item gives its own id, read by expression. Its floor is the bare client
	// plus what n8n charges any node for one expression per item.
	report(
		`1. Task → Get, id from each item by expression, ${PARALLEL} in flight: Byai node / (bare client + n8n's cost of one expression per item) (target ≤ 1.3×)`,
		`${seconds(net('taskByExpression'))} / (${seconds(ms.bareTask)} + ${seconds(expressionCost)}) = **${ratio(net('taskByExpression'), ms.bareTask + expressionCost)}**`,
	);
	report('1. the same: Byai node / bare client alone', `${seconds(net('taskByExpression'))} / ${seconds(ms.bareTask)} = ${ratio(net('taskByExpression'), ms.bareTask)}`);
	// n8n's CPU (all its threads) moves least when other work shares the machine: the expression's price in it.
	const cpu = (name) => ms.n8nCpuMs[name] - ms.n8nCpuMs.baseline;
	report(
		"1. the same, n8n's CPU: the expression's price to the Byai node (by expression − fixed ids) / to Edit Fields (target ≤ 1×)",
		`${seconds(cpu('taskByExpression') - cpu('task'))} / ${seconds(cpu('oneExpression'))} = **${ratio(cpu('taskByExpression') - cpu('task'), cpu('oneExpression'))}** (n8n CPU: fixed ids ${seconds(cpu('task'))}, by expression ${seconds(cpu('taskByExpression'))}, HTTP Request + Crypto by expression ${seconds(cpu('diyByExpression'))})`,
	);
	report('2. the same job, id by expression in both: HTTP Request + Crypto / Byai node (target ≥ 2.5×)', `${seconds(net('diyByExpression'))} / ${seconds(net('taskByExpression'))} = **${ratio(net('diyByExpression'), net('taskByExpression'))}**`);
	// Fixed ids (every item the same): the lower bound.
	for (const [label, name, bareName] of [
		[`Task → Get, ${PARALLEL} in flight`, 'task', 'bareTask'],
		['Task → Get, strictly sequential', 'taskSequential', 'bareTaskSequential'],
		[`Company → Get Many, ${PARALLEL} in flight`, 'companies', 'bareCompanies'],
		['Company → Get Many, strictly sequential', 'companiesSequential', 'bareCompaniesSequential'],
	]) {
		report(`1. fixed ids: ${label}: Byai node / bare client (target ≤ 1.3×)`, `${seconds(net(name))} / ${seconds(ms[bareName])} = **${ratio(net(name), ms[bareName])}**`);
	}
	report(
		'1. fixed ids: Task → Get, strictly sequential: Byai node / bare client opening a new connection per request, as n8n does',
		`${seconds(net('taskSequential'))} / ${seconds(ms.bareTaskSequentialNewConnections)} = ${ratio(net('taskSequential'), ms.bareTaskSequentialNewConnections)}`,
	);
	report('2. fixed ids: the same Task → Get job as HTTP Request + Crypto / Byai node (target ≥ 3×)', `${seconds(net('diy'))} / ${seconds(net('task'))} = **${ratio(net('diy'), net('task'))}**`);
}

/** 3: a 100,000-row import against the sandbox's raw ingest of the same chunks. */
async function bulkImport({ n8n, bare, byai }) {
	console.log(`\n# 3. Bulk import: ${IMPORT_ROWS} rows in chunks of 10,000`);
	const rows = customerRows(IMPORT_ROWS);
	const rawTask = await createTask(bare, 3812);
	const importTaskId = await createTask(bare, 3812);
	const rssBefore = rssPeakMb(n8n.pid);
	const imports = await interleaved({
		raw: async () => {
			for (let i = 0; i < rows.length; i += 10_000) await bare.post('/openapi/v2/task/importTaskCustomer', { companyId: 3812, taskId: rawTask, customerInfoList: rows.slice(i, i + 10_000) });
		},
		// The same workflow with a No-Op node instead of the import: what remains is the import's own cost.
		baseline: await prepare(n8n, importWorkflow('bench-import-baseline', { parameters: {}, name: 'Import', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], id: crypto.randomUUID() }), { rows }),
		node: await prepare(
			n8n,
			// The task id is fixed, as the raw client's: an expression reaching into the 100,000-row body would
			// measure n8n's expression engine copying it, not the import.
			importWorkflow('bench-import', importNode(byai, importTaskId)),
			{ rows },
		),
	});
	const importMs = imports.node - imports.baseline;
	report('raw ingest by the sandbox (bare client, same chunks)', seconds(imports.raw));
	report('Byai node import (workflow minus the same workflow without it)', seconds(importMs));
	report('3. ratio node / raw ingest (target ≤ 1.2×)', `**${ratio(importMs, imports.raw)}**`);
	report('requests per import', String(Math.ceil(IMPORT_ROWS / 10_000)));
	report('n8n peak RSS before / after the import runs', `${rssBefore.toFixed(0)} MB / ${rssPeakMb(n8n.pid).toFixed(0)} MB`);
}

/** 4: Return All over 1,000 pages against a bare client walking the same pages. */
async function returnAllPages({ sandbox, n8n, bare, byai }) {
	console.log(`\n# 4. Return All: ${DONE_CALLS} finished calls (${DONE_CALLS / 50} pages of 50)`);
	const { taskId: doneTask } = await (await fetch(`${sandbox.url}/admin/seed/done-calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ companyId: 3813, count: DONE_CALLS }) })).json();
	const returnAll = await interleaved({
		raw: async () => {
			for (let page = 1; ; page++) {
				const data = await bare.post('/openapi/v1/task/queryDoneTaskPhones', { callJobId: doneTask, pageNum: page, pageSize: 50 });
				if (page >= data.pages) return;
			}
		},
		node: await prepare(n8n, chain([webhook('bench-return-all'), byai('Calls', { resource: 'call', operation: 'getAll', companyId: rl('3813'), taskId: rl(String(doneTask)), returnAll: true, filters: {}, simplify: true })]), {}),
		baseline: await prepare(n8n, chain([webhook('bench-return-all-baseline'), { parameters: {}, name: 'Calls', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], id: crypto.randomUUID() }]), {}),
	});
	report('bare client, all pages', seconds(returnAll.raw));
	report('Byai node, Return All (Simplify on)', seconds(returnAll.node - returnAll.baseline));
	report('4. ratio node / bare client', `**${ratio(returnAll.node - returnAll.baseline, returnAll.raw)}**`);
	report('n8n peak RSS after Return All', `${rssPeakMb(n8n.pid).toFixed(0)} MB`);
}

/** A workflow of one Byai Trigger for call-finished callbacks, keeping its executions. */
const triggerWorkflow = (webhookId) => ({
	name: 'bench trigger',
	nodes: [{ parameters: { events: ['callFinished'], simplify: true, options: {} }, name: 'Byai Trigger', type: 'n8n-nodes-byai.byaiTrigger', typeVersion: 1, position: [0, 0], webhookId, id: crypto.randomUUID() }],
	connections: {},
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
});

/** n8n's plain Webhook node at `path`, answering on receipt, keeping its executions (as the trigger's workflow). */
const plainWebhookWorkflow = (path) => ({
	name: 'bench plain webhook',
	nodes: [{ parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: crypto.randomUUID(), id: crypto.randomUUID() }],
	connections: {},
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
});

/** 5: callbacks into an active Byai Trigger against n8n's plain Webhook node on the same load. */
async function triggerThroughput({ sandbox, n8n }) {
	console.log(`\n# 5. Trigger throughput: ${CALLBACKS} callbacks at concurrency 20`);
	const sample = await callbackSample(sandbox);
	/** Posts `count` callbacks at concurrency 20; `callId(i)` is the call id of the i-th. */
	const post = async (url, count, callId, run) => {
		const { ms } = await timed(() =>
			pool(count, 20, async (i) => {
				const started = process.hrtime.bigint();
				const answer = await postCallback(sample, url, callId(i));
				run.latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
				run.answers.set(answer, (run.answers.get(answer) ?? 0) + 1);
			}),
		);
		run.ms += ms;
	};
	const summary = (run) => {
		const sorted = [...run.latencies].sort((a, b) => a - b);
		return { ...run, p50: sorted[Math.floor(sorted.length * 0.5)], p99: sorted[Math.floor(sorted.length * 0.99)] };
	};
	const triggerWebhookId = crypto.randomUUID();
	const trigger = await n8n.createWorkflow(triggerWorkflow(triggerWebhookId), { activate: true });
	// Both workflows keep their executions: the same database work per execution, and they can be counted.
	const plain = await n8n.createWorkflow(plainWebhookWorkflow('bench-plain'), { activate: true });
	const byaiRun = { ms: 0, latencies: [], answers: new Map() };
	const plainRun = { ms: 0, latencies: [], answers: new Map() };
	// Each gets half the load twice, in the order trigger, plain, plain, trigger: a fresh n8n's warm-up and a
	// database that grows during the runs weigh on both alike. Every second callback to the trigger repeats
	// the one before it, so its executions must equal the unique callbacks.
	const half = CALLBACKS / 2;
	const toTrigger = (offset) => post(`${n8n.url}/webhook/${triggerWebhookId}/call-record`, half, (i) => 900_000 + Math.floor((offset + i) / 2), byaiRun);
	const toPlain = (offset) => post(`${n8n.url}/webhook/bench-plain`, half, (i) => offset + i, plainRun);
	await toTrigger(0);
	await toPlain(0);
	await toPlain(half);
	await toTrigger(half);
	await new Promise((resolve) => setTimeout(resolve, 3000));
	const byai = summary(byaiRun);
	const plainResult = summary(plainRun);
	const executionCount = async (workflowId) => (await n8n.rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=1`)).count ?? '?';
	report('Byai Trigger answers', JSON.stringify(Object.fromEntries(byai.answers)));
	report('5. Byai Trigger executions / unique callbacks', `**${await executionCount(trigger.id)} / ${CALLBACKS / 2}**`);
	report('plain Webhook node answers', JSON.stringify(Object.fromEntries(plainResult.answers)));
	report('plain Webhook node executions / requests', `${await executionCount(plain.id)} / ${CALLBACKS}`);
	report('n8n database lock timeouts during the runs (n8n log)', String((fs.readFileSync(n8n.logFile, 'utf8').match(/Timeout waiting for lock/g) ?? []).length));
	report('n8n peak RSS', `${rssPeakMb(n8n.pid).toFixed(0)} MB`);
	report('Byai Trigger wall time, p50, p99 ack latency', `${seconds(byai.ms)}, ${byai.p50.toFixed(1)} ms, ${byai.p99.toFixed(1)} ms`);
	report('plain Webhook node wall time, p50, p99', `${seconds(plainResult.ms)}, ${plainResult.p50.toFixed(1)} ms, ${plainResult.p99.toFixed(1)} ms`);
	report('ratio Byai Trigger / plain Webhook (wall time)', ratio(byai.ms, plainResult.ms));
}

const SECTIONS = { 1: reads, 3: bulkImport, 4: returnAllPages, 5: triggerThroughput };

async function main() {
	const selected = (process.env.BENCH_SECTIONS || '1,3,4,5').split(',').map((name) => name.trim()).filter((name) => SECTIONS[name]);
	await withEachFreshN8n(selected, () => ({}), (name, context) => SECTIONS[name](context));
	console.log('\n| measure | result |\n|---|---|');
	for (const [name, value] of results) console.log(`| ${name} | ${value} |`);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = {
	processCpuSeconds, callbackSample, chain, createTask, customerRows, getTaskNode, importNode, importWorkflow, oneExpressionNode, plainWebhookWorkflow, pool, postCallback, prepare, splitOut, triggerWorkflow, webhook, withEachFreshN8n,
};
