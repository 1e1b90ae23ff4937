import { companyLocator, idParam, param, returnAllFields, showFor } from '../common';
import type { ResourceDefinition } from '../types';

const TEMPLATE_STATUS: Record<number, string> = { 1: 'Under Review', 2: 'Approved', 3: 'Rejected' };
const TEMPLATE_TYPE: Record<number, string> = { 1: 'Notification', 2: 'Marketing', 3: 'Verification Code', 4: 'Financial' };

export const smsTemplate: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['smsTemplate'] } },
			options: [
				{
					name: 'Get Many',
					value: 'getAll',
					action: 'Get many SMS templates',
					description: 'List the SMS templates of a company, optionally by audit status',
				},
			],
			default: 'getAll',
		},
		companyLocator('smsTemplate', ['getAll']),
		{
			displayName: 'Audit Status',
			name: 'status',
			type: 'options',
			displayOptions: showFor('smsTemplate', ['getAll']),
			options: [
				{ name: 'Any', value: 0 },
				{ name: 'Approved', value: 2 },
				{ name: 'Rejected', value: 3 },
				{ name: 'Under Review', value: 1 },
			],
			default: 0,
			description: 'Only templates in this audit state. A task can only send approved templates without variables.',
		},
		...returnAllFields('smsTemplate', ['getAll'], 100),
	],
	operations: {
		getAll: {
			method: 'GET',
			path: '/openapi/v1/sms/template/list',
			// No documented maximum; 100 keeps pages small.
			pageSizeCap: 100,
			params(itemIndex) {
				const status = param<number>(this, 'status', itemIndex, 0);
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex), ...(status ? { status } : {}) };
			},
			simplify: (template) => ({
				...template,
				statusLabel: TEMPLATE_STATUS[Number(template.status)] ?? `Unknown (${String(template.status)})`,
				typeLabel: TEMPLATE_TYPE[Number(template.type)] ?? `Unknown (${String(template.type)})`,
			}),
		},
	},
};
