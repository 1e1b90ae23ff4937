import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FINISH_STATUS, INTENTION_GRADES, INTENTION_LABELS, PHONE_TYPE, REDIAL_FINISH_STATUSES, simplifyTask, TASK_STATUS } from '../../helpers/labels';
import { checkRange, checkRedialRules, checkSchedule, chinaDate } from '../../helpers/validation';
import type { ByaiClient } from '../../transport';
import { companyLocator, idParam, param, returnAllFields, showFor, taskLocator } from '../common';
import type { ResourceDefinition } from '../types';

const R = 'task';

const callerLinesField = (operations: string[], required: boolean): INodeProperties => ({
	displayName: 'Caller Line Names or IDs',
	name: 'callerLineIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getCallerLines', loadOptionsDependsOn: ['companyId.value'] },
	displayOptions: showFor(R, operations),
	default: [],
	required,
	description:
		'Caller lines (主叫号码) to dial through, all of one type; the list shows each line\'s type and availability. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

/** Fields that createTask and update share; each adds its own required ones. */
const scheduleAndOptions: INodeProperties[] = [
	{ displayName: 'Calling Window Start', name: 'workingStartTime', type: 'string', default: '', placeholder: '09:00', description: 'Daily start of dialling, HH:mm China time; not before 09:00' },
	{ displayName: 'Calling Window End', name: 'workingEndTime', type: 'string', default: '', placeholder: '20:00', description: 'Daily end of dialling, HH:mm China time; not after 20:00' },
	{ displayName: 'Break Start', name: 'breakStartTime', type: 'string', default: '', placeholder: '12:00', description: 'The task pauses at this time (HH:mm), inside the calling window' },
	{ displayName: 'Break End', name: 'breakEndTime', type: 'string', default: '', placeholder: '14:00', description: 'The task resumes at this time (HH:mm)' },
	{
		displayName: 'Line Type',
		name: 'callType',
		type: 'options',
		options: [
			{ name: 'From the Chosen Lines', value: 'auto' },
			{ name: 'Landline', value: 1 },
			{ name: 'Mobile', value: 0 },
			{ name: 'No Caller ID', value: 2 },
			{ name: 'SIP', value: 6 },
		],
		default: 'auto',
		description: 'Byai\'s callType; by default the type of the chosen caller lines, which is what Byai expects',
	},
	{ displayName: 'Remark', name: 'remark', type: 'string', default: '' },
	{ displayName: 'Send SMS After Call', name: 'sendSms', type: 'boolean', default: false, description: 'Whether to send an SMS after the call, for the intention levels chosen below' },
	{
		displayName: 'SMS Template Name or ID',
		name: 'smsTemplateId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSmsTemplates', loadOptionsDependsOn: ['companyId.value'] },
		default: '',
		description: 'An approved template without variables. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'SMS for Intention Levels',
		name: 'smsSendLevel',
		type: 'multiOptions',
		options: INTENTION_GRADES.map((grade) => ({ name: `${grade} – ${INTENTION_LABELS[grade].meaning}`, value: grade })),
		default: [],
		description: 'Send the SMS after calls graded with these intention levels (意向等级)',
	},
	{
		displayName: 'Re-Dial Rules',
		name: 'redialRules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Rule',
		description: 'Call again automatically after these outcomes (turns re-dialling on)',
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'After Outcome',
						name: 'finishStatus',
						type: 'options',
						options: REDIAL_FINISH_STATUSES.map((code) => ({ name: FINISH_STATUS[code], value: code })),
						default: 2,
					},
					{ displayName: 'Times', name: 'times', type: 'number', typeOptions: { minValue: 1, maxValue: 5 }, default: 1, description: 'How many re-dials, 1 to 5' },
					{ displayName: 'Interval (Minutes)', name: 'interval', type: 'number', typeOptions: { minValue: 0, maxValue: 120 }, default: 30, description: 'Minutes before re-dialling, 0 to 120' },
				],
			},
		],
	},
	{ displayName: 'Open Elasticity', name: 'openElasticity', type: 'boolean', default: false, description: 'Whether to enable Byai\'s elastic seat allocation (是否开启弹性)' },
];

const sendSmsLevels = (grades: string[]) => grades.map((grade) => INTENTION_LABELS[grade as keyof typeof INTENTION_LABELS]?.crm ?? grade);

