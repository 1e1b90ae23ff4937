// The node as an AI agent's tool (type byaiTool, as n8n runs it for an agent) next to the same parameters in an
// ordinary workflow (type byai): refusals send nothing, reads and allowed writes work, the per-execution cap,
// one page per call with a note, the output choice. The real agent and model are in e2e/agent.e2e.test.js.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AGENT_GUARDS, AGENT_SAFE_POSTS } from '../../nodes/Byai/actions/agent';
import { OPERATION_REGISTRY } from '../../nodes/Byai/actions/registry';
import { byId, NODE_TYPES, runNode } from '../helpers/n8n';
import { useSandbox } from '../helpers/sandbox';

const env = useSandbox({ seed: 5, dialer: { callIntervalMs: 60_000 } });
const company = byId(3811);
let executions = 0;
const newExecution = () => `agent-test-${++executions}`;
const runAs = async (type: 'byai' | 'byaiTool', parameters: IDataObject, { executionId = newExecution(), items = [{}] as IDataObject[] } = {}) =>
	(await runNode(`n8n-nodes-byai.${type}`, parameters as INodeParameters, items, { credentials: env.credentials, executionId })).map((item) => item.json);
const asTool = (parameters: IDataObject, options?: Parameters<typeof runAs>[2]) => runAs('byaiTool', parameters, options);
const plain = (parameters: IDataObject, options?: Parameters<typeof runAs>[2]) => runAs('byai', parameters, options);
const requests = async () => (await env.requests()).map((request) => `${request.method} ${request.path}`);

async function newTask(name: string): Promise<number> {
	const [task] = await plain({ resource: 'task', operation: 'create', companyId: company, taskName: name, callerLineIds: [102], robotDefId: 202, taskType: 2 });
	await plain({ resource: 'customer', operation: 'import', companyId: company, taskId: byId(task.taskId as number), phoneColumn: 'phone' }, { items: [{ phone: '13600000001' }] });
	return task.taskId as number;
}

const START = (taskId: number) => ({ resource: 'task', operation: 'start', companyId: company, taskId: byId(taskId) });
const CALL_NUMBER = { resource: 'call', operation: 'callNumber', companyId: company, mobile: '13700000009', robotDefId: 202, sceneRecordId: 403 };

beforeEach(async () => {
	await env.admin('DELETE', '/requests');
});

describe('every operation is classified for agents', () => {
	const operations = Object.entries(OPERATION_REGISTRY).flatMap(([resource, ops]) => Object.entries(ops).map(([operation, entry]) => ({ key: `${resource}.${operation}`, ...entry })));

	test('reads are GET or a known POST read; every other POST is guarded or listed as safe', () => {
		for (const { key, method } of operations) {
			const guarded = Object.hasOwn(AGENT_GUARDS, key);
			const safe = AGENT_SAFE_POSTS.includes(key);
			expect([key, method === 'GET' ? !guarded && !safe : guarded !== safe || key === 'task.create']).toEqual([key, true]);
		}
		expect(Object.keys(AGENT_GUARDS).sort()).toEqual(
			['blacklist.deleteGroup', 'blacklist.removeNumber', 'blacklist.updateGroup', 'call.callCustomer', 'call.callNumber', 'customer.import', 'customer.importV1', 'task.create', 'task.delete', 'task.start', 'task.stop', 'task.update'].sort(),
		);
	});

	test('the agent fields exist only on the tool; Return All, Limit and Simplify only outside it', () => {
		const fieldsOf = (type: string, parameters: IDataObject) => {
			const { description } = NODE_TYPES[type];
			return Object.keys(NodeHelpers.getNodeParameters(description.properties, parameters as INodeParameters, true, false, null, description) ?? {});
		};
		const calls = { resource: 'call', operation: 'getAll' };
		expect(fieldsOf('n8n-nodes-byai.byai', calls)).toEqual(expect.arrayContaining(['returnAll', 'limit', 'simplify']));
		expect(fieldsOf('n8n-nodes-byai.byai', calls).filter((name) => /^agent|toolDescription/.test(name))).toEqual([]);
		expect(fieldsOf('n8n-nodes-byai.byaiTool', calls)).toEqual(expect.arrayContaining(['toolDescription', 'agentPage', 'agentPageSize', 'agentOutput']));
		expect(fieldsOf('n8n-nodes-byai.byaiTool', calls).filter((name) => ['returnAll', 'limit', 'simplify', 'agentAllow'].includes(name))).toEqual([]);
		expect(fieldsOf('n8n-nodes-byai.byaiTool', { resource: 'task', operation: 'start' })).toEqual(expect.arrayContaining(['agentAllow']));
		expect(fieldsOf('n8n-nodes-byai.byaiTool', { resource: 'task', operation: 'start', agentAllow: true })).toEqual(expect.arrayContaining(['agentMaxCalls']));
	});
});

