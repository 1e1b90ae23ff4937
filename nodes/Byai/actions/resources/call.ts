import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FINISH_STATUS, INTENTION_GRADES, INTENTION_LABELS, INTENTION_RESULT_NAME, simplifyCall, simplifyCallRecord } from '../../helpers/labels';
import { checkRange, normalizeChinesePhone } from '../../helpers/validation';
import { companyLocator, idParam, param, returnAllFields, showFor, taskLocator } from '../common';
import type { ResourceDefinition } from '../types';

const R = 'call';
const SINGLE_CALLS = ['callCustomer', 'callNumber'];

function phone(context: IExecuteFunctions, itemIndex: number): string {
	const checked = normalizeChinesePhone(param(context, 'mobile', itemIndex, ''));
	if ('reason' in checked) throw new NodeOperationError(context.getNode(), `Phone Number: ${checked.reason}`, { itemIndex });
	return checked.phone;
}

function variables(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const entries = (param<IDataObject>(context, 'variables', itemIndex, {}).variable as IDataObject[] | undefined) ?? [];
	// Byai wants the key even without variables (docs 2019-01-08).
	return Object.fromEntries(entries.filter((entry) => entry.name).map((entry) => [String(entry.name), String(entry.value ?? '')]));
}

const variablesField = {
	displayName: 'Script Variables',
	name: 'variables',
	type: 'fixedCollection' as const,
	typeOptions: { multipleValues: true },
	displayOptions: showFor(R, SINGLE_CALLS),
	default: {},
	placeholder: 'Add Variable',
	options: [
		{
			displayName: 'Variable',
			name: 'variable',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string' as const, default: '' },
				{ displayName: 'Value', name: 'value', type: 'string' as const, default: '' },
			],
		},
	],
};

