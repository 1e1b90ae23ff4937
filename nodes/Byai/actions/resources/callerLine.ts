import { PHONE_TYPE } from '../../helpers/labels';
import { companyLocator, idParam } from '../common';
import type { ResourceDefinition } from '../types';

export const callerLine: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['callerLine'] } },
			options: [
				{
					name: 'Get Many',
					value: 'getAll',
					action: 'Get many caller lines',
					description: 'List the caller lines (主叫号码) of a company with their type and whether they can be used',
				},
			],
			default: 'getAll',
		},
		companyLocator('callerLine', ['getAll']),
	],
	operations: {
		getAll: {
			method: 'GET',
			path: '/openapi/v1/company/getPhones',
			params(itemIndex) {
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex) };
			},
			simplify: (line) => ({ ...line, phoneTypeLabel: PHONE_TYPE[Number(line.phoneType)] ?? `Unknown (${String(line.phoneType)})` }),
		},
	},
};