/** The line type of the chosen lines: Byai wants callType to equal their phoneType. */
async function lineType(context: IExecuteFunctions, client: ByaiClient, companyId: number, lineIds: number[], itemIndex: number): Promise<number> {
	const lines = await client.request<IDataObject[]>(
		{ method: 'GET', path: '/openapi/v1/company/getPhones', query: { companyId }, operation: 'Caller Line → Get Many' },
		itemIndex,
	);
	const types = new Map<number, number[]>();
	for (const id of lineIds) {
		const line = (lines ?? []).find((entry) => Number(entry.userPhoneId) === id);
		if (!line) {
			throw new NodeOperationError(context.getNode(), `Caller line ${id} is not a line of company ${companyId}`, { itemIndex, description: 'Pick the lines from the list.' });
		}
		if (line.useAvailable === false) {
			throw new NodeOperationError(context.getNode(), `Caller line ${id} (${String(line.phoneName)}) cannot be used right now`, { itemIndex, description: 'Byai reports it as unavailable; choose another line.' });
		}
		const type = Number(line.phoneType);
		types.set(type, [...(types.get(type) ?? []), id]);
	}
	if (types.size > 1) {
		const summary = [...types].map(([type, ids]) => `${PHONE_TYPE[type] ?? type}: ${ids.join(', ')}`).join('; ');
		throw new NodeOperationError(context.getNode(), `The chosen caller lines are of different types (${summary})`, {
			itemIndex,
			description: 'A task dials through one line type: choose lines of one type, or set Line Type to override.',
		});
	}
	return [...types.keys()][0];
}

function lineIdsParam(context: IExecuteFunctions, itemIndex: number, value: unknown): number[] {
	const raw = Array.isArray(value) ? value : String(value ?? '').split(',');
	const ids = raw.map((id) => String(id).trim()).filter(Boolean);
	if (!ids.length) throw new NodeOperationError(context.getNode(), 'Caller Lines: choose at least one caller line', { itemIndex });
	return ids.map((id) => {
		if (!/^\d+$/.test(id)) throw new NodeOperationError(context.getNode(), `Caller Lines: "${id}" is not a line ID (a number)`, { itemIndex });
		return Number(id);
	});
}

/** Validated schedule, SMS and re-dial fields shared by create and update. */
function taskOptions(context: IExecuteFunctions, itemIndex: number, fields: IDataObject): IDataObject {
	const node = context.getNode();
	const body: IDataObject = checkSchedule(node, itemIndex, fields);
	if (fields.remark) body.remark = fields.remark;
	if (fields.sendSms !== undefined) body.smsType = fields.sendSms ? 1 : 0;
	if (fields.smsTemplateId !== undefined && fields.smsTemplateId !== '') body.smsTemplateId = checkRange(node, itemIndex, 'SMS Template', fields.smsTemplateId, 1, Number.MAX_SAFE_INTEGER);
	if (Array.isArray(fields.smsSendLevel) && fields.smsSendLevel.length) body.smsSendLevel = sendSmsLevels(fields.smsSendLevel as string[]);
	const rules = ((fields.redialRules as IDataObject)?.rule as IDataObject[] | undefined) ?? [];
	if (rules.length) {
		body.repeatCall = true;
		body.repeatCallRule = checkRedialRules(node, itemIndex, rules);
	}
	if (fields.openElasticity !== undefined) body.openElasticity = fields.openElasticity;
	return body;
}

async function resolveCallType(context: IExecuteFunctions, client: ByaiClient, itemIndex: number, fields: IDataObject, companyId: number, lineIds: number[]) {
	return fields.callType !== undefined && fields.callType !== 'auto' ? Number(fields.callType) : lineType(context, client, companyId, lineIds, itemIndex);
}