describe('outside an agent the same operations work as before, whatever the agent settings say', () => {
	test('Task → Start, Call → Call Number and Task → Delete send their request and answer as always', async () => {
		const taskId = await newTask('普通工作流');
		const agentSettings = { agentAllow: false, agentOutput: 'raw', agentMaxCalls: 1 };
		await env.admin('DELETE', '/requests');
		expect(await plain({ ...START(taskId), ...agentSettings })).toEqual([{ success: true, taskId, started: true }]);
		const [call] = await plain({ ...CALL_NUMBER, ...agentSettings });
		expect(Object.keys(call).sort()).toEqual(['callInstanceId', 'mobile']);
		await plain({ resource: 'task', operation: 'pause', companyId: company, taskId: byId(taskId) });
		expect(await plain({ resource: 'task', operation: 'delete', companyId: company, taskId: byId(taskId), ...agentSettings })).toEqual([{ success: true, taskId, deleted: true }]);
		expect(await requests()).toEqual([
			'POST /openapi/v1/task/start',
			'GET /openapi/v1/company/getRobots',
			'POST /openapi/v1/task/singleCallByMobile',
			'POST /openapi/v1/task/pause',
			'POST /openapi/v1/task/delete',
		]);
	});

	test('lists keep Return All / Limit and one item per record', async () => {
		await newTask('列表1');
		await newTask('列表2');
		const tasks = await plain({ resource: 'task', operation: 'getAll', companyId: company, returnAll: true, agentPage: 2, agentPageSize: 1 });
		expect(tasks.length).toBeGreaterThan(1);
		expect(tasks.every((task) => typeof task.callJobId === 'number' && !('records' in task))).toBe(true);
	});
});

