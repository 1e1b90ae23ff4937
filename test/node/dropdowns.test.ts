// Live dropdowns (methods.loadOptions) and resource-locator lists (methods.listSearch) through n8n's
// LoadOptionsContext against the sandbox, plus Return All / Limit of every paged operation.
import type { IDataObject } from 'n8n-workflow';

import { byId, listSearch, loadOptions, runByai } from '../helpers/n8n';
import { useSandbox } from '../helpers/sandbox';

const env = useSandbox({ seed: 5, dialer: { callIntervalMs: 60_000 } });
const run = (parameters: IDataObject, items?: IDataObject[]) => runByai(parameters as never, items, { credentials: env.credentials });
const json = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);
const company = byId(3813);
const pages = async (apiPath: string) =>
	(await env.requests(apiPath)).map((r) => {
		const paging = (r.method === 'GET' ? r.query : r.body) as IDataObject;
		return [Number(paging.pageNum), Number(paging.pageSize)];
	});

let tasks: IDataObject[] = [];
let variableTask = 0;

beforeAll(async () => {
	// 105 tasks in company 3813 (in one execution, ten at a time), for the task list's pages.
	const items = Array.from({ length: 105 }, (_, i) => ({ name: `列表任务 ${String(i).padStart(3, '0')}` }));
	tasks = json(
		await run(
			{ resource: 'task', operation: 'create', companyId: company, taskName: '={{ $json.name }}', callerLineIds: [112], robotDefId: 210, taskType: 2, requestOptions: { parallelRequests: 10 } },
			items,
		),
	);
	variableTask = tasks[0].taskId as number;
});

beforeEach(async () => env.admin('DELETE', '/requests'));

