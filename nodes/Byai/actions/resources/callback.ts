import { chinaDateTime } from '../../helpers/validation';
import { companyLocator, idParam, param, returnAllFields, showFor } from '../common';
import type { ResourceDefinition } from '../types';

export const callback: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['callback'] } },
			options: [
				{
					name: 'Get Many Failed',
					value: 'getFailed',
					action: 'Get many failed callbacks',
					description: 'List calls whose call-record callback to your URL failed in a time range; fetch each with Call → Get to recover it',
				},
			],
			default: 'getFailed',
		},
		companyLocator('callback', ['getFailed']),
		{
			displayName: 'Direction',
			name: 'dataType',
			type: 'options',
			displayOptions: showFor('callback', ['getFailed']),
			options: [
				{ name: 'Outbound Calls', value: 0 },
				{ name: 'Inbound Calls', value: 1 },
			],
			default: 0,
			description: 'Failed callbacks of outbound or of inbound call records (task-status and intention-change callbacks are not listed by Byai)',
		},
		{
			displayName: 'From',
			name: 'startDate',
			type: 'dateTime',
			displayOptions: showFor('callback', ['getFailed']),
			default: '',
			required: true,
			description: 'Start of the range, sent to Byai in China time (Asia/Shanghai)',
		},
		{
			displayName: 'To',
			name: 'endDate',
			type: 'dateTime',
			displayOptions: showFor('callback', ['getFailed']),
			default: '',
			required: true,
			description: 'End of the range, sent to Byai in China time (Asia/Shanghai)',
		},
		{
			displayName: 'Task ID',
			name: 'callJobId',
			type: 'string',
			displayOptions: showFor('callback', ['getFailed']),
			default: '',
			description: 'Only this task; leave empty for all tasks of the company',
		},
		...returnAllFields('callback', ['getFailed'], 500),
	],
	operations: {
		getFailed: {
			method: 'GET',
			path: '/openapi/v1/callBack/queryUnCallBack',
			pageSizeCap: 500,
			params(itemIndex) {
				const callJobId = String(param(this, 'callJobId', itemIndex, '')).trim();
				return {
					companyId: idParam(this, 'companyId', 'Company', itemIndex),
					dataType: param<number>(this, 'dataType', itemIndex, 0),
					startDate: chinaDateTime(this.getNode(), itemIndex, 'From', param(this, 'startDate', itemIndex)),
					endDate: chinaDateTime(this.getNode(), itemIndex, 'To', param(this, 'endDate', itemIndex)),
					...(callJobId ? { callJobId: idParam(this, 'callJobId', 'Task ID', itemIndex) } : {}),
				};
			},
		},
	},
};