export const call: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [R] } },
			options: [
				{
					name: 'Call Customer (Deprecated)',
					value: 'callCustomer',
					action: 'Call an existing customer',
					description: 'Deprecated (removed from Byai\'s docs in 2019). Places a real phone call to an existing CRM customer.',
				},
				{
					name: 'Call Number (Deprecated)',
					value: 'callNumber',
					action: 'Call a phone number',
					description: 'Deprecated (removed from Byai\'s docs in 2020). Places a real phone call to a number with a robot script.',
				},
				{ name: 'Get', value: 'get', action: 'Get a call', description: 'Get one call record with transcript, recording and intention level' },
				{ name: 'Get Many', value: 'getAll', action: 'Get many finished calls', description: 'List the finished calls of a task, filtered by outcome, duration, rounds or intention level' },
			],
			default: 'getAll',
		},
		companyLocator(R, ['getAll', ...SINGLE_CALLS]),
		taskLocator(R, ['getAll']),
		{
			displayName: 'Call ID',
			name: 'callInstanceId',
			type: 'string',
			displayOptions: showFor(R, ['get']),
			default: '',
			required: true,
			placeholder: 'e.g. 500123',
			description: 'The callInstanceId of the call (from a callback, Get Many or Failed Callbacks)',
		},
		...returnAllFields(R, ['getAll'], 50),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			displayOptions: showFor(R, ['getAll']),
			default: {},
			options: [
				{
					displayName: 'Intention Level',
					name: 'intentionGrade',
					type: 'options',
					options: INTENTION_GRADES.map((grade) => ({ name: `${grade} – ${INTENTION_LABELS[grade].meaning}`, value: grade })),
					default: 'A',
					description: 'Only calls graded with this intention level (意向等级)',
				},
				{ displayName: 'Max Chat Rounds', name: 'chatRoundRight', type: 'number', typeOptions: { minValue: 0 }, default: 10 },
				{ displayName: 'Max Duration (Seconds)', name: 'durationRight', type: 'number', typeOptions: { minValue: 0 }, default: 300 },
				{ displayName: 'Min Chat Rounds', name: 'chatRoundLeft', type: 'number', typeOptions: { minValue: 0 }, default: 1 },
				{ displayName: 'Min Duration (Seconds)', name: 'durationLeft', type: 'number', typeOptions: { minValue: 0 }, default: 10 },
				{
					displayName: 'Outcome',
					name: 'finishStatus',
					type: 'options',
					options: Object.entries(FINISH_STATUS).map(([value, name]) => ({ name, value: Number(value) })).sort((a, b) => a.name.localeCompare(b.name)),
					default: 0,
					description: 'Only calls with this outcome (finishStatus)',
				},
			],
		},
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			displayOptions: showFor(R, ['callCustomer']),
			default: '',
			required: true,
			description: 'The CRM customer ID',
		},
		{
			displayName: 'Phone Number',
			name: 'mobile',
			type: 'string',
			displayOptions: showFor(R, SINGLE_CALLS),
			default: '',
			required: true,
			placeholder: 'e.g. 13800138000',
		},
		{
			displayName: 'Robot Script Name or ID',
			name: 'robotDefId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getRobotScripts', loadOptionsDependsOn: ['companyId.value'] },
			displayOptions: showFor(R, SINGLE_CALLS),
			default: '',
			required: true,
			description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			displayName: 'Scene Recording Name or ID',
			name: 'sceneRecordId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getSceneRecordings', loadOptionsDependsOn: ['companyId.value', 'robotDefId'] },
			displayOptions: showFor(R, ['callNumber']),
			default: '',
			required: true,
			description: 'The voice recording of the script\'s scene. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Customer Name',
			name: 'userName',
			type: 'string',
			displayOptions: showFor(R, ['callNumber']),
			default: '',
		},
		variablesField,
	],
	operations: {
		getAll: {
			method: 'POST',
			path: '/openapi/v1/task/queryDoneTaskPhones',
			pageSizeCap: 50,
			params(itemIndex) {
				const node = this.getNode();
				const filters = param<IDataObject>(this, 'filters', itemIndex, {});
				const body: IDataObject = { callJobId: idParam(this, 'taskId', 'Task', itemIndex) };
				for (const [field, label] of [
					['durationLeft', 'Min Duration'],
					['durationRight', 'Max Duration'],
					['chatRoundLeft', 'Min Chat Rounds'],
					['chatRoundRight', 'Max Chat Rounds'],
				]) {
					if (filters[field] !== undefined) body[field] = checkRange(node, itemIndex, label, filters[field], 0, 1_000_000);
				}
				for (const [low, high, label] of [['durationLeft', 'durationRight', 'Duration'], ['chatRoundLeft', 'chatRoundRight', 'Chat Rounds']]) {
					if (body[low] !== undefined && body[high] !== undefined && (body[low] as number) > (body[high] as number)) {
						throw new NodeOperationError(node, `Min ${label} (${String(body[low])}) is greater than Max ${label} (${String(body[high])})`, { itemIndex });
					}
				}
				if (filters.finishStatus !== undefined) body.finishStatus = filters.finishStatus;
				if (filters.intentionGrade) {
					// The docs' example filters on the older label ("A级(较强)"), the majority of versions.
					const grade = filters.intentionGrade as keyof typeof INTENTION_LABELS;
					body.resultQueryList = [{ name: INTENTION_RESULT_NAME, value: INTENTION_LABELS[grade].older }];
				}
				return body;
			},
			simplify: simplifyCall,
		},
		get: {
			method: 'GET',
			path: '/openapi/v1/task/phoneLogInfo',
			params(itemIndex) {
				return { callInstanceId: idParam(this, 'callInstanceId', 'Call ID', itemIndex) };
			},
			simplify: simplifyCallRecord,
		},
		callCustomer: {
			method: 'POST',
			path: '/openapi/v1/task/call',
			params(itemIndex) {
				return {
					companyId: idParam(this, 'companyId', 'Company', itemIndex),
					customerId: idParam(this, 'customerId', 'Customer ID', itemIndex),
					mobile: phone(this, itemIndex),
					robotDefId: idParam(this, 'robotDefId', 'Robot Script', itemIndex),
					variables: variables(this, itemIndex),
				};
			},
			output: (_data, params) => ({ success: true, customerId: params.customerId, mobile: params.mobile }),
		},
		callNumber: {
			method: 'POST',
			path: '/openapi/v1/task/singleCallByMobile',
			async params(itemIndex, client) {
				const companyId = idParam(this, 'companyId', 'Company', itemIndex);
				const robotDefId = idParam(this, 'robotDefId', 'Robot Script', itemIndex);
				const robots = await client.request<IDataObject[]>(
					{ method: 'GET', path: '/openapi/v1/company/getRobots', query: { companyId }, operation: 'Robot Script → Get Many' },
					itemIndex,
				);
				const robot = (robots ?? []).find((entry) => Number(entry.robotDefId) === robotDefId);
				if (!robot) throw new NodeOperationError(this.getNode(), `Robot script ${robotDefId} is not a script of company ${companyId}`, { itemIndex });
				const userName = String(param(this, 'userName', itemIndex, ''));
				return {
					companyId,
					mobile: phone(this, itemIndex),
					robotDefId,
					sceneDefId: robot.sceneDefId,
					sceneRecordId: idParam(this, 'sceneRecordId', 'Scene Recording', itemIndex),
					...(userName ? { userName } : {}),
					variables: variables(this, itemIndex),
				};
			},
			output: (data, params) => ({ callInstanceId: data as number, mobile: params.mobile }),
		},
	},
};
