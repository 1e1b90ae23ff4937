import type { OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	getAll: {
		name: 'Get Many',
		action: 'Get many companies',
		description: 'List the companies (CRM accounts) bound to your APP_KEY: companyId and companyName. Almost every other operation needs a companyId from here.',
		method: 'GET',
		path: '/openapi/v1/company/getCompanys',
		returnsList: true,
	},
};