describe('resource locator lists (listSearch)', () => {
	test('companies, searchable by name or ID', async () => {
		const all = await listSearch('searchCompanies', {}, env.credentials);
		expect(all.results.map((r) => r.value)).toEqual(['3811', '3812', '3813']);
		expect(all.results[0].name).toMatch(/杭州示例科技有限公司 \(3811\)/);
		expect((await listSearch('searchCompanies', {}, env.credentials, '上海')).results.map((r) => r.value)).toEqual(['3812']);
		expect((await listSearch('searchCompanies', {}, env.credentials, '3813')).results.map((r) => r.value)).toEqual(['3813']);
	});

	test('tasks of the chosen company with their status, searched by name, a page of 100 at a time', async () => {
		const first = await listSearch('searchTasks', { companyId: company }, env.credentials);
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('2');
		expect(first.results[0].name).toMatch(/^列表任务 \d{3} · Not Started \(#\d+\)$/);
		const second = await listSearch('searchTasks', { companyId: company }, env.credentials, undefined, first.paginationToken);
		expect(second.results).toHaveLength(5);
		expect(second.paginationToken).toBeUndefined();
		const found = await listSearch('searchTasks', { companyId: company }, env.credentials, '列表任务 042');
		expect(found.results.map((r) => r.value)).toEqual([String(tasks[42].taskId)]);
		expect((await env.requests('/getTasks')).at(-1)!.query).toMatchObject({ companyId: '3813', taskName: '列表任务 042' });
	});

	test('asks for the company first', async () => {
		await expect(listSearch('searchTasks', { companyId: byId('') }, env.credentials)).rejects.toThrow(/Choose a company first/);
	});
});

describe('dropdowns (loadOptions)', () => {
	test('caller lines of the chosen company show their type and availability', async () => {
		const lines = await loadOptions('getCallerLines', { companyId: company }, env.credentials);
		expect(lines.map((line) => line.value)).toEqual([111, 112, 113, 114, 115]);
		expect(lines.map((line) => String(line.name).split(' · ').slice(1).join(' · '))).toEqual(['Mobile', 'Landline', 'No Caller ID', 'SIP', 'Mobile · Unavailable']);
		expect(lines[4].description).toMatch(/cannot be used now/);
	});

	test('robot scripts by robotStatus: online ones first, the others marked', async () => {
		const scripts = await loadOptions('getRobotScripts', { companyId: company }, env.credentials);
		expect(scripts.slice(0, 2).map((s) => s.value).sort()).toEqual([209, 210]);
		expect(scripts.slice(2).map((s) => s.name).sort()).toEqual(['保险续保提醒 · Not Online', '草稿话术 · Not Online']);
		expect(scripts[0].description).toMatch(/Online/);
		expect((await env.requests('/getRobots')).map((r) => r.query.robotStatus).sort()).toEqual(['0', '1']);
	});

	test('scene recordings and variables of the chosen script', async () => {
		const recordings = await loadOptions('getSceneRecordings', { companyId: company, robotDefId: 209 }, env.credentials);
		expect(recordings.map((r) => r.name)).toEqual(['信用卡分期回访-女声', '信用卡分期回访-男声']);
		const variables = await loadOptions('getScriptVariables', { companyId: company, robotDefId: 209 }, env.credentials);
		expect(variables.map((v) => [v.value, v.description])).toEqual([
			['客户名称', 'Filled by Byai from the name and phone number'],
			['联系方式', 'Filled by Byai from the name and phone number'],
			['产品名称', 'Needed by the script'],
			['到期日期', 'Needed by the script'],
		]);
	});

	test('variables of the chosen task\'s script (import)', async () => {
		const variables = await loadOptions('getTaskVariables', { resource: 'customer', operation: 'import', companyId: company, taskId: byId(variableTask) }, env.credentials);
		expect(variables.map((v) => v.value)).toEqual(['客户名称', '联系方式']);
	});

	test('blacklist groups, the default group marked', async () => {
		const groups = await loadOptions('getBlacklistGroups', { companyId: company }, env.credentials);
		expect(groups[0]).toMatchObject({ value: -1, name: '默认分组 (Default)' });
		expect(groups.map((g) => g.name)).toContain('投诉客户');
	});

	test('SMS templates: only the approved ones a task can send', async () => {
		const templates = await loadOptions('getSmsTemplates', { companyId: company }, env.credentials);
		expect(templates.map((t) => t.name)).toEqual(['活动通知', '回访感谢']);
		expect((await env.requests('/sms/template/list'))[0].query).toMatchObject({ status: '2', pageNum: '1', pageSize: '100' });
	});
});

describe('Return All / Limit on every paged operation, within its page-size cap', () => {
	test('Task → Get Many: pages of 100', async () => {
		const all = json(await run({ resource: 'task', operation: 'getAll', companyId: company, returnAll: true }));
		expect(all).toHaveLength(105);
		expect(await pages('/getTasks')).toEqual([[1, 100], [2, 100]]);
		await env.admin('DELETE', '/requests');
		expect(json(await run({ resource: 'task', operation: 'getAll', companyId: company, returnAll: false, limit: 30 }))).toHaveLength(30);
		expect(await pages('/getTasks')).toEqual([[1, 30]]);
	});

	test('Call → Get Many: pages of 50', async () => {
		const { taskId } = await env.admin('POST', '/seed/done-calls', { companyId: 3813, count: 120 });
		const all = json(await run({ resource: 'call', operation: 'getAll', companyId: company, taskId: byId(taskId), returnAll: true }));
		expect(all).toHaveLength(120);
		expect(new Set(all.map((c) => c.callInstanceId)).size).toBe(120);
		expect(await pages('/queryDoneTaskPhones')).toEqual([[1, 50], [2, 50], [3, 50]]);
		await env.admin('DELETE', '/requests');
		expect(json(await run({ resource: 'call', operation: 'getAll', companyId: company, taskId: byId(taskId), returnAll: false, limit: 60 }))).toHaveLength(60);
		expect(await pages('/queryDoneTaskPhones')).toEqual([[1, 50], [2, 50]]);
	});

	test('Callback → Get Many Failed: pages of up to 500', async () => {
		const range = { startDate: '2020-01-01T00:00:00', endDate: '2030-01-01T00:00:00' };
		await run({ resource: 'callback', operation: 'getFailed', companyId: company, ...range, returnAll: true });
		await run({ resource: 'callback', operation: 'getFailed', companyId: company, ...range, returnAll: false, limit: 3 });
		expect(await pages('/queryUnCallBack')).toEqual([[1, 500], [1, 3]]);
	});

	test('SMS Template → Get Many: pages of 100; Blacklist → Get Numbers: pages of 20', async () => {
		expect(json(await run({ resource: 'smsTemplate', operation: 'getAll', companyId: company, returnAll: true }))).toHaveLength(5);
		expect(await pages('/sms/template/list')).toEqual([[1, 100]]);
		const groups = json(await run({ resource: 'blacklist', operation: 'getGroups', companyId: company }));
		const big = groups.find((g) => g.name === '投诉客户')!;
		expect(json(await run({ resource: 'blacklist', operation: 'getNumbers', companyId: company, groupId: big.blacklistInfoGroupId, returnAll: true }))).toHaveLength(45);
		expect(await pages('/blacklist/info/page')).toEqual([[1, 20], [2, 20], [3, 20]]);
	});
});
