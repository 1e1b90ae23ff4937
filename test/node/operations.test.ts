// Every operation of the Byai node, run through n8n's ExecuteContext against the sandbox.
import type { IDataObject } from 'n8n-workflow';

import { byId, loadOptions, runByai } from '../helpers/n8n';
import { endpointsJson as reference } from '../helpers/reference';
import { useSandbox } from '../helpers/sandbox';

const env = useSandbox({ seed: 11, dialer: { callIntervalMs: 60_000 } });
const company = byId(3811);
const run = (parameters: IDataObject, items?: IDataObject[], continueOnFail = false) =>
	runByai(parameters as never, items, { credentials: env.credentials, continueOnFail });
const json = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json);

/** The sandbox saw exactly one signed request of this method on this path since the last check. */
async function expectRequest(method: string, apiPath: string) {
	const seen = (await env.requests(apiPath)).filter((r) => r.path === apiPath);
	expect(seen.length).toBeGreaterThan(0);
	for (const request of seen) {
		expect(request.method).toBe(method);
		expect(request.signatureValid).toBe(true);
	}
	verified.add(`${method} ${apiPath}`);
	return seen[seen.length - 1];
}

const state: Record<string, number> = {};
const verified = new Set<string>();

describe('operations of the Byai node against the sandbox', () => {
	test('Company → Get Many', async () => {
		const out = json(await run({ resource: 'company', operation: 'getAll' }));
		expect(out.map((c) => c.companyId)).toEqual([3811, 3812, 3813]);
		await expectRequest('GET', '/openapi/v1/company/getCompanys');
	});

	test('Caller Line → Get Many adds the line type', async () => {
		const out = json(await run({ resource: 'callerLine', operation: 'getAll', companyId: company }));
		expect(out.map((l) => l.phoneTypeLabel)).toEqual(['Mobile', 'Landline', 'No Caller ID', 'SIP', 'Mobile']);
		expect((await expectRequest('GET', '/openapi/v1/company/getPhones')).query).toEqual({ companyId: '3811' });
	});

	test('Robot Script → Get Many and Get Variables', async () => {
		const robots = json(await run({ resource: 'robotScript', operation: 'getAll', companyId: company, robotStatus: 1 }));
		expect(robots.map((r) => r.robotName)).toEqual(['信用卡分期回访', '课程体验邀约']);
		expect((await expectRequest('GET', '/openapi/v1/company/getRobots')).query).toEqual({ companyId: '3811', robotStatus: '1' });
		const [variables] = json(await run({ resource: 'robotScript', operation: 'getVariables', companyId: company, robotDefId: 201 }));
		expect(variables.variables).toEqual(['客户名称', '联系方式', '产品名称', '到期日期']);
		expect(variables.requiredForImport).toEqual(['产品名称', '到期日期']);
		expect((await expectRequest('GET', '/openapi/v1/task/getSceneVariables')).query).toEqual({ companyId: '3811', sceneDefId: '301' });
	});

	test('Seat Statistics → Get', async () => {
		const [stats] = json(await run({ resource: 'seatStatistics', operation: 'get', companyId: company }));
		expect(stats).toMatchObject({ companyAllCallSeat: 10, companyUsingCallSeat: 0, freeSeats: 10 });
		await expectRequest('GET', '/openapi/v1/company/seat/statistics');
	});

	test('SMS Template → Get Many, by audit status, with labels', async () => {
		const all = json(await run({ resource: 'smsTemplate', operation: 'getAll', companyId: company, returnAll: true }));
		expect(all).toHaveLength(5);
		const approved = json(await run({ resource: 'smsTemplate', operation: 'getAll', companyId: company, status: 2, returnAll: true }));
		expect(approved.map((t) => t.statusLabel)).toEqual(['Approved', 'Approved']);
		expect((await expectRequest('GET', '/openapi/v1/sms/template/list')).query).toMatchObject({ status: '2', pageNum: '1' });
	});

	test('Blacklist: groups and numbers, Return All across pages of 20', async () => {
		const groups = json(await run({ resource: 'blacklist', operation: 'getGroups', companyId: company }));
		expect(groups.map((g) => g.blacklistInfoGroupId)).toContain(-1);
		await expectRequest('GET', '/openapi/v1/company/blacklist/group/list');
		const big = groups.find((g) => g.name === '投诉客户')!;
		await env.admin('DELETE', '/requests');
		const numbers = json(await run({ resource: 'blacklist', operation: 'getNumbers', companyId: company, groupId: big.blacklistInfoGroupId, returnAll: true }));
		expect(numbers).toHaveLength(45);
		const pages = (await env.requests('/blacklist/info/page')).map((r) => [r.query.pageNum, r.query.pageSize]);
		expect(pages).toEqual([['1', '20'], ['2', '20'], ['3', '20']]);
		const limited = json(await run({ resource: 'blacklist', operation: 'getNumbers', companyId: company, groupId: big.blacklistInfoGroupId, returnAll: false, limit: 7 }));
		expect(limited).toHaveLength(7);
		await expectRequest('GET', '/openapi/v1/company/blacklist/info/page');

		const [created] = json(await run({ resource: 'blacklist', operation: 'createGroup', companyId: company, groupName: 'n8n 测试', additionalFields: { remark: 'from n8n' } }));
		state.groupId = created.blacklistInfoGroupId as number;
		expect((await expectRequest('POST', '/openapi/v1/company/blacklist/group/add')).body).toEqual({ companyId: 3811, name: 'n8n 测试', remark: 'from n8n' });
		const [renamed] = json(await run({ resource: 'blacklist', operation: 'updateGroup', companyId: company, groupId: state.groupId, groupName: 'n8n 改名' }));
		expect(renamed.success).toBe(true);
		await expectRequest('POST', '/openapi/v1/company/blacklist/group/edit');

		const [single] = json(await run({ resource: 'blacklist', operation: 'addNumber', companyId: company, mobile: '+86 139-0000-1111', additionalFields: { name: '张三' } }));
		expect(single.mobile).toBe('13900001111');
		expect((await expectRequest('POST', '/openapi/v1/company/addBlackList')).body).toEqual({ companyId: 3811, mobile: '13900001111', name: '张三' });
		const [batch] = json(
			await run({
				resource: 'blacklist',
				operation: 'addNumbers',
				companyId: company,
				groupId: state.groupId,
				numbers: { number: [{ mobile: '13900002222', name: '李四' }, { mobile: '0086 13900003333', name: '' }] },
			}),
		);
		expect(batch).toMatchObject({ requested: 2, added: 2 });
		const batchBody = (await expectRequest('POST', '/openapi/v1/company/addBlackList/batch')).body!;
		expect(batchBody.blacklist).toEqual([{ mobile: '13900002222', name: '李四' }, { mobile: '13900003333', name: '13900003333' }]);

		// A group with numbers cannot be deleted: with Continue On Fail the error lands on the item.
		const [refused] = json(await run({ resource: 'blacklist', operation: 'deleteGroup', companyId: company, groupId: state.groupId }, [{}], true));
		expect(String(refused.error)).toContain('code 412');
		for (const mobile of ['13900002222', '13900003333']) {
			const [removed] = json(await run({ resource: 'blacklist', operation: 'removeNumber', companyId: company, groupId: state.groupId, mobile }));
			expect(removed.removed).toBe(true);
		}
		await expectRequest('POST', '/openapi/v1/company/blacklist/info/delete');
		const [deleted] = json(await run({ resource: 'blacklist', operation: 'deleteGroup', companyId: company, groupId: state.groupId }));
		expect(deleted.deleted).toBe(true);
		await expectRequest('POST', '/openapi/v1/company/blacklist/group/delete');
	});

	test('Task → Create derives the line type from the chosen lines', async () => {
		const [created] = json(
			await run({
				resource: 'task',
				operation: 'create',
				companyId: company,
				taskName: '回访 n8n',
				callerLineIds: [102],
				robotDefId: 202,
				taskType: 2,
				concurrencyQuota: 2,
				additionalFields: {
					workingStartTime: '09:30',
					workingEndTime: '19:00',
					breakStartTime: '12:00',
					breakEndTime: '13:30',
					redialRules: { rule: [{ finishStatus: 2, times: 2, interval: 30 }] },
					sendSms: true,
					smsSendLevel: ['A', 'B'],
				},
			}),
		);
		state.taskId = created.taskId as number;
		expect(created).toMatchObject({ taskName: '回访 n8n', status: 0, statusLabel: 'Not Started' });
		const body = (await expectRequest('POST', '/openapi/v1/task/createTask')).body!;
		expect(body).toMatchObject({
			companyId: 3811, taskName: '回访 n8n', taskType: 2, userPhoneIds: [102], robotDefId: 202, callType: 1, concurrencyQuota: 2,
			workingStartTime: '09:30', workingEndTime: '19:00', breakStartTime: '12:00', breakEndTime: '13:30',
			repeatCall: true, repeatCallRule: [{ phoneStatus: 2, times: 2, interval: 30 }], smsType: 1, smsSendLevel: ['A级(有明确意向)', 'B级(可能有意向)'],
		});
	});

	test('Customer → Import: 25,000 rows in 3 chunks, invalid numbers reported and not sent', async () => {
		const rows: IDataObject[] = Array.from({ length: 25_000 }, (_, i) => {
			const digits = String(10_000_000 + i).slice(-8);
			return { phone: `+86 138-${digits.slice(0, 4)}-${digits.slice(4)}`, name: `客户${i}`, crmId: `C${i}` };
		});
		rows[10] = { phone: '1380000abcd', name: 'letters' };
		rows[20] = { phone: '138000000001', name: 'twelve digits' };
		rows[30] = { phone: '', name: 'empty' };
		await env.admin('DELETE', '/requests');
		const [summary] = await run(
			{ resource: 'customer', operation: 'import', companyId: company, taskId: byId(state.taskId), phoneColumn: 'phone', nameColumn: 'name', importOptions: { otherColumnsAsProperties: true } },
			rows,
		);
		expect(summary.json).toMatchObject({ rows: 25_000, sent: 24_997, chunks: 3, successNum: 24_997, repeatNum: 0, failNum: 0, invalidCount: 3 });
		expect((summary.json.invalid as IDataObject[]).map((row) => row.row)).toEqual([11, 21, 31]);
		expect(String((summary.json.invalid as IDataObject[])[0].reason)).toContain('characters other than digits');
		expect(summary.pairedItem).toHaveLength(25_000);
		const chunks = await env.requests('/v2/task/importTaskCustomer');
		await expectRequest('POST', '/openapi/v2/task/importTaskCustomer');
		expect(chunks.map((r) => (r.body as IDataObject).customerInfoListLength ?? (r.body as { customerInfoList: unknown[] }).customerInfoList.length)).toEqual([10_000, 10_000, 4_997]);
	});

	test('Customer → Import reports Byai\'s duplicate and variable counts; v1 still works', async () => {
		const [task] = json(await run({ resource: 'task', operation: 'create', companyId: company, taskName: '变量任务', callerLineIds: [102], robotDefId: 201, taskType: 2 }));
		state.variableTaskId = task.taskId as number;
		const rows = [
			{ phone: '13800000001', name: 'A', product: '白金卡', due: '2026-12-01' },
			{ phone: '13800000001', name: 'A again', product: '白金卡', due: '2026-12-01' },
			{ phone: '13800000002', name: 'B', product: '', due: '' },
		];
		const [summary] = json(
			await run(
				{
					resource: 'customer', operation: 'import', companyId: company, taskId: byId(state.variableTaskId), phoneColumn: 'phone', nameColumn: 'name',
					variables: { variable: [{ name: '产品名称', column: 'product' }, { name: '到期日期', column: 'due' }] },
				},
				rows,
			),
		);
		expect(summary).toMatchObject({ sent: 3, successNum: 1, repeatNum: 1, placeFailNum: 1 });
		const sent = (await expectRequest('POST', '/openapi/v2/task/importTaskCustomer')).body as { customerInfoList: IDataObject[] };
		expect(sent.customerInfoList[0]).toEqual({ phone: '13800000001', name: 'A', properties: { 产品名称: '白金卡', 到期日期: '2026-12-01' } });
		const [legacy] = json(await run({ resource: 'customer', operation: 'importV1', companyId: company, taskId: byId(state.variableTaskId), phoneColumn: 'phone', nameColumn: 'name', variables: { variable: [{ name: '产品名称', column: 'p' }, { name: '到期日期', column: 'd' }] } }, [{ phone: '13800000003', p: 'x', d: 'y' }]));
		expect(legacy).toMatchObject({ sent: 1, invalidCount: 0 });
		expect(legacy.successNum).toBeUndefined();
		await expectRequest('POST', '/openapi/v1/task/importTaskCustomer');
	});

	test('Customer → Import: a failing chunk says how far the import got; with Continue On Fail the summary so far', async () => {
		const [task] = json(await run({ resource: 'task', operation: 'create', companyId: company, taskName: '分块失败', callerLineIds: [102], robotDefId: 202, taskType: 2 }));
		const importPath = '/openapi/v2/task/importTaskCustomer';
		const rows = Array.from({ length: 5 }, (_, i) => ({ phone: `1350000000${i}` }));
		const parameters = { resource: 'customer', operation: 'import', companyId: company, taskId: byId(task.taskId as number), phoneColumn: 'phone', importOptions: { chunkSize: 2 } };
		// The first fault only delays chunk 1 (which goes through); the second fails chunk 2.
		const failSecondChunk = async () => {
			await env.admin('POST', '/faults', { path: importPath, mode: 'slow', delayMs: 1 });
			await env.admin('POST', '/faults', { path: importPath, mode: 'envelope', status: 500 });
		};
		await failSecondChunk();
		const error = (await run(parameters, rows).then(() => ({}), (thrown: unknown) => thrown)) as { message: string; description: string };
		expect(error.message).toMatch(/500/);
		expect(error.description).toMatch(/Chunks 1–1 \(2 customers\) were imported before chunk 2 failed\. .*running the import again is safe/);

		await failSecondChunk();
		const [summary] = await run(parameters, rows, true);
		expect(summary.json).toMatchObject({ sent: 2, chunks: 1, repeatNum: 2, invalidCount: 0 });
		expect(String(summary.json.error)).toMatch(/500/);
		expect(summary.pairedItem).toHaveLength(5);
		// Run again without faults: Byai drops the numbers already imported.
		const [again] = json(await run(parameters, rows));
		expect(again).toMatchObject({ sent: 5, chunks: 3, successNum: 3, repeatNum: 2 });
	});

	test('Customer → Get Many Not Dialled pages by 50', async () => {
		await env.admin('DELETE', '/requests');
		const pending = json(await run({ resource: 'customer', operation: 'getNotDialed', companyId: company, taskId: byId(state.taskId), returnAll: false, limit: 120 }));
		expect(pending).toHaveLength(120);
		expect(pending[0]).toMatchObject({ status: 0, statusLabel: 'Not Started' });
		await expectRequest('POST', '/openapi/v1/task/notDialedCustomerList');
		const log = await env.requests('/notDialedCustomerList');
		expect(log.map((r) => [r.method, (r.body as IDataObject).pageNum, (r.body as IDataObject).pageSize])).toEqual([['POST', 1, 50], ['POST', 2, 50], ['POST', 3, 50]]);
	});

	test('Task → Update sends the lines as a comma string and keeps unchanged fields', async () => {
		const [updated] = json(await run({ resource: 'task', operation: 'update', companyId: company, taskId: byId(state.taskId), concurrencyQuota: 3, updateFields: { callerLineIds: [102], workingEndTime: '18:00', concurrencyPhone: 4 } }));
		expect(updated).toMatchObject({ success: true, taskId: state.taskId });
		const body = (await expectRequest('POST', '/openapi/v1/task/update')).body!;
		expect(body).toMatchObject({ companyId: 3811, taskId: state.taskId, taskName: '回访 n8n', taskType: 2, userPhoneIds: '102', callType: 1, concurrencyQuota: 3, workingEndTime: '18:00', concurrencyPhone: 4 });
	});

	test('Task → Start, Get, Get Many; Call → Get Many with filters and Get with transcript', async () => {
		const [small] = json(await run({ resource: 'task', operation: 'create', companyId: company, taskName: '小任务', callerLineIds: [101, 105].slice(0, 1), robotDefId: 202, taskType: 2 }));
		state.smallTaskId = small.taskId as number;
		await run({ resource: 'customer', operation: 'import', companyId: company, taskId: byId(state.smallTaskId), phoneColumn: 'phone', nameColumn: '' }, Array.from({ length: 120 }, (_, i) => ({ phone: `1370000${String(i).padStart(4, '0')}` })));
		const [started] = json(await run({ resource: 'task', operation: 'start', companyId: company, taskId: byId(state.smallTaskId) }));
		expect(started).toMatchObject({ success: true, started: true });
		expect((await expectRequest('POST', '/openapi/v1/task/start')).body).toEqual({ taskId: state.smallTaskId });
		await env.admin('POST', '/dialer/advance', { taskId: state.smallTaskId, untilDone: true });

		const [detail] = json(await run({ resource: 'task', operation: 'get', companyId: company, taskId: byId(state.smallTaskId) }));
		expect(detail).toMatchObject({ status: 2, statusLabel: 'Completed', totalCount: 120, doneCount: 120 });
		await expectRequest('GET', '/openapi/v1/task/getTaskDetail');
		const tasks = json(await run({ resource: 'task', operation: 'getAll', companyId: company, returnAll: true, filters: { taskName: '小任务' } }));
		expect(tasks.map((t) => t.callJobId)).toEqual([state.smallTaskId]);
		expect((await expectRequest('GET', '/openapi/v1/task/getTasks')).query).toMatchObject({ taskName: '小任务', pageSize: '100' });

		await env.admin('DELETE', '/requests');
		const calls = json(await run({ resource: 'call', operation: 'getAll', companyId: company, taskId: byId(state.smallTaskId), returnAll: true }));
		expect(calls).toHaveLength(120);
		expect((await env.requests('queryDoneTaskPhones')).map((r) => (r.body as IDataObject).pageNum)).toEqual([1, 2, 3]);
		expect(typeof calls[0].duration).toBe('number');
		expect(calls.every((c) => typeof c.finishStatusLabel === 'string')).toBe(true);

		const gradeA = json(await run({ resource: 'call', operation: 'getAll', companyId: company, taskId: byId(state.smallTaskId), returnAll: true, filters: { intentionGrade: 'A', durationLeft: 10 } }));
		expect(gradeA.length).toBeGreaterThan(0);
		expect(gradeA.every((c) => c.intentionGrade === 'A' && (c.duration as number) >= 10)).toBe(true);
		expect((await expectRequest('POST', '/openapi/v1/task/queryDoneTaskPhones')).body).toMatchObject({ durationLeft: 10, resultQueryList: [{ name: '客户意向等级', value: 'A级(有明确意向)' }] });

		const answered = calls.find((c) => c.finishStatus === 0)!;
		const [record] = json(await run({ resource: 'call', operation: 'get', callInstanceId: String(answered.callInstanceId) }));
		expect(record).toMatchObject({ callInstanceId: answered.callInstanceId, finishStatusLabel: 'Answered', properties: {} });
		expect(String(record.transcript)).toMatch(/^AI: /);
		expect(record.intentionGrade).toMatch(/^[A-F]$/);
		state.customerId = record.customerId as number;
		await expectRequest('GET', '/openapi/v1/task/phoneLogInfo');
	});

	test('Task → Pause, Stop, Delete walk the task status', async () => {
		const [task] = json(await run({ resource: 'task', operation: 'create', companyId: company, taskName: '状态任务', callerLineIds: [102], robotDefId: 202, taskType: 2 }));
		const taskId = byId(task.taskId as number);
		await run({ resource: 'customer', operation: 'import', companyId: company, taskId, phoneColumn: 'phone' }, [{ phone: '13600000001' }, { phone: '13600000002' }]);
		await run({ resource: 'task', operation: 'start', companyId: company, taskId });
		expect(json(await run({ resource: 'task', operation: 'pause', companyId: company, taskId }))[0]).toMatchObject({ paused: true });
		expect(json(await run({ resource: 'task', operation: 'get', companyId: company, taskId }))[0].statusLabel).toBe('Paused by User');
		expect(json(await run({ resource: 'task', operation: 'stop', companyId: company, taskId }))[0]).toMatchObject({ stopped: true });
		expect(json(await run({ resource: 'task', operation: 'get', companyId: company, taskId }))[0].statusLabel).toBe('Terminated');
		expect(json(await run({ resource: 'task', operation: 'delete', companyId: company, taskId }))[0]).toMatchObject({ deleted: true });
		for (const apiPath of ['/openapi/v1/task/pause', '/openapi/v1/task/stop', '/openapi/v1/task/delete']) await expectRequest('POST', apiPath);
		const [gone] = json(await run({ resource: 'task', operation: 'get', companyId: company, taskId }, [{}], true));
		expect(String(gone.error)).toContain('code 404');
	});

	test('Call → Call Customer and Call Number (deprecated single calls)', async () => {
		const recordings = await loadOptions('getSceneRecordings', { companyId: company, robotDefId: 202 }, env.credentials);
		expect(recordings.map((r) => r.value)).toEqual([403, 404]);
		const [byCustomer] = json(await run({ resource: 'call', operation: 'callCustomer', companyId: company, customerId: String(state.customerId), mobile: '13700000000', robotDefId: 202, sceneRecordId: 403, variables: { variable: [{ name: '称呼', value: '王先生' }] } }));
		expect(byCustomer.success).toBe(true);
		expect((await expectRequest('POST', '/openapi/v1/task/call')).body).toEqual({ companyId: 3811, customerId: state.customerId, mobile: '13700000000', robotDefId: 202, sceneDefId: 302, sceneRecordId: 403, variables: { 称呼: '王先生' } });
		const [byNumber] = json(await run({ resource: 'call', operation: 'callNumber', companyId: company, mobile: '13700000009', robotDefId: 202, sceneRecordId: recordings[0].value, userName: '赵六' }));
		expect(typeof byNumber.callInstanceId).toBe('number');
		expect((await expectRequest('POST', '/openapi/v1/task/singleCallByMobile')).body).toMatchObject({ sceneDefId: 302, sceneRecordId: recordings[0].value, variables: {} });
	});

	test('Callback → Get Many Failed lists undelivered call records', async () => {
		await env.admin('POST', '/callbacks/config', { callRecordUrl: 'http://127.0.0.1:9/unreachable', retryScheduleMs: [] });
		await env.admin('POST', '/callbacks/fire', { type: 'callRecord' });
		await env.admin('POST', '/callbacks/wait-idle', { timeoutMs: 5000 });
		const now = new Date();
		const failed = json(
			await run({ resource: 'callback', operation: 'getFailed', companyId: company, dataType: 0, startDate: new Date(now.getTime() - 86400e3).toISOString(), endDate: new Date(now.getTime() + 86400e3).toISOString(), returnAll: true }),
		);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed[0]).toHaveProperty('callInstanceId');
		const query = (await expectRequest('GET', '/openapi/v1/callBack/queryUnCallBack')).query;
		expect(query.startDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		await env.admin('POST', '/callbacks/config', { callRecordUrl: null });
	});

	test('all 30 endpoints were called with the documented method and a valid signature', () => {
		const endpoints = reference.endpoints.map((endpoint: IDataObject) => `${String(endpoint.method)} ${String(endpoint.path)}`);
		expect([...verified].sort()).toEqual([...endpoints].sort());
	});
});
