import type { INodeProperties } from 'n8n-workflow';

import { companyLocator, showFor, taskLocator } from '../common';

const show = showFor('callback', ['getFailed']);

export const fields: INodeProperties[] = [
	companyLocator('callback', ['getFailed']),
	{
		displayName: 'Direction',
		name: 'dataType',
		type: 'options',
		displayOptions: show,
		options: [
			{ name: 'Outbound Calls', value: 0 },
			{ name: 'Inbound Calls', value: 1 },
		],
		default: 0,
		description: 'Failed callbacks of outbound or of inbound call records (Byai does not list failed task-status or intention-change callbacks)',
	},
	{
		displayName: 'From',
		name: 'startDate',
		type: 'dateTime',
		displayOptions: show,
		default: '',
		required: true,
		description:
			'Start of the range (yyyy-MM-dd HH:mm:ss). Byai works in China time (Asia/Shanghai): a date without a time zone is read as China time, one with a zone (e.g. from $now) is converted, whatever the n8n server\'s time zone.',
	},
	{
		displayName: 'To',
		name: 'endDate',
		type: 'dateTime',
		displayOptions: show,
		default: '',
		required: true,
		description: 'End of the range, in China time (Asia/Shanghai) as for From',
	},
	taskLocator('callback', ['getFailed'], false),
];
