'use strict';
// The package in a real n8n, the way users meet it: loaded from the packed tarball, driven through n8n's
// REST API and production webhooks, against the sandbox. One n8n per version of the matrix, one after the
// other. The example workflows of examples/ are what runs.
const crypto = require('crypto');
const http = require('http');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { startN8n, withCredential, readExample, ROOT } = require('./n8n');
const { startCapture, withCrm } = require('./crm');
const { e2eVersions } = require('./matrix');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const BUILT = {
	byai: new (require(path.join(ROOT, 'dist/nodes/Byai/Byai.node.js')).Byai)().description,
	trigger: new (require(path.join(ROOT, 'dist/nodes/ByaiTrigger/ByaiTrigger.node.js')).ByaiTrigger)().description,
	credential: new (require(path.join(ROOT, 'dist/credentials/ByaiApi.credentials.js')).ByaiApi)(),
};

/** Rows of a sheet: phone, name, our own id, and the variables of the sandbox's first online robot script. */
const customersOf = (count, prefix) =>
	Array.from({ length: count }, (_, i) => ({ phone: `+86 135-${prefix}-${String(i).padStart(4, '0')}`, name: `客户${prefix}-${i}`, crmId: `C-${prefix}-${i}`, 产品名称: '白金卡', 到期日期: '2026-12-31' }));
const digits = (phone) => phone.replace(/\D/g, '').replace(/^86/, '');

