'use strict';
// The Byai node as an AI agent's tool in real n8n: examples/ai-agent-assistant.json (n8n's AI Agent, its OpenAI
// Chat Model pointed at the scripted model server, Byai tools) against the sandbox, driven through the chat's
// production webhook. For each scenario the test asserts what the tools returned to the model (the model
// server records it) and what reached the sandbox (its request log). Then the same operations in an ordinary
// workflow, where they work as they always did.
const crypto = require('crypto');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { startN8n, withCredential, readExample, ROOT } = require('./n8n');
const { e2eVersions } = require('./matrix');
const { startModelServer } = require('./model-server');
const { demoScript, modelCredential, withModelCredential } = require('./demo-model');

const COMPANY = 3811;
const EXAMPLE = 'ai-agent-assistant.json';

/** A signed call to the sandbox, for setting up tasks (the sandbox is Byai: any client may). */
async function byaiApi(sandbox, apiPath, body) {
	const datetime = new Date().toUTCString();
	const sign = crypto.createHmac('sha1', sandbox.appSecret).update(`${sandbox.appKey}\n${datetime}`).digest('base64');
	const response = await fetch(sandbox.url + apiPath, { method: 'POST', headers: { appkey: sandbox.appKey, datetime, sign, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const { code, data, resultMsg } = await response.json();
	if (code !== 200) throw new Error(`${apiPath}: ${resultMsg}`);
	return data;
}

/** A manual task with customers; started when asked (the dialer is paused, so it stays running). */
async function newTask(sandbox, taskName, { start = false } = {}) {
	const taskId = await byaiApi(sandbox, '/openapi/v1/task/createTask', { companyId: COMPANY, taskName, taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1, concurrencyQuota: 1 });
	await byaiApi(sandbox, '/openapi/v2/task/importTaskCustomer', { companyId: COMPANY, taskId, customerInfoList: [{ phone: '13600000001', name: '王芳' }, { phone: '13600000002', name: '李娜' }] });
	if (start) await byaiApi(sandbox, '/openapi/v1/task/start', { taskId });
	return taskId;
}

/** The example as a test runs it: its credentials, a public chat of its own, optional changes to its nodes. */
function agentWorkflow(credentials, name, { responseMode = 'lastNode', nodes = {}, stopOnError = false } = {}) {
	const workflow = withModelCredential(withCredential(readExample(EXAMPLE), credentials.byai), credentials.model);
	workflow.name = name;
	for (const node of workflow.nodes) {
		if (node.type.endsWith('.chatTrigger')) {
			node.webhookId = crypto.randomUUID();
			node.parameters = { ...node.parameters, public: true, options: { responseMode } };
		}
		if (stopOnError) delete node.onError;
		Object.assign(node.parameters, nodes[node.name]);
	}
	return workflow;
}

const tool = (results, name) => results.filter((result) => result.name === name).map((result) => result.json);

describe.each(e2eVersions())('n8n %s: the Byai node as an AI agent tool', (version) => {
	let sandbox;
	let model;
	let n8n;
	const credentials = {};
	const tasks = {};
	let example;
	const admin = async (route, method = 'GET', body) =>
		(await fetch(`${sandbox.url}/admin${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json();
	/** What reached the sandbox since the scenario started: "METHOD path" with its query and body. */
	const sent = async () => (await admin('/requests')).requests.map((request) => ({ request: `${request.method} ${request.path}`, query: request.query, body: request.body }));
	const taskState = async (taskId) => (await admin('/state')).tasks.find((task) => task.taskId === taskId);

	/** Sends a chat message to a workflow's public chat; returns the agent's answer and the finished execution. */
	async function chat(workflow, chatInput) {
		const trigger = workflow.nodes.find((node) => node.type.endsWith('.chatTrigger'));
		const before = (await n8n.executions(workflow.id)).length;
		const send = () =>
			fetch(`${n8n.url}/webhook/${trigger.webhookId}/chat`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ action: 'sendMessage', sessionId: crypto.randomUUID(), chatInput }),
			});
		// n8n registers a chat webhook a moment after activating its workflow; until then it runs nothing.
		let response = await send();
		let text = await response.text();
		for (const deadline = Date.now() + 15_000; response.status === 404 && /is not registered/.test(text) && Date.now() < deadline; ) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			response = await send();
			text = await response.text();
		}
		if (response.status !== 200) throw new Error(`chat answered ${response.status}: ${text.slice(0, 500)}`);
		// Streaming answers are JSON lines ({type: 'item', content}); the others one JSON object ({output}).
		const output = trigger.parameters.options.responseMode === 'streaming'
			? text.split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((chunk) => chunk.type === 'item').map((chunk) => chunk.content).join('')
			: JSON.parse(text).output;
		const [execution] = await n8n.waitForExecutions(workflow.id, before + 1);
		return { output, execution: await n8n.execution(execution.id) };
	}

	/** The tool runs of an execution that failed (a refusal is an answer, not a failure). */
	const failedTools = (execution) =>
		Object.entries(execution.data.resultData.runData)
			.filter(([name, runs]) => name !== 'AI Agent' && runs.some((run) => run.error))
			.map(([name]) => name);

	beforeAll(async () => {
		const started = Date.now();
		sandbox = await startSandbox({ port: 0, quiet: true, dialer: { paused: true } });
		model = await startModelServer();
		n8n = await startN8n({ version });
		process.stderr.write(`[e2e] n8n ${version} up in ${((Date.now() - started) / 1000).toFixed(1)} s (${n8n.url}, log ${path.relative(ROOT, n8n.logFile)})\n`);
		credentials.byai = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
		credentials.model = await modelCredential(n8n, model);
		tasks.running = await newTask(sandbox, '续费提醒（进行中）', { start: true });
		tasks.notStarted = await newTask(sandbox, '新品邀约（未开始）');
		tasks.long = (await admin('/seed/done-calls', 'POST', { companyId: COMPANY, count: 120 })).taskId;
		example = await n8n.createWorkflow(agentWorkflow(credentials, `AI agent ${version}`), { activate: true });
	});
	afterAll(async () => {
		await n8n?.stop();
		await model?.stop();
		await sandbox?.stop();
	});
	beforeEach(async () => {
		await admin('/requests', 'DELETE');
	});

	test('the OpenAI credential test reaches the scripted model (/models)', async () => {
		const result = await n8n.rest('POST', '/credentials/test', { credentials: { id: credentials.model.id, name: credentials.model.name, type: 'openAiApi', data: { apiKey: 'x', url: model.baseUrl } } });
		expect(result).toMatchObject({ status: 'OK' });
	});

	test('it lists companies and running tasks', async () => {
		const ask = 'Which calling tasks are running right now?';
		model.setScript([
			{
				when: ask,
				steps: [
					{ toolCalls: [{ name: 'List_Companies', arguments: { page: 1 } }] },
					({ toolResults }) => ({ toolCalls: [{ name: 'List_Tasks', arguments: { companyId: toolResults[0].json[0].records[0].companyId, status: 1, page: 1 } }] }),
					({ toolResults }) => ({ content: `Running: ${toolResults[1].json[0].records.map((task) => `${task.jobName} (${task.callJobId})`).join(', ')}` }),
				],
			},
		]);
		const { output, execution } = await chat(example, ask);
		expect(execution.status).toBe('success');

		const results = model.toolResults(ask);
		const [companies] = tool(results, 'List_Companies');
		expect(companies).toEqual([{ note: 'Page 1 of 1, the last one (3 results).', page: 1, pageSize: 20, total: 3, records: [expect.objectContaining({ companyId: 3811 }), expect.objectContaining({ companyId: 3812 }), expect.objectContaining({ companyId: 3813 })] }]);
		const [running] = tool(results, 'List_Tasks');
		expect(running).toEqual([expect.objectContaining({ total: 1, records: [expect.objectContaining({ callJobId: tasks.running, status: 1, statusLabel: 'Running' })] })]);
		expect(output).toBe(`Running: 续费提醒（进行中） (${tasks.running})`);

		const requests = await sent();
		expect(requests.map((entry) => entry.request)).toEqual(['GET /openapi/v1/company/getCompanys', 'GET /openapi/v1/task/getTasks']);
		expect(requests[1].query).toEqual({ companyId: '3811', status: '1', pageNum: '1', pageSize: '20' });

		// What the model was told about the tool: the operation's own description and the $fromAI fields.
		const listTasks = model.requests.at(-1).tools.find((offered) => offered.function.name === 'List_Tasks').function;
		expect(listTasks.description).toMatch(/^List the calling tasks of a company \(companyId\): callJobId .* Answers one page of results with the total and a note/);
		expect(Object.keys(listTasks.parameters.properties).sort()).toEqual(['companyId', 'page', 'status']);
		expect(listTasks.parameters.properties.page.description).toMatch(/^Page of results: 1 for the first/);
	});

	test('a Byai error reaches the model as the tool answer (the example continues on error)', async () => {
		const ask = 'What happened in call 999999999?';
		model.setScript([{ when: ask, steps: [{ toolCalls: [{ name: 'Get_Call', arguments: { callInstanceId: '999999999' } }] }, ({ toolResults }) => ({ content: `Byai says: ${toolResults[0].json[0].error}` })] }]);
		const { output, execution } = await chat(example, ask);
		expect(execution.status).toBe('success');
		const [[answer]] = tool(model.toolResults(ask), 'Get_Call');
		expect(answer).toEqual({ error: expect.stringContaining('code 404'), description: expect.stringContaining('Check the id') });
		expect(output).toBe(`Byai says: ${answer.error}`);
		expect((await sent()).map(({ request }) => request)).toEqual(['GET /openapi/v1/task/phoneLogInfo']);
	});

	test("without On Error: Continue, n8n 2.x still hands the error to the model and 1.x ends the execution (README)", async () => {
		const strict = await n8n.createWorkflow(agentWorkflow(credentials, `AI agent, tools stop on error ${version}`, { stopOnError: true }), { activate: true });
		const ask = 'What happened in call 999999998?';
		model.setScript([{ when: ask, steps: [{ toolCalls: [{ name: 'Get_Call', arguments: { callInstanceId: '999999998' } }] }, ({ toolResults }) => ({ content: `Byai says: ${JSON.stringify(toolResults[0].json)}` })] }]);
		if (version.startsWith('1.')) {
			await expect(chat(strict, ask)).rejects.toThrow(/chat answered 500/);
			const [execution] = await n8n.waitForExecutions(strict.id, 1);
			expect(execution.status).toBe('error');
			expect(model.conversation(ask).turn).toBe(0); // the model was never asked again
		} else {
			const { execution } = await chat(strict, ask);
			expect(execution.status).toBe('success');
			expect(tool(model.toolResults(ask), 'Get_Call')).toEqual([[{ error: expect.stringContaining('code 404') }]]);
		}
		await n8n.deactivate(strict);
	});

	test("it reads a call's transcript and intention level", async () => {
		const { payload } = await admin('/callbacks/fire', 'POST', { type: 'callRecord', companyId: COMPANY });
		const callInstanceId = String(payload.data.data.sceneInstance.callInstanceId);
		const ask = `What did the customer say in call ${callInstanceId}, and how interested are they?`;
		model.setScript([
			{
				when: ask,
				steps: [
					{ toolCalls: [{ name: 'Get_Call', arguments: { callInstanceId } }] },
					({ toolResults }) => ({ content: `Intention ${toolResults[0].json[0].intentionGrade}. ${toolResults[0].json[0].transcript.split('\n')[0]}` }),
				],
			},
		]);
		const { output, execution } = await chat(example, ask);
		expect(execution.status).toBe('success');

		const [[call]] = tool(model.toolResults(ask), 'Get_Call');
		expect(call).toMatchObject({ callInstanceId: Number(callInstanceId), finishStatusLabel: 'Answered', intentionGrade: expect.stringMatching(/^[A-F]$/), intentionLabel: expect.any(String), transcript: expect.stringMatching(/^AI: .*\nCustomer: /) });
		// Compact: the transcript once, the grade once, no raw dialogue lines or result rows, no empty fields.
		expect(Object.keys(call).filter((key) => ['phoneLogs', 'taskResult', 'phoneLog', 'sceneInstance'].includes(key))).toEqual([]);
		expect(call.analysis?.客户意向等级).toBeUndefined();
		expect(Object.values(call).filter((value) => value === null || value === '')).toEqual([]);
		expect(output).toBe(`Intention ${call.intentionGrade}. ${call.transcript.split('\n')[0]}`);
		expect((await sent()).map(({ request, query }) => [request, query])).toEqual([['GET /openapi/v1/task/phoneLogInfo', { callInstanceId }]]);
	});

	test('it pages a long list without flooding its context', async () => {
		const ask = `List every finished call of task ${tasks.long}.`;
		const nextPage = (note) => Number(/with page = (\d+)/.exec(note)?.[1]);
		model.setScript([
			{
				when: ask,
				steps: [
					{ toolCalls: [{ name: 'List_Finished_Calls', arguments: { companyId: COMPANY, taskId: tasks.long, page: 1 } }] },
					({ toolResults }) => ({ toolCalls: [{ name: 'List_Finished_Calls', arguments: { companyId: COMPANY, taskId: tasks.long, page: nextPage(toolResults[0].json[0].note) } }] }),
					({ toolResults }) => ({ content: `${toolResults[0].json[0].total} calls; read ${toolResults.reduce((sum, result) => sum + result.json[0].records.length, 0)} so far.` }),
				],
			},
		]);
		const { output, execution } = await chat(example, ask);
		expect(execution.status).toBe('success');

		const results = model.toolResults(ask);
		const pages = tool(results, 'List_Finished_Calls').map(([page]) => page);
		expect(pages.map(({ page, pageSize, total, note, records }) => ({ page, pageSize, total, note, records: records.length }))).toEqual([
			{ page: 1, pageSize: 20, total: 120, note: 'Page 1 of 6 (120 results, 20 per page). For the next results call this tool again with page = 2.', records: 20 },
			{ page: 2, pageSize: 20, total: 120, note: 'Page 2 of 6 (120 results, 20 per page). For the next results call this tool again with page = 3.', records: 20 },
		]);
		expect(pages[1].records[0].customerName).toBe('客户21');
		// What the model holds: two pages of compact records, what all calls share said once, not the 120 calls.
		expect(pages[0].sameForAll).toMatchObject({ callJobId: tasks.long, jobName: '已完成任务 120 通' });
		expect(pages[0].records.filter((record) => 'jobName' in record)).toEqual([]);
		for (const result of results) expect(result.content.length).toBeLessThan(10_000);
		expect(output).toBe('120 calls; read 40 so far.');
		const requests = await sent();
		expect(requests.map(({ request, body }) => [request, body])).toEqual([
			['POST /openapi/v1/task/queryDoneTaskPhones', { callJobId: tasks.long, pageNum: 1, pageSize: 20 }],
			['POST /openapi/v1/task/queryDoneTaskPhones', { callJobId: tasks.long, pageNum: 2, pageSize: 20 }],
		]);
	});

	/** The model asks for something the owner did not allow and relays the tool's answer. */
	const refusedScenario = (ask, toolName, args) => [{ when: ask, steps: [{ toolCalls: [{ name: toolName, arguments: args }] }, ({ toolResults }) => ({ content: toolResults[0].json[0].message })] }];

	test.each([
		['it tries to start a task', 'Start_Task', 'Start Task', () => ({ companyId: COMPANY, taskId: tasks.notStarted }), 'Task → Start', /^Starting tasks is not enabled for this agent, so nothing was sent to Byai\. .*"Allow the Agent to Start Tasks" in the tool "Start Task"\.$/],
		['it tries to place a single call', 'Call_a_Number', 'Call a Number', () => ({ mobile: '13812345678', customerName: '周杰' }), 'Call → Call Number (Deprecated)', /^Placing calls is not enabled for this agent, so nothing was sent to Byai\. .*"Allow the Agent to Place Calls"/],
		['it tries to delete a task', 'Delete_Task', 'Delete Task', () => ({ companyId: COMPANY, taskId: tasks.notStarted }), 'Task → Delete', /^Deleting tasks is not enabled for this agent, so nothing was sent to Byai\. .*"Allow the Agent to Delete Tasks"/],
	])('%s: refused, the model is told why, nothing reaches Byai', async (scenario, toolName, nodeName, args, operation, message) => {
		const ask = `${scenario} (${version})`;
		model.setScript(refusedScenario(ask, toolName, args()));
		const { output, execution } = await chat(example, ask);
		// Not a crashed execution: the tool answered, the agent finished.
		expect(execution.status).toBe('success');
		expect(failedTools(execution)).toEqual([]);
		expect(execution.data.resultData.runData[nodeName]).toHaveLength(1);

		const [refusal] = tool(model.toolResults(ask), toolName);
		expect(refusal).toEqual([{ refused: true, operation, message: expect.stringMatching(message) }]);
		expect(output).toBe(refusal[0].message);
		expect(await sent()).toEqual([]);
		expect(await taskState(tasks.notStarted)).toMatchObject({ status: 0, deleted: false });
	});

	test('allowed by the owner, with a cap of one start per run: the first start goes out, the second is refused (streamed chat)', async () => {
		const second = await newTask(sandbox, '第二个任务');
		await admin('/requests', 'DELETE');
		const allowed = await n8n.createWorkflow(
			agentWorkflow(credentials, `AI agent, starts allowed ${version}`, { responseMode: 'streaming', nodes: { 'Start Task': { agentAllow: true, agentMaxCalls: 1 } } }),
			{ activate: true },
		);
		const ask = 'Start both new tasks.';
		model.setScript([
			{
				when: ask,
				steps: [
					{ toolCalls: [{ name: 'Start_Task', arguments: { companyId: COMPANY, taskId: tasks.notStarted } }] },
					{ toolCalls: [{ name: 'Start_Task', arguments: { companyId: COMPANY, taskId: second } }] },
					({ toolResults }) => ({ content: toolResults.map((result) => JSON.stringify(result.json[0])).join(' | ') }),
				],
			},
		]);
		const { output, execution } = await chat(allowed, ask);
		expect(execution.status).toBe('success');
		expect(model.requests.at(-1).stream).toBe(true);

		const [started, capped] = tool(model.toolResults(ask), 'Start_Task');
		expect(started).toEqual([{ success: true, taskId: tasks.notStarted, started: true }]);
		expect(capped).toEqual([{ refused: true, operation: 'Task → Start', message: expect.stringMatching(/^This agent may start at most 1 task\(s\) or call\(s\) per run and has used 1, so nothing was sent to Byai\./) }]);
		expect(output).toContain('"started":true');
		expect((await sent()).map(({ request, body }) => [request, body])).toEqual([['POST /openapi/v1/task/start', { taskId: tasks.notStarted }]]);
		expect(await taskState(tasks.notStarted)).toMatchObject({ status: 1 });
		expect(await taskState(second)).toMatchObject({ status: 0 });
		await n8n.deactivate(allowed);
	});

	test('the demo (npm start) answers offline with its scripted model', async () => {
		model.setScript(demoScript);
		const { output } = await chat(example, 'Which tasks are running?');
		expect(output).toMatch(/^List_Tasks: \d+ result\(s\) of \d+\./);
		expect(output).toContain(`callJobId: ${tasks.running}`);
		expect(output).toContain('statusLabel: Running');
		const refused = await chat(example, 'Please delete task 1');
		expect(refused.output).toMatch(/^I could not do that\. Deleting tasks is not enabled for this agent/);
		expect((await sent()).map(({ request }) => request)).toEqual(['GET /openapi/v1/task/getTasks']);
	});

	test('outside an agent, the same Start, Call and Delete nodes work as always', async () => {
		// The example's guarded tools as ordinary nodes: same parameters, the model's values from a webhook instead.
		const tools = Object.fromEntries(readExample(EXAMPLE).nodes.filter((node) => node.type.endsWith('.byaiTool')).map((node) => [node.name, node]));
		const fromWebhook = (parameters) => JSON.parse(JSON.stringify(parameters).replace(/\$fromAI\('(\w+)'.*?'(?:string|number)'\)/g, "$('Webhook').first().json.body.$1"));
		const ordinary = ({ onError: _onError, ...node }) => node;
		const chain = ['Start Task', 'Call a Number', 'Delete Task'].map((name, index) => ({ ...ordinary(tools[name]), type: 'n8n-nodes-byai.byai', parameters: fromWebhook(tools[name].parameters), position: [220 * (index + 1), 0] }));
		const webhookPath = `byai-agent-twin-${version}`;
		const plain = await n8n.createWorkflow(
			withCredential(
				{
					name: `Ordinary workflow ${version}`,
					nodes: [{ parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: crypto.randomUUID(), id: crypto.randomUUID() }, ...chain],
					connections: Object.fromEntries(['Webhook', ...chain.map((node) => node.name)].slice(0, -1).map((name, index) => [name, { main: [[{ node: chain[index].name, type: 'main', index: 0 }]] }])),
					settings: { executionOrder: 'v1' },
				},
				credentials.byai,
			),
			{ activate: true },
		);
		const third = await newTask(sandbox, '普通工作流任务');
		await admin('/requests', 'DELETE');
		const response = await fetch(`${n8n.url}/webhook/${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ companyId: COMPANY, taskId: third, mobile: '13812345678', customerName: '周杰' }) });
		expect(response.status).toBe(200);
		const [execution] = await n8n.waitForExecutions(plain.id, 1);
		expect(await n8n.nodeOutput(execution.id, 'Start Task')).toEqual([{ success: true, taskId: third, started: true }]);
		expect(await n8n.nodeOutput(execution.id, 'Call a Number')).toEqual([{ callInstanceId: expect.any(Number), mobile: '13812345678' }]);
		expect(await n8n.nodeOutput(execution.id, 'Delete Task')).toEqual([{ success: true, taskId: third, deleted: true }]);
		expect((await sent()).map(({ request }) => request)).toEqual(['POST /openapi/v1/task/start', 'GET /openapi/v1/company/getRobots', 'POST /openapi/v1/task/singleCallByMobile', 'POST /openapi/v1/task/delete']);
		expect(await taskState(third)).toMatchObject({ deleted: true });
		await n8n.deactivate(plain);
	});
});
