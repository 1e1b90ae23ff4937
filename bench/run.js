'use strict';
// npm run bench: the Byai node in a real n8n (2.41.1) against a bare Node client with the same signing,
// and against what users build today (HTTP Request + Crypto nodes). Everything runs side by side in
// one run against the sandbox, so the ratios hold on a noisy machine; absolute times do not.
const crypto = require('crypto');
const fs = require('fs');

const { startSandbox } = require('../sandbox');
const { startN8n } = require('../e2e/n8n');

const N = Number(process.env.BENCH_READS || 2000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS || 100_000);
const DONE_CALLS = Number(process.env.BENCH_DONE_CALLS || 50_000);
const CALLBACKS = Number(process.env.BENCH_CALLBACKS || 5000);
const PARALLEL = Number(process.env.BENCH_PARALLEL || 5);

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
	return {
		async get(path, query) {
			const url = new URL(sandbox.url + path);
			for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
			const body = await (await fetch(url, { headers: headers() })).json();
			if (body.code !== 200) throw new Error(body.resultMsg);
			return body.data;
		},
		async post(path, payload) {
			const response = await fetch(sandbox.url + path, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(payload) });
			const body = await response.json();
			if (body.code !== 200) throw new Error(body.resultMsg);
			return body.data;
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

/** The median of three timed runs: one slow outlier on a noisy machine does not move it. */
async function median(fn) {
	const runs = [];
	for (let i = 0; i < 3; i++) runs.push((await timed(fn)).ms);
	return { ms: runs.sort((a, b) => a - b)[1] };
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

async function main() {
	const sandbox = await startSandbox({ port: 0, quiet: true, dialer: { paused: true, callIntervalMs: 60_000 } });
	const n8n = await startN8n({ version: process.env.BENCH_N8N_VERSION || '2.41.1', env: { N8N_PAYLOAD_SIZE_MAX: '256', EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none' } });
	const bare = bareClient(sandbox);
	try {
		const credential = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
		const cred = { byaiApi: { id: credential.id, name: credential.name } };
		const byai = (name, parameters) => ({ parameters, name, type: 'n8n-nodes-byai.byai', typeVersion: 1, position: [400, 0], credentials: cred, id: crypto.randomUUID() });
		const taskId = await bare.post('/openapi/v1/task/createTask', { companyId: 3811, taskName: 'bench', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1 });
		const items = Array.from({ length: N }, () => ({ taskId }));
		const run = async (workflow, body) => {
			const created = await n8n.createWorkflow(workflow, { activate: true });
			const path = workflow.nodes[0].parameters.path;
			const call = async () => {
				const response = await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
				const text = await response.text();
				if (!response.ok) throw new Error(`${path}: ${response.status} ${text.slice(0, 300)}`);
				return text;
			};
			await call(); // warm-up: first run loads node code and credentials
			return { ...(await median(call)), id: created.id };
		};

		console.log(`\n# 1. Node overhead: ${N} reads (Task → Get) in one execution, ${PARALLEL} in flight`);
		const baseline = await run(chain([webhook('bench-baseline'), splitOut]), { items });
		const node = await run(chain([webhook('bench-node'), splitOut, byai('Get Task', { resource: 'task', operation: 'get', companyId: { __rl: true, mode: 'id', value: '3811' }, taskId: { __rl: true, mode: 'id', value: '={{ $json.taskId }}' }, simplify: true, requestOptions: { parallelRequests: PARALLEL } })]), { items });
		const sequentialNode = await run(chain([webhook('bench-node-seq'), splitOut, byai('Get Task', { resource: 'task', operation: 'get', companyId: { __rl: true, mode: 'id', value: '3811' }, taskId: { __rl: true, mode: 'id', value: '={{ $json.taskId }}' }, simplify: true, requestOptions: { parallelRequests: 1 } })]), { items });
		const bareParallel = await median(() => pool(N, PARALLEL, () => bare.get('/openapi/v1/task/getTaskDetail', { companyId: 3811, taskId })));
		const bareSequential = await median(() => pool(N, 1, () => bare.get('/openapi/v1/task/getTaskDetail', { companyId: 3811, taskId })));
		const nodeMs = node.ms - baseline.ms;
		const sequentialMs = sequentialNode.ms - baseline.ms;
		report('workflow without the Byai node (webhook + split, subtracted)', seconds(baseline.ms));
		report(`Byai node, ${PARALLEL} in flight`, seconds(nodeMs));
		report(`bare client, ${PARALLEL} in flight`, seconds(bareParallel.ms));
		report(`ratio node / bare client, ${PARALLEL} in flight (target ≤ 1.3×)`, ratio(nodeMs, bareParallel.ms));
		report('Byai node, strictly sequential', seconds(sequentialMs));
		report('bare client, sequential', seconds(bareSequential.ms));
		report('ratio node / bare client, sequential', ratio(sequentialMs, bareSequential.ms));

		console.log(`\n# 2. What users build today: HTTP Request + Crypto nodes, ${N} reads`);
		const crypto_ = { parameters: { action: 'hmac', type: 'SHA1', value: `=${sandbox.appKey}\n{{ $now.toUTC().toHTTP() }}`, dataPropertyName: 'sign', secret: sandbox.appSecret, encoding: 'base64' }, name: 'Sign', type: 'n8n-nodes-base.crypto', typeVersion: 1, position: [400, 0], id: crypto.randomUUID() };
		const http = {
			parameters: {
				url: `${sandbox.url}/openapi/v1/task/getTaskDetail`, sendQuery: true, queryParameters: { parameters: [{ name: 'companyId', value: '3811' }, { name: 'taskId', value: '={{ $json.taskId }}' }] },
				sendHeaders: true, headerParameters: { parameters: [{ name: 'appkey', value: sandbox.appKey }, { name: 'datetime', value: '={{ $now.toUTC().toHTTP() }}' }, { name: 'sign', value: '={{ $json.sign }}' }] }, options: {},
			},
			name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [600, 0], id: crypto.randomUUID(),
		};
		const diy = await run(chain([webhook('bench-diy'), splitOut, crypto_, http]), { items });
		const diyMs = diy.ms - baseline.ms;
		report('HTTP Request + Crypto', seconds(diyMs));
		report(`ratio HTTP Request + Crypto / Byai node (${PARALLEL} in flight) (target ≥ 3×)`, ratio(diyMs, nodeMs));
		report('ratio HTTP Request + Crypto / Byai node (sequential)', ratio(diyMs, sequentialMs));

		console.log(`\n# 3. Bulk import: ${IMPORT_ROWS} rows in chunks of 10,000`);
		const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => ({ phone: `1${String(3000000000 + i)}`, name: `客户${i}` }));
		const importTask = async () => bare.post('/openapi/v1/task/createTask', { companyId: 3812, taskName: `import ${crypto.randomUUID()}`, taskType: 2, userPhoneIds: [107], robotDefId: 206, callType: 1 });
		const rawTask = await importTask();
		const raw = await median(async () => {
			for (let i = 0; i < rows.length; i += 10_000) await bare.post('/openapi/v2/task/importTaskCustomer', { companyId: 3812, taskId: rawTask, customerInfoList: rows.slice(i, i + 10_000) });
		});
		const rssBefore = rssPeakMb(n8n.pid);
		// The same workflow with a No-Op node instead of the import: what remains is the import's own cost.
		const importBaseline = await run(chain([webhook('bench-import-baseline', 'firstEntryJson'), { ...splitOut, parameters: { fieldToSplitOut: 'body.rows', options: {} } }, { parameters: {}, name: 'Import', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], id: crypto.randomUUID() }]), { rows });
		const importTaskId = await importTask();
		const imported = await run(
			chain([webhook('bench-import', 'firstEntryJson'), { ...splitOut, parameters: { fieldToSplitOut: 'body.rows', options: {} } }, byai('Import', { resource: 'customer', operation: 'import', companyId: { __rl: true, mode: 'id', value: '3812' }, taskId: { __rl: true, mode: 'id', value: '={{ $("Webhook").first().json.body.taskId }}' }, phoneColumn: 'phone', nameColumn: 'name' })]),
			{ rows, taskId: importTaskId },
		);
		const importMs = imported.ms - importBaseline.ms;
		report('raw ingest by the sandbox (bare client, same chunks)', seconds(raw.ms));
		report('Byai node import (workflow minus the same workflow without it)', seconds(importMs));
		report('ratio node / raw ingest (target ≤ 1.2×)', ratio(importMs, raw.ms));
		report('requests per import', String(Math.ceil(IMPORT_ROWS / 10_000)));
		report('n8n peak RSS before / after the import runs', `${rssBefore.toFixed(0)} MB / ${rssPeakMb(n8n.pid).toFixed(0)} MB`);

		console.log(`\n# 4. Return All: ${DONE_CALLS} finished calls (${DONE_CALLS / 50} pages of 50)`);
		const { taskId: doneTask } = await (await fetch(`${sandbox.url}/admin/seed/done-calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ companyId: 3813, count: DONE_CALLS }) })).json();
		const rawPages = await median(async () => {
			let total = 0;
			for (let page = 1; ; page++) {
				const data = await bare.post('/openapi/v1/task/queryDoneTaskPhones', { callJobId: doneTask, pageNum: page, pageSize: 50 });
				total += data.list.length;
				if (page >= data.pages) return total;
			}
		});
		const returnAll = await run(chain([webhook('bench-return-all'), byai('Calls', { resource: 'call', operation: 'getAll', companyId: { __rl: true, mode: 'id', value: '3813' }, taskId: { __rl: true, mode: 'id', value: String(doneTask) }, returnAll: true, filters: {}, simplify: true })]), {});
		const noNode = await run(chain([webhook('bench-return-all-baseline'), { parameters: {}, name: 'Calls', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], id: crypto.randomUUID() }]), {});
		report('bare client, all pages', seconds(rawPages.ms));
		report('Byai node, Return All (Simplify on)', seconds(returnAll.ms - noNode.ms));
		report('ratio node / bare client', ratio(returnAll.ms - noNode.ms, rawPages.ms));
		report('n8n peak RSS after Return All', `${rssPeakMb(n8n.pid).toFixed(0)} MB`);

		console.log(`\n# 5. Trigger throughput: ${CALLBACKS} callbacks at concurrency 20`);
		const sample = (await (await fetch(`${sandbox.url}/admin/callbacks/sample?type=callRecord`)).json()).payload;
		const throughput = async (url, distinct) => {
			const latencies = [];
			const answers = new Map();
			const { ms } = await timed(() =>
				pool(CALLBACKS, 20, async (i) => {
					const body = JSON.parse(JSON.stringify(sample));
					body.data.data.sceneInstance.callInstanceId = distinct(i);
					const started = process.hrtime.bigint();
					const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
					const text = await response.text();
					latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
					answers.set(`${response.status} ${text.slice(0, 40)}`, (answers.get(`${response.status} ${text.slice(0, 40)}`) ?? 0) + 1);
				}),
			);
			latencies.sort((a, b) => a - b);
			return { ms, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)], answers };
		};
		const triggerWebhookId = crypto.randomUUID();
		const trigger = await n8n.createWorkflow({ name: 'bench trigger', nodes: [{ parameters: { events: ['callFinished'], simplify: true, options: {} }, name: 'Byai Trigger', type: 'n8n-nodes-byai.byaiTrigger', typeVersion: 1, position: [0, 0], webhookId: triggerWebhookId, id: crypto.randomUUID() }], connections: {}, settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' } }, { activate: true });
		const plainWebhookId = crypto.randomUUID();
		await n8n.createWorkflow({ name: 'bench plain webhook', nodes: [{ parameters: { httpMethod: 'POST', path: 'bench-plain', responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: plainWebhookId, id: crypto.randomUUID() }], connections: {}, settings: { executionOrder: 'v1' } }, { activate: true });
		// Every second callback is a repeat of the one before: executions must equal unique callbacks.
		const byaiRun = await throughput(`${n8n.url}/webhook/${triggerWebhookId}/call-record`, (i) => 900_000 + Math.floor(i / 2));
		const plainRun = await throughput(`${n8n.url}/webhook/bench-plain`, (i) => i);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const executions = await n8n.rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: trigger.id }))}&limit=1`);
		report('Byai Trigger answers', JSON.stringify(Object.fromEntries(byaiRun.answers)));
		report('Byai Trigger executions / unique callbacks', `${executions.count ?? '?'} / ${CALLBACKS / 2}`);
		report('Byai Trigger wall time, p50, p99 ack latency', `${seconds(byaiRun.ms)}, ${byaiRun.p50.toFixed(1)} ms, ${byaiRun.p99.toFixed(1)} ms`);
		report('plain Webhook node wall time, p50, p99', `${seconds(plainRun.ms)}, ${plainRun.p50.toFixed(1)} ms, ${plainRun.p99.toFixed(1)} ms`);
		report('ratio Byai Trigger / plain Webhook (wall time)', ratio(byaiRun.ms, plainRun.ms));
	} finally {
		await n8n.stop();
		await sandbox.stop();
	}
	console.log('\n| measure | result |\n|---|---|');
	for (const [name, value] of results) console.log(`| ${name} | ${value} |`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
