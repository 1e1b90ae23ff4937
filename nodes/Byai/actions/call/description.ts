import type { INodeProperties } from 'n8n-workflow';

import { enumOptions, FINISH_STATUS, INTENTION_GRADE_OPTIONS } from '../../helpers/labels';
import { companyLocator, dynamicOptions, robotScriptField, showFor, taskLocator, variablesField } from '../common';

const R = 'call';
const SINGLE_CALLS = ['callCustomer', 'callNumber'];

const range = (displayName: string, name: string, defaultValue: number, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0 },
	default: defaultValue,
	description,
});

export const fields: INodeProperties[] = [
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
		description: 'The callInstanceId of the call, digits only (from a Byai Trigger callback, Call → Get Many or Callback → Get Many Failed)',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showFor(R, ['getAll']),
		default: {},
		description: 'Only calls matching all of these (Byai filters on its side)',
		options: [
			{
				displayName: 'Analysis Results',
				name: 'analysisResults',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Analysis Result',
				description: 'Other analysis results the call must have (resultQueryList), e.g. name 客户关注点 and one of its values',
				options: [
					{
						displayName: 'Result',
						name: 'result',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The analysis dimension, e.g. 客户关注点' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'The value the call must have in it' },
						],
					},
				],
			},
			{
				displayName: 'Intention Level',
				name: 'intentionGrade',
				type: 'options',
				options: INTENTION_GRADE_OPTIONS,
				default: 'A',
				description: "Only calls graded with this intention level (意向等级); the node uses the label the task's script defines for it",
			},
			range('Max Chat Rounds', 'chatRoundRight', 10, 'Only calls with at most this many dialogue rounds'),
			range('Max Duration (Seconds)', 'durationRight', 300, 'Only calls that lasted at most this many seconds'),
			range('Min Chat Rounds', 'chatRoundLeft', 1, 'Only calls with at least this many dialogue rounds'),
			range('Min Duration (Seconds)', 'durationLeft', 10, 'Only calls that lasted at least this many seconds'),
			{
				displayName: 'Outcome',
				name: 'finishStatus',
				type: 'options',
				options: enumOptions(FINISH_STATUS),
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
		description: 'The CRM customer ID (customerId from a call record)',
	},
	{
		displayName: 'Phone Number',
		name: 'mobile',
		type: 'string',
		displayOptions: showFor(R, SINGLE_CALLS),
		default: '',
		required: true,
		placeholder: 'e.g. 13800138000',
		description: 'The number to call, a Chinese mobile or landline; +86, 0086, spaces and dashes are removed',
	},
	robotScriptField(R, SINGLE_CALLS, 'The script the robot speaks.'),
	{
		...dynamicOptions(
			'Scene Recording Name or ID',
			'sceneRecordId',
			'getSceneRecordings',
			['companyId.value', 'robotDefId'],
			"The scene recording (场景录音, the voice the robot uses; sceneRecordId) of the chosen script; it must belong to that script.",
		),
		displayOptions: showFor(R, SINGLE_CALLS),
		required: true,
	},
	{
		displayName: 'Customer Name',
		name: 'userName',
		type: 'string',
		displayOptions: showFor(R, ['callNumber']),
		default: '',
		description: 'Name of the person called (客户名称)',
	},
	variablesField(
		showFor(R, SINGLE_CALLS),
		'getScriptVariables',
		['companyId.value', 'robotDefId'],
		{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'The value the robot says for this variable' },
		"Values for the robot script's variables",
	),
];
