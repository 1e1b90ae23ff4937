import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { INTENTION_LABELS, PHONE_TYPE, simplifyTask } from '../../helpers/labels';
import type { IntentionGrade } from '../../helpers/labels';
import { checkRange, checkRedialRules, checkSchedule, chinaDate, currentSchedule } from '../../helpers/validation';
import { idParam, param, textParam } from '../common';
import type { OperationDefinition, RunContext } from '../types';

const MAX_SEATS = 100;

/** Line ids from the multi-select, a comma string or an expression's array. */
function lineIds(context: IExecuteFunctions, itemIndex: number, value: unknown): number[] {
	const raw = Array.isArray(value) ? value : String(value ?? '').split(',');
	const ids = raw.map((id) => String(id).trim()).filter(Boolean);
	if (!ids.length) throw new NodeOperationError(context.getNode(), 'Caller Lines: choose at least one caller line', { itemIndex });
	return ids.map((id) => {
		if (!/^\d+$/.test(id)) throw new NodeOperationError(context.getNode(), `Caller Lines: "${id}" is not a line ID (a number)`, { itemIndex });
		return Number(id);
	});
}

/** Schedule, SMS and re-dial fields shared by Create and Update, validated; `current` = the task's times (update). */
function taskOptions(context: IExecuteFunctions, itemIndex: number, fields: IDataObject, current?: IDataObject): IDataObject {
	const node = context.getNode();
	const body: IDataObject = checkSchedule(node, itemIndex, fields, current);
	if (fields.remark !== undefined && fields.remark !== '') body.remark = String(fields.remark);
	if (fields.sendSms !== undefined) body.smsType = fields.sendSms ? 1 : 0;
	if (fields.smsTemplateId !== undefined && fields.smsTemplateId !== '') {
		body.smsTemplateId = checkRange(node, itemIndex, 'SMS Template', fields.smsTemplateId, 1, Number.MAX_SAFE_INTEGER);
	}
	const levels = (fields.smsSendLevel as string[] | undefined) ?? [];
	if (levels.length) {
		body.smsSendLevel = levels.map((grade) => {
			const labels = INTENTION_LABELS[grade as IntentionGrade];
			if (!labels) throw new NodeOperationError(node, `SMS for Intention Levels: "${grade}" is not one of A, B, C, D, E, F`, { itemIndex });
			// smsSendLevel takes the exact CRM labels (sandbox/byai-api/README.md, section 7).
			return labels.crm;
		});
	}
	const rules = ((fields.redialRules as IDataObject)?.rule as IDataObject[] | undefined) ?? [];
	if (rules.length) {
		body.repeatCall = true;
		body.repeatCallRule = checkRedialRules(node, itemIndex, rules);
	} else if (fields.repeatCallOff) {
		body.repeatCall = false;
	}
	if (fields.openElasticity !== undefined) body.openElasticity = Boolean(fields.openElasticity);
	return body;
}

/** Byai wants callType to equal the chosen lines' phoneType: read it from the lines unless overridden. */
async function callType(context: IExecuteFunctions, run: RunContext, itemIndex: number, fields: IDataObject, companyId: number, ids: number[]): Promise<number> {
	if (fields.callType !== undefined && fields.callType !== 'auto') {
		const type = Number(fields.callType);
		if (!(type in PHONE_TYPE)) {
			throw new NodeOperationError(context.getNode(), `Line Type: ${JSON.stringify(fields.callType)} is not a line type; allowed are 0 (Mobile), 1 (Landline), 2 (No Caller ID), 6 (SIP)`, { itemIndex });
		}
		return type;
	}
	const lines = await run.lookups.callerLines(companyId, itemIndex);
	const types = new Map<number, number[]>();
	for (const id of ids) {
		const line = lines.find((entry) => Number(entry.userPhoneId) === id);
		if (!line) {
			throw new NodeOperationError(context.getNode(), `Caller Lines: ${id} is not a line of company ${companyId}`, {
				itemIndex,
				description: `Lines of the company: ${lines.map((entry) => `${String(entry.phoneName)} (${String(entry.userPhoneId)})`).join(', ')}`,
			});
		}
		if (line.useAvailable === false) {
			throw new NodeOperationError(context.getNode(), `Caller Lines: line ${id} (${String(line.phoneName)}) cannot be used now`, {
				itemIndex,
				description: 'Byai reports it as unavailable (useAvailable false); choose another line.',
			});
		}
		const type = Number(line.phoneType);
		types.set(type, [...(types.get(type) ?? []), id]);
	}
	if (types.size > 1) {
		const summary = [...types].map(([type, group]) => `${PHONE_TYPE[type] ?? `type ${type}`}: ${group.join(', ')}`).join('; ');
		throw new NodeOperationError(context.getNode(), `Caller Lines: the chosen lines are of different types (${summary})`, {
			itemIndex,
			description: 'A task dials through lines of one type: choose lines of one type (or set Line Type if Byai support told you to).',
		});
	}
	return [...types.keys()][0];
}

