'use strict';
// The package in a real n8n, the way users meet it: loaded from the packed tarball, run through n8n's
// REST API and production webhooks, against the sandbox. One n8n per version of the matrix.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { startN8n } = require('./n8n');

const VERSIONS = (process.env.BYAI_E2E_N8N_VERSIONS || '2.41.1,1.123.81').split(',').map((v) => v.trim()).filter(Boolean);
const example = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', name), 'utf8'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(VERSIONS)('n8n %s', (version) => {
	let sandbox;
	let n8n;
	let credential;
	const triggerWebhookId = crypto.randomUUID();

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, quiet: true, dialer: { callIntervalMs: 10 }, callbackRetryScheduleMs: [200, 500, 1000] });
		n8n = await startN8n({ version });
		credential = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
	});
	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});

	const withCredential = (workflow) => {
		for (const node of workflow.nodes) if (node.credentials?.byaiApi) node.credentials.byaiApi = { id: credential.id, name: credential.name };
		return workflow;
	};

	test('the nodes and the credential are loaded from the package', async () => {
		const headers = { cookie: n8n.cookie() };
		const nodes = await (await fetch(`${n8n.url}/types/nodes.json`, { headers })).json();
		const names = nodes.map((node) => node.name);
		expect(names).toEqual(expect.arrayContaining(['n8n-nodes-byai.byai', 'n8n-nodes-byai.byaiTrigger']));
		const byai = nodes.find((node) => node.name === 'n8n-nodes-byai.byai');
		expect(byai.properties.find((p) => p.name === 'resource').options).toHaveLength(10);
		const credentials = await (await fetch(`${n8n.url}/types/credentials.json`, { headers })).json();
		expect(credentials.map((c) => c.name)).toContain('byaiApi');
	});

	test('the credential test passes with good keys and shows Byai\'s message with bad ones', async () => {
		const test = (data) => n8n.rest('POST', '/credentials/test', { credentials: { id: credential.id, name: credential.name, type: 'byaiApi', data } });
		const good = await test({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
		expect(good).toMatchObject({ status: 'OK' });
		expect(good.message).toContain('3 companies');
		const bad = await test({ appKey: sandbox.appKey, appSecret: 'not-the-secret', baseUrl: sandbox.url });
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain('签名验证失败');
		expect(bad.message).not.toContain('not-the-secret');
	});

	test('a campaign runs: create task → import items → start → list finished calls; the active trigger gets one execution per callback', async () => {
		const trigger = await n8n.createWorkflow(
			{
				name: 'Byai callbacks',
				nodes: [{ parameters: { events: ['callFinished', 'inboundCallFinished', 'intentionChanged', 'taskStatusChanged'], simplify: true, filters: {}, options: {} }, name: 'Byai Trigger', type: 'n8n-nodes-byai.byaiTrigger', typeVersion: 1, position: [0, 0], webhookId: triggerWebhookId, id: 'trigger' }],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
			{ activate: true },
		);
		const hook = `${n8n.url}/webhook/${triggerWebhookId}`;
		await fetch(`${sandbox.url}/admin/callbacks/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callRecordUrl: `${hook}/call-record`, taskStatusUrl: `${hook}/task-status` }) });

		const campaign = withCredential(example('campaign-from-list.json'));
		await n8n.createWorkflow(campaign, { activate: true });
		const customers = Array.from({ length: 5 }, (_, i) => ({ phone: `+86 135-0000-000${i}`, name: `客户${i}`, crmId: `C-${i}` }));
		const response = await fetch(`${n8n.url}/webhook/byai-campaign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ companyId: 3811, taskName: `e2e ${version}`, customers }) });
		const text = await response.text();
		expect({ status: response.status, text: text.slice(0, 500) }).toMatchObject({ status: 200 });
		const calls = JSON.parse(text);
		expect(calls).toHaveLength(5);
		expect(calls.map((call) => call.customerTelephone).sort()).toEqual(customers.map((c) => c.phone.replace(/\D/g, '').slice(2)).sort());
		expect(calls.every((call) => typeof call.finishStatusLabel === 'string')).toBe(true);

		// The sandbox called back for every call and for the completed task; each became one execution.
		const deadline = Date.now() + 60_000;
		let deliveries = [];
		while (Date.now() < deadline) {
			deliveries = (await (await fetch(`${sandbox.url}/admin/callbacks/deliveries`)).json()).deliveries;
			if (deliveries.length === 6 && deliveries.every((d) => d.delivered)) break;
			await sleep(500);
		}
		const acknowledged = (type) => deliveries.filter((d) => d.type === type && d.delivered && d.lastBody === 'success').length;
		expect([acknowledged('callRecord'), acknowledged('taskStatus'), deliveries.length]).toEqual([5, 1, 6]);
		let executions = [];
		while (Date.now() < deadline) {
			executions = await n8n.executions(trigger.id);
			if (executions.length >= 6 && executions.every((e) => e.finished || e.status === 'success')) break;
			await sleep(500);
		}
		await sleep(1000);
		executions = await n8n.executions(trigger.id);
		expect(executions).toHaveLength(6);
	});

	test('the production webhook answers Byai with exactly "success", and a repeat starts nothing', async () => {
		const sample = (await (await fetch(`${sandbox.url}/admin/callbacks/sample?type=callRecord`)).json()).payload;
		const hook = `${n8n.url}/webhook/${triggerWebhookId}/call-record`;
		const before = (await n8n.executions(await workflowIdOf('Byai callbacks'))).length;
		for (let i = 0; i < 2; i++) {
			const response = await fetch(hook, { method: 'POST', headers: { 'content-type': 'text/plain;charset=utf-8' }, body: JSON.stringify(sample) });
			expect(response.status).toBe(200);
			expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe('success');
		}
		const malformed = await fetch(hook, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not json' });
		expect(malformed.status).toBe(400);
		await sleep(1500);
		expect((await n8n.executions(await workflowIdOf('Byai callbacks'))).length).toBe(before + 1);
	});

	async function workflowIdOf(name) {
		const list = await n8n.rest('GET', '/workflows');
		return (list.results ?? list).find((workflow) => workflow.name === name).id;
	}
});
