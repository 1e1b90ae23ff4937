import type { ResourceDefinition } from '../types';

export const company: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['company'] } },
			options: [
				{
					name: 'Get Many',
					value: 'getAll',
					action: 'Get many companies',
					description: 'List the companies (CRM accounts) bound to your APP_KEY; almost every other operation needs a company ID',
				},
			],
			default: 'getAll',
		},
	],
	operations: {
		getAll: { method: 'GET', path: '/openapi/v1/company/getCompanys' },
	},
};
