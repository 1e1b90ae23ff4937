import type { OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	getAll: {
		name: 'Get Many',
		action: 'Get many companies',
		description: 'List the companies (CRM accounts) bound to your APP_KEY; almost every other operation needs a company ID',
		method: 'GET',
		path: '/openapi/v1/company/getCompanys',
		returnsList: true,
	},
};