export const task: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [R] } },
			options: [
				{ name: 'Create', value: 'create', action: 'Create a task', description: 'Create an outbound calling task (not started; import customers, then start it)' },
				{ name: 'Delete', value: 'delete', action: 'Delete a task', description: 'Delete a task that is not running; frees its lines and seats' },
				{ name: 'Get', value: 'get', action: 'Get a task', description: 'Get a task with its statistics (answered, intention levels, durations)' },
				{ name: 'Get Many', value: 'getAll', action: 'Get many tasks', description: 'List the tasks of a company, filtered by name, date or status' },
				{ name: 'Pause', value: 'pause', action: 'Pause a task', description: 'Pause a running task; frees its lines and seats until it is started again' },
				{ name: 'Start', value: 'start', action: 'Start a task', description: 'Start or resume a task. This places real phone calls to the imported customers.' },
				{ name: 'Stop', value: 'stop', action: 'Stop a task', description: 'Terminate a task for good; it cannot be started again' },
				{ name: 'Update', value: 'update', action: 'Update a task', description: 'Change seats, lines, schedule, SMS or re-dial rules of a task that is not running' },
			],
			default: 'create',
		},
		companyLocator(R, ['create', 'delete', 'get', 'getAll', 'pause', 'start', 'stop', 'update']),
		taskLocator(R, ['delete', 'get', 'pause', 'start', 'stop', 'update']),
		{ displayName: 'Task Name', name: 'taskName', type: 'string', displayOptions: showFor(R, ['create']), default: '', required: true },
		callerLinesField(['create'], true),
		{
			displayName: 'Robot Script Name or ID',
			name: 'robotDefId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getRobotScripts', loadOptionsDependsOn: ['companyId.value'] },
			displayOptions: showFor(R, ['create']),
			default: '',
			required: true,
			description: 'The robot script (话术) that talks to customers. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Task Type',
			name: 'taskType',
			type: 'options',
			displayOptions: showFor(R, ['create']),
			options: [
				{ name: 'Manual', value: 2, description: 'Runs when started (Task → Start)' },
				{ name: 'Scheduled', value: 1, description: 'Runs from the start date' },
			],
			default: 2,
		},
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			displayOptions: { show: { resource: [R], operation: ['create'], taskType: [1] } },
			default: '',
			required: true,
			description: 'First day of calling (the date in China time is used)',
		},
		{
			displayName: 'AI Seats',
			name: 'concurrencyQuota',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			displayOptions: showFor(R, ['create', 'update']),
			default: 1,
			description: 'How many robots call at once for this task (AI seats, 坐席)',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			displayOptions: showFor(R, ['create']),
			default: {},
			options: [
				...scheduleAndOptions,
				{ displayName: 'Use Default Intention Rule', name: 'defaultIntentionRule', type: 'boolean', default: false, description: 'Whether to apply the company\'s saved default customer auto-handling rule' },
			],
		},
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			displayOptions: showFor(R, ['update']),
			default: {},
			description: 'Fields left out keep their current value (read from the task first)',
			options: [
				{ ...callerLinesField(['update'], false), displayOptions: undefined },
				{ displayName: 'Multi-Concurrency', name: 'concurrencyPhone', type: 'number', typeOptions: { minValue: 1, maxValue: 100 }, default: 1, description: 'Professional edition: at most 100 and at most twice the AI seats' },
				{ displayName: 'Remove Break', name: 'breakStartClose', type: 'boolean', default: false, description: 'Whether to remove the break window' },
				{ displayName: 'Start Date', name: 'startDate', type: 'dateTime', default: '', description: 'First day of calling (China time)' },
				{ displayName: 'Task Name', name: 'taskName', type: 'string', default: '' },
				{ displayName: 'Task Type', name: 'taskType', type: 'options', options: [{ name: 'Manual', value: 2 }, { name: 'Scheduled', value: 1 }], default: 2 },
				...scheduleAndOptions,
			],
		},
		...returnAllFields(R, ['getAll'], 100),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			displayOptions: showFor(R, ['getAll']),
			default: {},
			options: [
				{ displayName: 'Created On', name: 'createDate', type: 'dateTime', default: '', description: 'Tasks created on this day (China time)' },
				{ displayName: 'Include Deleted', name: 'needAll', type: 'boolean', default: false, description: 'Whether to include deleted tasks' },
				{ displayName: 'Name', name: 'taskName', type: 'string', default: '', description: 'Tasks whose name contains this text' },
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: Object.entries(TASK_STATUS).map(([value, name]) => ({ name, value: Number(value) })).sort((a, b) => a.name.localeCompare(b.name)),
					default: 1,
				},
			],
		},
	],
	operations: {
		create: {
			method: 'POST',
			path: '/openapi/v1/task/createTask',
			async params(itemIndex, client) {
				const node = this.getNode();
				const companyId = idParam(this, 'companyId', 'Company', itemIndex);
				const taskName = String(param(this, 'taskName', itemIndex, '')).trim();
				if (!taskName) throw new NodeOperationError(node, 'Task Name must not be empty', { itemIndex });
				const userPhoneIds = lineIdsParam(this, itemIndex, param(this, 'callerLineIds', itemIndex, []));
				const robotDefId = idParam(this, 'robotDefId', 'Robot Script', itemIndex);
				const taskType = Number(param(this, 'taskType', itemIndex, 2));
				const fields = param<IDataObject>(this, 'additionalFields', itemIndex, {});
				const body: IDataObject = {
					companyId,
					taskName,
					taskType,
					userPhoneIds,
					robotDefId,
					concurrencyQuota: checkRange(node, itemIndex, 'AI Seats', param(this, 'concurrencyQuota', itemIndex, 1), 1, 100),
					...taskOptions(this, itemIndex, fields),
				};
				if (taskType === 1) body.startDate = chinaDate(node, itemIndex, 'Start Date', param(this, 'startDate', itemIndex, ''));
				if (fields.defaultIntentionRule) body.defaultIntentionRule = true;
				body.callType = await resolveCallType(this, client, itemIndex, fields, companyId, userPhoneIds);
				return body;
			},
			output: (data, params) => ({ taskId: data as number, taskName: params.taskName, companyId: params.companyId, status: 0 }),
			simplify: simplifyTask,
		},
		start: stateChange('/openapi/v1/task/start', 'started'),
		pause: stateChange('/openapi/v1/task/pause', 'paused'),
		stop: stateChange('/openapi/v1/task/stop', 'stopped'),
		delete: stateChange('/openapi/v1/task/delete', 'deleted'),
		update: {
			method: 'POST',
			path: '/openapi/v1/task/update',
			async params(itemIndex, client) {
				const node = this.getNode();
				const companyId = idParam(this, 'companyId', 'Company', itemIndex);
				const taskId = idParam(this, 'taskId', 'Task', itemIndex);
				const fields = param<IDataObject>(this, 'updateFields', itemIndex, {});
				const current = await client.request<IDataObject>(
					{ method: 'GET', path: '/openapi/v1/task/getTaskDetail', query: { companyId, taskId }, operation: 'Task → Get' },
					itemIndex,
				);
				const lineIds = fields.callerLineIds !== undefined && (fields.callerLineIds as unknown[]).length
					? lineIdsParam(this, itemIndex, fields.callerLineIds)
					: ((current.callPhones as IDataObject[]) ?? []).map((line) => Number(line.userPhoneId));
				const seats = checkRange(node, itemIndex, 'AI Seats', param(this, 'concurrencyQuota', itemIndex, 1), 1, 100);
				const body: IDataObject = {
					companyId,
					taskId,
					taskName: String(fields.taskName || current.jobName),
					taskType: Number(fields.taskType ?? current.jobType),
					// Byai's docs typed this a comma string until 2019-06 and an int since; the comma string works for all.
					userPhoneIds: lineIds.join(','),
					concurrencyQuota: seats,
					...taskOptions(this, itemIndex, fields),
				};
				if (fields.startDate) body.startDate = chinaDate(node, itemIndex, 'Start Date', fields.startDate);
				if (fields.breakStartClose) body.breakStartClose = true;
				if (fields.concurrencyPhone !== undefined) {
					body.concurrencyPhone = checkRange(node, itemIndex, 'Multi-Concurrency', fields.concurrencyPhone, 1, Math.min(100, 2 * seats));
				}
				body.callType = await resolveCallType(this, client, itemIndex, fields, companyId, lineIds);
				return body;
			},
			output: (_data, params) => ({ success: true, taskId: params.taskId }),
		},
		getAll: {
			method: 'GET',
			path: '/openapi/v1/task/getTasks',
			pageSizeCap: 100,
			params(itemIndex) {
				const filters = param<IDataObject>(this, 'filters', itemIndex, {});
				const query: IDataObject = { companyId: idParam(this, 'companyId', 'Company', itemIndex) };
				if (filters.taskName) query.taskName = filters.taskName;
				if (filters.createDate) query.createDate = chinaDate(this.getNode(), itemIndex, 'Created On', filters.createDate);
				if (filters.status !== undefined) query.status = filters.status;
				if (filters.needAll) query.needAll = true;
				return query;
			},
			simplify: simplifyTask,
		},
		get: {
			method: 'GET',
			path: '/openapi/v1/task/getTaskDetail',
			params(itemIndex) {
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex), taskId: idParam(this, 'taskId', 'Task', itemIndex) };
			},
			simplify: simplifyTask,
		},
	},
};

function stateChange(path: string, done: string) {
	return {
		method: 'POST' as const,
		path,
		params(this: IExecuteFunctions, itemIndex: number) {
			return { taskId: idParam(this, 'taskId', 'Task', itemIndex) };
		},
		output: (_data: unknown, params: IDataObject) => ({ success: true, taskId: params.taskId, [done]: true }),
	};
}
