import type { INodeProperties } from 'n8n-workflow';

import { enumOptions, FINISH_STATUS, INTENTION_GRADE_OPTIONS, REDIAL_FINISH_STATUSES, TASK_STATUS } from '../../helpers/labels';
import { companyLocator, dynamicOptions, multiDynamicOptions, robotScriptField, showFor, taskLocator } from '../common';

const R = 'task';
const CHINA_TIME = 'China time (Asia/Shanghai), whatever the n8n server\'s time zone';

/** 09:00, 09:15 … 20:00: the calling window in quarter hours (an expression may give any HH:mm). */
const QUARTER_HOURS = Array.from({ length: 45 }, (_, index) => {
	const minutes = 9 * 60 + index * 15;
	const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
	return { name: time, value: time };
});

const timeField = (displayName: string, name: string, defaultValue: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'options',
	options: QUARTER_HOURS,
	default: defaultValue,
	description: `${description} (HH:mm, ${CHINA_TIME})`,
});

const callerLines = (required: boolean): INodeProperties => ({
	...multiDynamicOptions(
		'Caller Line Names or IDs',
		'callerLineIds',
		'getCallerLines',
		['companyId.value'],
		"Caller lines (主叫号码) to dial through, all of one type; the list shows each line's type and availability.",
	),
	required,
});

const taskTypeField = (displayOptions?: INodeProperties['displayOptions']): INodeProperties => ({
	displayName: 'Task Type',
	name: 'taskType',
	type: 'options',
	displayOptions,
	options: [
		{ name: 'Manual', value: 2, description: 'Calls when started with Task → Start' },
		{ name: 'Scheduled', value: 1, description: 'Calls from the start date by itself' },
	],
	default: 2,
	description: 'Manual tasks call once started; scheduled tasks start by themselves on the start date',
});

/** Fields that Create and Update share (inside their collections). */
const taskOptions: INodeProperties[] = [
	timeField('Calling Window Start', 'workingStartTime', '09:00', 'Daily start of dialling; not before 09:00'),
	timeField('Calling Window End', 'workingEndTime', '20:00', 'Daily end of dialling; not after 20:00'),
	timeField('Break Start', 'breakStartTime', '12:00', 'The task pauses at this time, inside the calling window; set Break End too'),
	timeField('Break End', 'breakEndTime', '14:00', 'The task resumes at this time'),
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
		description: "Byai's callType, which must equal the chosen lines' type. By default the node reads it from the lines; override only if Byai support told you to.",
	},
	{ displayName: 'Remark', name: 'remark', type: 'string', default: '', description: 'A note kept with the task' },
	{
		displayName: 'Send SMS After Call',
		name: 'sendSms',
		type: 'boolean',
		default: false,
		description: 'Whether to send an SMS after calls graded with the intention levels chosen in SMS for Intention Levels',
	},
	dynamicOptions(
		'SMS Template Name or ID',
		'smsTemplateId',
		'getSmsTemplates',
		['companyId.value'],
		'The SMS to send after calls: an approved template without variables.',
	),
	{
		displayName: 'SMS for Intention Levels',
		name: 'smsSendLevel',
		type: 'multiOptions',
		options: INTENTION_GRADE_OPTIONS,
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
		description: 'Call again automatically after these outcomes (turns re-dialling on); one rule per outcome',
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
						description: 'The call outcome (finishStatus) that triggers a re-dial',
					},
					{ displayName: 'Times', name: 'times', type: 'number', typeOptions: { minValue: 1, maxValue: 5 }, default: 1, description: 'How many re-dials, 1 to 5' },
					{
						displayName: 'Interval (Minutes)',
						name: 'interval',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 120 },
						default: 30,
						description: 'Minutes to wait before re-dialling, 0 to 120',
					},
				],
			},
		],
	},
	{
		displayName: 'Elastic Seats',
		name: 'openElasticity',
		type: 'boolean',
		default: false,
		description: "Whether to turn on Byai's elasticity (是否开启弹性), presumably elastic AI seat allocation",
	},
];

export const fields: INodeProperties[] = [
	companyLocator(R, ['create', 'delete', 'get', 'getAll', 'pause', 'start', 'stop', 'update']),
	taskLocator(R, ['delete', 'get', 'pause', 'start', 'stop', 'update']),
	{
		displayName: 'Task Name',
		name: 'taskName',
		type: 'string',
		displayOptions: showFor(R, ['create']),
		default: '',
		required: true,
		description: 'Name of the task as shown in the Byai CRM',
	},
	{ ...callerLines(true), displayOptions: showFor(R, ['create']) },
	robotScriptField(R, ['create'], 'The script the robot speaks to the customers.'),
	taskTypeField(showFor(R, ['create'])),
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		displayOptions: { show: { resource: [R], operation: ['create'], taskType: [1] } },
		default: '',
		required: true,
		description: `First day of calling (yyyy-MM-dd); the date is taken in ${CHINA_TIME}`,
	},
	{
		displayName: 'AI Seats',
		name: 'concurrencyQuota',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		displayOptions: showFor(R, ['create', 'update']),
		default: 1,
		description:
			'How many robots call at once for this task (AI seats, 坐席), 1 to 100. Byai needs it on every update and does not report the current value, so set it again when updating.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		displayOptions: showFor(R, ['create']),
		default: {},
		description: 'Schedule (China time), line type, SMS, re-dial rules and other optional settings of the task',
		options: [
			...taskOptions,
			{
				displayName: 'Multi-Concurrency',
				name: 'phoneNum',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 1,
				description: 'Multi-concurrency (多并发数, phoneNum), at most 100',
			},
			{
				displayName: 'Use Default Intention Rule',
				name: 'defaultIntentionRule',
				type: 'boolean',
				default: false,
				description: "Whether to apply the company's saved default customer auto-handling rule",
			},
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		displayOptions: showFor(R, ['update']),
		default: {},
		description: 'Fields left out keep their current value (read from the task first). Byai only updates tasks that are not running: pause first.',
		options: [
			callerLines(false),
			{
				displayName: 'Multi-Concurrency',
				name: 'concurrencyPhone',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 1,
				description: 'Multi-concurrency (多并发数, professional edition): at most 100 and at most twice the AI seats',
			},
			{ displayName: 'Remove Break', name: 'breakStartClose', type: 'boolean', default: false, description: 'Whether to remove the break window' },
			{ displayName: 'Start Date', name: 'startDate', type: 'dateTime', default: '', description: `First day of calling (yyyy-MM-dd), in ${CHINA_TIME}` },
			{ displayName: 'Task Name', name: 'taskName', type: 'string', default: '', description: 'New name of the task' },
			taskTypeField(),
			{
				displayName: 'Turn Off Re-Dial',
				name: 'repeatCallOff',
				type: 'boolean',
				default: false,
				description: 'Whether to stop re-dialling (ignored when Re-Dial Rules are given)',
			},
			...taskOptions,
		],
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showFor(R, ['getAll']),
		default: {},
		description: 'Only tasks matching all of these',
		options: [
			{ displayName: 'Created On', name: 'createDate', type: 'dateTime', default: '', description: `Tasks created on this day (yyyy-MM-dd), in ${CHINA_TIME}` },
			{ displayName: 'Include Deleted', name: 'needAll', type: 'boolean', default: false, description: 'Whether to include deleted tasks' },
			{ displayName: 'Name', name: 'taskName', type: 'string', default: '', description: 'Tasks whose name contains this text' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: enumOptions(TASK_STATUS),
				default: 1,
				description: 'Only tasks in this status',
			},
		],
	},
];