describe.each(e2eVersions())('n8n %s', (version) => {
	let sandbox;
	let n8n;
	let credential;
	let capture;
	const admin = async (route, body) => {
		const response = await fetch(`${sandbox.url}/admin${route}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		return response.json();
	};
	const deliveries = async () => (await admin('/callbacks/deliveries')).deliveries;
	const waitIdle = () => admin('/callbacks/wait-idle', { timeoutMs: 30_000 });
	/** Runs the campaign example through its production webhook; returns its answer: { import: summary, calls }. */
	async function runCampaign(body) {
		const response = await fetch(`${n8n.url}/webhook/byai-campaign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const text = await response.text();
		if (response.status !== 200) throw new Error(`campaign webhook answered ${response.status}: ${text.slice(0, 500)}`);
		return JSON.parse(text);
	}

	beforeAll(async () => {
		const started = Date.now();
		capture = await startCapture();
		sandbox = await startSandbox({ port: 0, quiet: true, dialer: { callIntervalMs: 10 }, callbackRetryScheduleMs: [200, 500, 1000] });
		n8n = await startN8n({ version });
		process.stderr.write(`[e2e] n8n ${version} up in ${((Date.now() - started) / 1000).toFixed(1)} s (${n8n.url}, log ${path.relative(ROOT, n8n.logFile)})\n`);
		credential = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
	});
	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
		await capture?.stop();
	});

	test('the nodes and the credential are loaded from the package, as built', async () => {
		const headers = { cookie: n8n.cookie() };
		const nodes = await (await fetch(`${n8n.url}/types/nodes.json`, { headers })).json();
		const byai = nodes.find((node) => node.name === 'n8n-nodes-byai.byai');
		const trigger = nodes.find((node) => node.name === 'n8n-nodes-byai.byaiTrigger');
		expect(byai).toMatchObject({ displayName: BUILT.byai.displayName, version: BUILT.byai.version });
		expect(trigger).toMatchObject({ displayName: BUILT.trigger.displayName, group: ['trigger'] });
		const resources = (description) => description.properties.find((p) => p.name === 'resource').options.map((o) => o.value);
		expect(resources(byai)).toEqual(resources(BUILT.byai));
		expect(trigger.webhooks.map((webhook) => webhook.path)).toEqual(['call-record', 'task-status']);

		const credentials = await (await fetch(`${n8n.url}/types/credentials.json`, { headers })).json();
		const byaiApi = credentials.find((c) => c.name === 'byaiApi');
		// (n8n 2.x appends its own allowed-domains fields to every credential type)
		expect(byaiApi.properties.map((p) => p.name)).toEqual(expect.arrayContaining(BUILT.credential.properties.map((p) => p.name)));
		expect(byaiApi.displayName).toBe(BUILT.credential.displayName);
		// Its own test request is what makes the editor offer (and run) a credential test.
		expect(byaiApi.test.request).toMatchObject({ url: '/openapi/v1/company/getCompanys', method: 'GET', disableFollowRedirect: true });
		// The REST API lists it among the credential types the nodes accept.
		expect(byai.credentials).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'byaiApi' })]));
	});

	test("the credential's own test: success with good keys, and for every failure a message saying what to do", async () => {
		const check = (data) => n8n.rest('POST', '/credentials/test', { credentials: { id: credential.id, name: credential.name, type: 'byaiApi', data } });
		const good = { appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url };
		const before = (await admin('/requests?path=getCompanys')).requests.length;
		expect(await check(good)).toEqual({ status: 'OK', message: 'Connection successful!' });
		// n8n signed the test request with the credential's authenticate().
		expect((await admin('/requests?path=getCompanys')).requests.slice(before)).toEqual([expect.objectContaining({ method: 'GET', signatureValid: true, envelopeCode: 200 })]);
		for (const bad of [{ appSecret: 'not-the-secret' }, { appKey: 'no-such-key' }]) {
			const result = await check({ ...good, ...bad });
			expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('Check APP_KEY and APP_SECRET') });
			expect(result.message).not.toContain('not-the-secret');
		}
		// Every failure code Byai documents, and answers of a wrong Base URL, which must never pass.
		const fault = (body) => admin('/faults', { path: '/openapi/v1/company/getCompanys', ...body });
		try {
			for (const code of [403, 404, 408, 412, 500]) {
				await fault({ mode: 'envelope', status: code });
				expect(await check(good)).toMatchObject({ status: 'Error', message: expect.stringContaining(`(code ${code}`) });
			}
			for (const wrong of [{ mode: 'html', status: 200 }, { mode: 'html', status: 502 }, { mode: 'malformed-json' }]) {
				await fault(wrong);
				expect(await check(good)).toMatchObject({ status: 'Error', message: expect.stringContaining("did not answer like Byai's OpenAPI") });
			}
		} finally {
			await fetch(`${sandbox.url}/admin/faults`, { method: 'DELETE' });
		}
		// A Base URL that redirects (say, to the real address): not followed, so the signed headers stay home.
		const redirect = http.createServer((request, response) => response.writeHead(302, { Location: `${sandbox.url}${request.url}` }).end());
		await new Promise((resolve) => redirect.listen(0, '127.0.0.1', resolve));
		try {
			const atRedirect = (await admin('/requests?path=getCompanys')).requests.length;
			expect(await check({ ...good, baseUrl: `http://127.0.0.1:${redirect.address().port}` })).toMatchObject({ status: 'Error', message: expect.stringContaining("did not answer like Byai's OpenAPI") });
			expect((await admin('/requests?path=getCompanys')).requests).toHaveLength(atRedirect);
		} finally {
			await new Promise((resolve) => redirect.close(resolve));
		}
	});

	describe('a campaign and its callbacks', () => {
		const triggerWebhookId = crypto.randomUUID();
		let trigger;
		let calls;
		const customers = customersOf(5, '1000');

		beforeAll(async () => {
			// Every callback of the campaign goes to an active Byai Trigger that takes all events.
			trigger = await n8n.createWorkflow(
				{
					name: 'Byai callbacks',
					nodes: [{ parameters: { events: ['callFinished', 'inboundCallFinished', 'intentionChanged', 'taskStatusChanged'], simplify: true, filters: {}, options: {} }, name: 'Byai Trigger', type: 'n8n-nodes-byai.byaiTrigger', typeVersion: 1, position: [0, 0], webhookId: triggerWebhookId, id: crypto.randomUUID() }],
					connections: {},
					settings: { executionOrder: 'v1' },
				},
				{ activate: true },
			);
			const hook = `${n8n.url}/webhook/${triggerWebhookId}`;
			await admin('/callbacks/config', { callRecordUrl: `${hook}/call-record`, taskStatusUrl: `${hook}/task-status`, taskStatusEnabled: true });
			await n8n.createWorkflow(withCredential(readExample('campaign-from-list.json'), credential), { activate: true });
		});

		test('examples/campaign-from-list.json: list companies → create task → import the items → start → list the finished calls', async () => {
			const answer = await runCampaign({ companyId: 3812, taskName: `e2e ${version}`, customers });
			expect(answer.import).toEqual({ rows: 5, sent: 5, success: 5, repeat: 0, placeFail: 0, fail: 0, invalid: 0, invalidRows: [] });
			calls = answer.calls;
			expect(calls).toHaveLength(customers.length);
			expect(calls.map((call) => call.customerTelephone).sort()).toEqual(customers.map((c) => digits(c.phone)).sort());
			for (const call of calls) {
				expect(call).toMatchObject({ callInstanceId: expect.any(Number), finishStatusLabel: expect.any(String), customerName: expect.stringMatching(/^客户1000-/) });
			}
			// The task was created in the requested company, with its usable landlines and an online script.
			const { tasks } = await admin('/state');
			expect(tasks.filter((t) => t.name === `e2e ${version}`)).toEqual([expect.objectContaining({ companyId: 3812, status: 2, customers: customers.length, done: customers.length })]);
			const created = (await admin('/requests?path=createTask')).requests.at(-1);
			expect(created.body).toMatchObject({ companyId: 3812, userPhoneIds: [107] });
		});

		test('the active trigger turns every callback into exactly one execution and answers "success"', async () => {
			expect(calls).toBeDefined();
			await waitIdle();
			const sent = (await deliveries()).filter((d) => d.url.includes(triggerWebhookId));
			expect(sent.map((d) => d.type).sort()).toEqual([...Array(customers.length).fill('callRecord'), 'taskStatus'].sort());
			for (const delivery of sent) expect({ type: delivery.type, status: delivery.lastHttpStatus, body: delivery.lastBody, attempts: delivery.attempts }).toEqual({ type: delivery.type, status: 200, body: 'success', attempts: 1 });

			const executions = await n8n.waitForExecutions(trigger.id, sent.length);
			await sleep(1000);
			expect(await n8n.executions(trigger.id)).toHaveLength(sent.length);
			expect(executions.every((execution) => execution.status === 'success')).toBe(true);
			const outputs = await Promise.all(executions.map((execution) => n8n.nodeOutput(execution.id, 'Byai Trigger')));
			expect(outputs.every((items) => items.length === 1)).toBe(true);
			const records = outputs.map(([item]) => item);
			const finished = records.filter((record) => record.event === 'callFinished');
			expect(finished.map((record) => record.callInstanceId).sort()).toEqual(calls.map((call) => call.callInstanceId).sort());
			for (const record of finished) {
				expect(record).toMatchObject({ transcript: expect.stringContaining('AI: '), intentionGrade: expect.stringMatching(/^[A-F]$/) });
				expect(record.properties).toMatchObject({ crmId: expect.stringMatching(/^C-1000-/), 产品名称: '白金卡' }); // the sheet's other columns
			}
			expect(records.filter((record) => record.event === 'taskStatusChanged')).toEqual([expect.objectContaining({ status: 2 })]);
		});

		test('the production webhook answers exactly "success"; a repeated delivery starts nothing; a malformed one is refused', async () => {
			const hook = `${n8n.url}/webhook/${triggerWebhookId}/call-record`;
			const before = (await n8n.executions(trigger.id)).length;
			const { payload } = await admin(`/callbacks/sample?type=callRecord`);
			for (let i = 0; i < 2; i++) {
				const response = await fetch(hook, { method: 'POST', headers: { 'content-type': 'text/plain;charset=utf-8' }, body: JSON.stringify(payload) });
				expect(response.status).toBe(200);
				expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from('success'));
			}
			const malformed = await fetch(hook, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not json' });
			expect(malformed.status).toBe(400);
			await n8n.waitForExecutions(trigger.id, before + 1);
			await sleep(1000);
			expect((await n8n.executions(trigger.id)).length).toBe(before + 1);
		});

		afterAll(async () => {
			if (trigger) await n8n.deactivate(trigger).catch(() => {});
		});
	});

	test('examples/campaign-from-list.json: a customer Byai could not place (script variables missing) shows in the answer', async () => {
		await admin('/callbacks/config', { callRecordUrl: null, taskStatusUrl: null });
		const [complete] = customersOf(1, '4000');
		const { 产品名称: _product, 到期日期: _date, ...withoutVariables } = customersOf(2, '4000')[1];
		const answer = await runCampaign({ companyId: 3811, taskName: `e2e placeFail ${version}`, customers: [complete, withoutVariables] });
		expect(answer.import).toEqual({ rows: 2, sent: 2, success: 1, repeat: 0, placeFail: 1, fail: 0, invalid: 0, invalidRows: [] });
		expect(answer.calls.map((call) => call.customerTelephone)).toEqual([digits(complete.phone)]);
	});

	test('examples/a-b-leads-to-crm.json: only the A and B leads of a campaign reach the CRM', async () => {
		const example = withCrm(withCredential(readExample('a-b-leads-to-crm.json'), credential), capture);
		const workflow = await n8n.createWorkflow(example, { activate: true });
		const hook = `${n8n.url}/webhook/${example.nodes.find((node) => node.type.endsWith('byaiTrigger')).webhookId}`;
		await admin('/callbacks/config', { callRecordUrl: `${hook}/call-record`, taskStatusUrl: `${hook}/task-status` });
		const customers = customersOf(12, '2000');
		const { calls } = await runCampaign({ companyId: 3811, taskName: `e2e leads ${version}`, customers });
		await waitIdle();
		const expected = calls.filter((call) => ['A', 'B'].includes(call.intentionGrade));
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(calls.length);
		// One execution per A/B call; the others are filtered out by the trigger and start none.
		await n8n.waitForExecutions(workflow.id, expected.length);
		await sleep(1000);
		expect(await n8n.executions(workflow.id)).toHaveLength(expected.length);
		const leads = capture.to('/api/leads').map((request) => request.json);
		expect(leads.map((lead) => lead.phone).sort()).toEqual(expected.map((call) => call.customerTelephone).sort());
		for (const lead of leads) {
			expect(lead).toMatchObject({ grade: expect.stringMatching(/^[AB]$/), crmId: expect.stringMatching(/^C-2000-/), transcript: expect.stringContaining('AI: '), name: expect.stringMatching(/^客户2000-/) });
		}
		// Every callback was acknowledged, including the ones the filter dropped.
		const sent = (await deliveries()).filter((d) => d.url.startsWith(hook));
		expect(sent.length).toBe(customers.length + 1);
		expect(sent.every((d) => d.delivered && d.lastBody === 'success')).toBe(true);
		await n8n.deactivate(workflow);
	});

	test('examples/recover-missed-callbacks.json: call records whose callback failed are fetched and processed', async () => {
		// n8n is "down" for call records: Byai gives up after one attempt, so they are listed as failed.
		await admin('/callbacks/config', { callRecordUrl: 'http://127.0.0.1:9/down', taskStatusUrl: null, retryScheduleMs: [] });
		const customers = customersOf(3, '3000');
		const { calls } = await runCampaign({ companyId: 3811, taskName: `e2e missed ${version}`, customers });
		await waitIdle();
		const failed = (await deliveries()).filter((d) => d.url.endsWith('/down') && d.type === 'callRecord' && !d.delivered);
		expect(failed).toHaveLength(customers.length);

		// The hourly schedule becomes a webhook here, so that the test decides when it runs.
		const example = withCrm(withCredential(readExample('recover-missed-callbacks.json'), credential), capture);
		const schedule = example.nodes.findIndex((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
		const { name, position } = example.nodes[schedule];
		example.nodes[schedule] = { parameters: { httpMethod: 'POST', path: `byai-recover-${version}`, options: {} }, name, type: 'n8n-nodes-base.webhook', typeVersion: 2, position, webhookId: crypto.randomUUID(), id: crypto.randomUUID() };
		const workflow = await n8n.createWorkflow(example, { activate: true });
		const response = await fetch(`${n8n.url}/webhook/byai-recover-${version}`, { method: 'POST' });
		expect(response.status).toBe(200);
		const [execution] = await n8n.waitForExecutions(workflow.id, 1);
		expect(execution.status).toBe('success');
		const processed = capture.to('/api/calls').map((request) => request.json);
		expect(processed.map((call) => call.callInstanceId).sort()).toEqual(calls.map((call) => call.callInstanceId).sort());
		expect(processed.every((call) => typeof call.transcript === 'string' && call.customerTelephone)).toBe(true);
		await n8n.deactivate(workflow);
	});
});