const seats = (context: IExecuteFunctions, itemIndex: number) =>
	checkRange(context.getNode(), itemIndex, 'AI Seats', param(context, 'concurrencyQuota', itemIndex, 1), 1, MAX_SEATS);

function stateChange(name: string, action: string, description: string, path: string, done: string): OperationDefinition {
	return {
		name,
		action,
		description,
		method: 'POST',
		path,
		params(itemIndex) {
			return { taskId: idParam(this, 'taskId', 'Task', itemIndex) };
		},
		output: (_data, params) => ({ success: true, taskId: params.taskId, [done]: true }),
	};
}

export const operations: Record<string, OperationDefinition> = {
	create: {
		name: 'Create',
		action: 'Create a task',
		description:
			'Create an outbound calling task from a company, caller lines and a robot script; returns its taskId. It does not call yet: import customers, then start it (manual task) or wait for its start date (scheduled task, China time).',
		method: 'POST',
		path: '/openapi/v1/task/createTask',
		async params(itemIndex, run) {
			const node = this.getNode();
			const companyId = idParam(this, 'companyId', 'Company', itemIndex);
			const taskName = textParam(this, 'taskName', 'Task Name', itemIndex);
			const userPhoneIds = lineIds(this, itemIndex, param(this, 'callerLineIds', itemIndex, []));
			const robotDefId = idParam(this, 'robotDefId', 'Robot Script', itemIndex);
			const taskType = Number(param(this, 'taskType', itemIndex, 2));
			if (taskType !== 1 && taskType !== 2) throw new NodeOperationError(node, `Task Type must be 1 (Scheduled) or 2 (Manual), got ${JSON.stringify(taskType)}`, { itemIndex });
			const fields = param<IDataObject>(this, 'additionalFields', itemIndex, {});
			const body: IDataObject = {
				companyId,
				taskName,
				taskType,
				userPhoneIds,
				robotDefId,
				concurrencyQuota: seats(this, itemIndex),
				...taskOptions(this, itemIndex, fields),
			};
			// startDate only for scheduled tasks (docs since 2019-07-05).
			if (taskType === 1) body.startDate = chinaDate(node, itemIndex, 'Start Date', param(this, 'startDate', itemIndex, ''));
			if (fields.phoneNum !== undefined) body.phoneNum = checkRange(node, itemIndex, 'Multi-Concurrency', fields.phoneNum, 1, MAX_SEATS);
			if (fields.defaultIntentionRule) body.defaultIntentionRule = true;
			// Last: the only step that may ask Byai (the lines' type), after every local check.
			body.callType = await callType(this, run, itemIndex, fields, companyId, userPhoneIds);
			return body;
		},
		output: (data, params) => ({ taskId: data as number, taskName: params.taskName, companyId: params.companyId, status: 0 }),
		simplify: simplifyTask,
	},
	start: stateChange(
		'Start',
		'Start a task',
		'Start or resume a task (taskId). This places real phone calls to the customers not yet called, within the task\'s daily calling window (China time).',
		'/openapi/v1/task/start',
		'started',
	),
	pause: stateChange('Pause', 'Pause a task', 'Pause a running task (taskId): no further calls until it is started again; frees its lines and AI seats', '/openapi/v1/task/pause', 'paused'),
	stop: stateChange('Stop', 'Stop a task', 'Terminate a task (taskId) for good: it can never be started again; frees its lines and AI seats', '/openapi/v1/task/stop', 'stopped'),
	delete: stateChange('Delete', 'Delete a task', 'Delete a task (taskId): it stops calling and only shows in Get Many with Include Deleted. Frees its lines and AI seats.', '/openapi/v1/task/delete', 'deleted'),
	update: {
		name: 'Update',
		action: 'Update a task',
		description: 'Change the AI seats, caller lines, schedule (China time), SMS or re-dial rules of a task that is not running; fields left out keep their value',
		method: 'POST',
		path: '/openapi/v1/task/update',
		async params(itemIndex, run) {
			const node = this.getNode();
			const companyId = idParam(this, 'companyId', 'Company', itemIndex);
			const taskId = idParam(this, 'taskId', 'Task', itemIndex);
			const fields = param<IDataObject>(this, 'updateFields', itemIndex, {});
			const quota = seats(this, itemIndex);
			const newLines = Array.isArray(fields.callerLineIds) && !fields.callerLineIds.length ? undefined : fields.callerLineIds;
			const chosenLines = newLines !== undefined ? lineIds(this, itemIndex, newLines) : undefined;
			if (fields.taskType !== undefined && ![1, 2].includes(Number(fields.taskType))) {
				throw new NodeOperationError(node, `Update Fields: Task Type must be 1 (Scheduled) or 2 (Manual), got ${JSON.stringify(fields.taskType)}`, { itemIndex });
			}
			const startDate = fields.startDate ? chinaDate(node, itemIndex, 'Update Fields: Start Date', fields.startDate) : undefined;
			const concurrencyPhone =
				fields.concurrencyPhone !== undefined ? checkRange(node, itemIndex, 'Update Fields: Multi-Concurrency', fields.concurrencyPhone, 1, Math.min(MAX_SEATS, 2 * quota)) : undefined;
			// Every check that needs no request first (against the widest window); then once more against the task's own times.
			taskOptions(this, itemIndex, fields);

			const current = await run.lookups.task(companyId, taskId, itemIndex);
			const times = currentSchedule(current);
			if (fields.breakStartClose) {
				delete times.breakStartTime;
				delete times.breakEndTime;
			}
			const ids = chosenLines ?? ((current.callPhones as IDataObject[] | undefined) ?? []).map((line) => Number(line.userPhoneId)).filter(Boolean);
			const taskType = Number(fields.taskType ?? current.jobType);
			const body: IDataObject = {
				companyId,
				taskId,
				taskName: String(fields.taskName || current.jobName),
				taskType,
				// Typed a comma string in the docs until 2019-06 ("255,244") and an int since; the Java demo's string form works for both.
				userPhoneIds: ids.join(','),
				concurrencyQuota: quota,
				...taskOptions(this, itemIndex, fields, times),
			};
			if (startDate ?? (taskType === 1 && current.startDate)) body.startDate = startDate ?? current.startDate;
			if (taskType === 1 && !body.startDate) throw new NodeOperationError(node, 'Update Fields: Start Date is required for a scheduled task', { itemIndex });
			if (fields.breakStartClose) body.breakStartClose = true;
			if (concurrencyPhone !== undefined) body.concurrencyPhone = concurrencyPhone;
			if (!ids.length) throw new NodeOperationError(node, `Caller Lines: task ${taskId} has no caller lines; choose some in Update Fields`, { itemIndex });
			body.callType = await callType(this, run, itemIndex, fields, companyId, ids);
			return body;
		},
		output: (_data, params) => ({ success: true, taskId: params.taskId }),
	},
	getAll: {
		name: 'Get Many',
		action: 'Get many tasks',
		description: 'List the calling tasks of a company (companyId): callJobId (the task ID), name, status (0 Not Started, 1 Running, 2 Completed, 4 Paused by User, 5 Paused by System, 6 Terminated, with a label), schedule and counts; filter by name, creation day (China time) or status',
		method: 'GET',
		path: '/openapi/v1/task/getTasks',
		pageSizeCap: 100,
		params(itemIndex) {
			const filters = param<IDataObject>(this, 'filters', itemIndex, {});
			const query: IDataObject = { companyId: idParam(this, 'companyId', 'Company', itemIndex) };
			if (filters.taskName) query.taskName = String(filters.taskName);
			if (filters.createDate) query.createDate = chinaDate(this.getNode(), itemIndex, 'Filters: Created On', filters.createDate);
			if (filters.status !== undefined) query.status = Number(filters.status);
			if (filters.needAll) query.needAll = true;
			return query;
		},
		simplify: simplifyTask,
	},
	get: {
		name: 'Get',
		action: 'Get a task',
		description: 'Get one task (companyId, taskId) with its statistics: customers in all and dialled, answered, rejected and unreachable, intention levels A–F, call durations in seconds and dialogue rounds',
		method: 'GET',
		path: '/openapi/v1/task/getTaskDetail',
		params(itemIndex) {
			return { companyId: idParam(this, 'companyId', 'Company', itemIndex), taskId: idParam(this, 'taskId', 'Task', itemIndex) };
		},
		simplify: simplifyTask,
	},
};