describe('used as a tool, what the owner did not allow is refused and sends nothing', () => {
	const guarded: Array<[string, IDataObject]> = [
		['Task → Start', START(1)],
		['Call → Call Number', CALL_NUMBER],
		['Call → Call Customer', { ...CALL_NUMBER, operation: 'callCustomer', customerId: '800001' }],
		['Task → Delete', { resource: 'task', operation: 'delete', companyId: company, taskId: byId(1) }],
		['Task → Stop', { resource: 'task', operation: 'stop', companyId: company, taskId: byId(1) }],
		['Task → Update', { resource: 'task', operation: 'update', companyId: company, taskId: byId(1), concurrencyQuota: 1 }],
		['Task → Create (scheduled)', { resource: 'task', operation: 'create', companyId: company, taskName: 'x', callerLineIds: [102], robotDefId: 202, taskType: 1, startDate: '2030-01-01' }],
		['Customer → Import', { resource: 'customer', operation: 'import', companyId: company, taskId: byId(1), phoneColumn: 'phone' }],
		['Blacklist → Remove Number', { resource: 'blacklist', operation: 'removeNumber', companyId: company, groupId: -1, mobile: '13800000000' }],
		['Blacklist → Delete Group', { resource: 'blacklist', operation: 'deleteGroup', companyId: company, groupId: 601 }],
		['Blacklist → Update Group', { resource: 'blacklist', operation: 'updateGroup', companyId: company, groupId: 601, groupName: 'x' }],
	];

	test.each(guarded)('%s', async (label, parameters) => {
		const [refusal, ...rest] = await asTool(parameters);
		expect(rest).toEqual([]);
		expect(refusal).toEqual({ refused: true, operation: expect.stringContaining(label.replace(/ \(.*\)$/, '')), message: expect.stringMatching(/is not enabled for this agent, so nothing was sent to Byai\. .*ask the workflow owner.*"Allow the Agent to [^"]+" in the tool "Byai"/) });
		expect(await requests()).toEqual([]);
	});

	test('only the switch as saved in the node allows: an expression, $fromAI above all, does not', async () => {
		for (const agentAllow of ['={{ true }}', "={{ $fromAI('allowed', 'Whether you may', 'boolean') }}"]) {
			expect((await asTool({ ...START(1), agentAllow }))[0]).toMatchObject({ refused: true });
		}
		await expect(asTool({ ...START(1), agentAllow: true, agentMaxCalls: "={{ $fromAI('max', 'How many', 'number') }}" })).rejects.toThrow(/Max Task Starts and Calls per Run must be a whole number/);
		expect(await requests()).toEqual([]);
	});

	test('the refusal says what was refused', async () => {
		const [start] = await asTool(START(1));
		expect(start.message).toMatch(/^Starting tasks is not enabled for this agent/);
		const [call] = await asTool(CALL_NUMBER);
		expect(call.message).toMatch(/^Placing calls is not enabled/);
	});

	test('reads and harmless writes need no permission: a manual task is created, a task paused', async () => {
		const [created] = await asTool({ resource: 'task', operation: 'create', companyId: company, taskName: '代理创建', callerLineIds: [102], robotDefId: 202, taskType: 2 });
		expect(created).toMatchObject({ taskId: expect.any(Number), statusLabel: 'Not Started' });
		const [paused] = await asTool({ resource: 'task', operation: 'pause', companyId: company, taskId: byId(created.taskId as number) }).catch((error: Error) => [{ error: error.message }]);
		// Byai pauses only running tasks; the request was sent all the same.
		expect(paused).toBeDefined();
		expect(await requests()).toEqual(['GET /openapi/v1/company/getPhones', 'POST /openapi/v1/task/createTask', 'POST /openapi/v1/task/pause']);
	});
});

describe('allowed, starts and calls are capped per execution', () => {
	test('with the switch on and a cap of 1, the first start goes out and the second is refused; the next execution starts again', async () => {
		const [first, second, third] = [await newTask('代理任务1'), await newTask('代理任务2'), await newTask('代理任务3')];
		await env.admin('DELETE', '/requests');
		const allowed = { agentAllow: true, agentMaxCalls: 1 };
		const executionId = newExecution();
		expect(await asTool({ ...START(first), ...allowed }, { executionId })).toEqual([{ success: true, taskId: first, started: true }]);
		const [capped] = await asTool({ ...START(second), ...allowed }, { executionId });
		expect(capped).toMatchObject({ refused: true, message: expect.stringMatching(/at most 1 task\(s\) or call\(s\) per run and has used 1, so nothing was sent/) });
		// Single calls count against the same cap.
		expect((await asTool({ ...CALL_NUMBER, ...allowed }, { executionId }))[0]).toMatchObject({ refused: true });
		expect(await asTool({ ...START(third), ...allowed })).toEqual([{ success: true, taskId: third, started: true }]);
		expect((await env.requests('/task/start')).map((request) => (request.body as IDataObject).taskId)).toEqual([first, third]);
		expect(await env.requests('singleCallByMobile')).toEqual([]);
	});
});

describe('one page per call, with a note the model can follow', () => {
	let taskId: number;
	beforeAll(async () => {
		({ taskId } = await env.admin('POST', '/seed/done-calls', { companyId: 3811, count: 45 }));
	});
	const calls = (extra: IDataObject = {}) => asTool({ resource: 'call', operation: 'getAll', companyId: company, taskId: byId(taskId), agentPage: 1, ...extra });

	test('page 1 of a long list: one request for 20 records, the total and how to get page 2', async () => {
		const [answer, ...rest] = await calls({ agentPage: `={{ $fromAI('page', 'Page', 'number', 1) }}` });
		expect(rest).toEqual([]);
		expect(answer).toMatchObject({ page: 1, pageSize: 20, total: 45, note: 'Page 1 of 3 (45 results, 20 per page). For the next results call this tool again with page = 2.' });
		expect(answer.records).toHaveLength(20);
		// What every call of the page shares is said once.
		expect(answer.sameForAll).toMatchObject({ callJobId: taskId, jobName: '已完成任务 45 通', status: 2 });
		expect((answer.records as IDataObject[]).filter((record) => 'jobName' in record || 'callJobId' in record)).toEqual([]);
		expect((await env.requests('queryDoneTaskPhones')).map((request) => request.body)).toEqual([{ callJobId: taskId, pageNum: 1, pageSize: 20 }]);
	});

	test('the last page and past the end; a page fixed by the owner says to narrow the request', async () => {
		const [last] = await calls({ agentPage: 3 });
		expect(last).toMatchObject({ page: 3, total: 45, note: 'Page 3 of 3, the last one (45 results).' });
		expect((last.records as IDataObject[]).map((record) => record.customerName)).toEqual(['客户41', '客户42', '客户43', '客户44', '客户45']);
		const [past] = await calls({ agentPage: 4 });
		expect(past).toMatchObject({ records: [], note: 'Page 4 is past the end: there are 45 results, 3 page(s) of 20.' });
		const [fixed] = await calls({ agentPage: 1, agentPageSize: 10 });
		expect(fixed.note).toBe('Page 1 of 5 (45 results, 10 per page). More exist, but the workflow owner fixed the page of this tool: narrow the request instead.');
	});

	test('a list Byai answers in full is cut into pages too', async () => {
		const [page2] = await asTool({ resource: 'company', operation: 'getAll', agentPage: 2, agentPageSize: 2 });
		expect(page2).toMatchObject({ page: 2, pageSize: 2, total: 3, records: [{ companyId: 3813 }] });
		expect(await requests()).toEqual(['GET /openapi/v1/company/getCompanys']);
	});

	test('a bad page is an error naming the field', async () => {
		await expect(calls({ agentPage: 0 })).rejects.toThrow('Page must be a whole number from 1 to');
		await expect(calls({ agentPage: 1, agentPageSize: 51 })).rejects.toThrow('Results per Page must be a whole number from 1 to 50, got 51');
	});
});

describe('the output choice: Simplified (default), Raw, Selected Fields', () => {
	let callInstanceId: string;
	beforeAll(async () => {
		const { payload } = await env.admin('POST', '/callbacks/fire', { type: 'callRecord', companyId: 3811 });
		callInstanceId = String(payload.data.data.sceneInstance.callInstanceId);
	});
	const getCall = (extra: IDataObject = {}) => asTool({ resource: 'call', operation: 'get', callInstanceId, ...extra });

	test('Simplified: labels, transcript and analysis; no empty fields, no raw dialogue or result rows', async () => {
		const [call] = await getCall();
		expect(call).toMatchObject({ callInstanceId: Number(callInstanceId), finishStatusLabel: 'Answered', intentionGrade: expect.stringMatching(/^[A-F]$/), transcript: expect.stringMatching(/^AI: /) });
		// The grade once (intentionGrade), not again as an analysis row.
		expect((call.analysis as IDataObject | undefined)?.客户意向等级).toBeUndefined();
		expect(Object.keys(call)).not.toEqual(expect.arrayContaining(['phoneLogs']));
		expect(Object.keys(call).filter((key) => ['phoneLogs', 'taskResult', 'resultList'].includes(key))).toEqual([]);
		expect(Object.values(call).filter((value) => value === null || value === '')).toEqual([]);
		const [full] = await plain({ resource: 'call', operation: 'get', callInstanceId });
		expect(JSON.stringify(call).length).toBeLessThan(JSON.stringify(full).length * 0.7);
	});

	test("Raw: Byai's record as it is", async () => {
		const [raw] = await getCall({ agentOutput: 'raw' });
		expect(Object.keys(raw).sort()).toEqual(expect.arrayContaining(['phoneLog', 'sceneInstance', 'taskResult']));
		expect(raw).not.toHaveProperty('transcript');
	});

	test('Selected Fields: only those, and the names that matched nothing', async () => {
		const [picked] = await getCall({ agentOutput: 'selected', agentFields: 'intentionGrade, transcript, noSuchField' });
		expect(Object.keys(picked)).toEqual(['intentionGrade', 'transcript', 'fieldsNotFound']);
		expect(picked.fieldsNotFound).toEqual(['noSuchField']);
	});
});
