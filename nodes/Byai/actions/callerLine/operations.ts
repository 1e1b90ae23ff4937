import { simplifyCallerLine } from '../../helpers/labels';
import { idParam } from '../common';
import type { OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	getAll: {
		name: 'Get Many',
		action: 'Get many caller lines',
		description:
			'List the caller lines (主叫号码) of a company with their type (mobile, landline, no caller ID, SIP) and whether they can be used; a task dials through lines of one type',
		method: 'GET',
		path: '/openapi/v1/company/getPhones',
		returnsList: true,
		params(itemIndex) {
			return { companyId: idParam(this, 'companyId', 'Company', itemIndex) };
		},
		simplify: simplifyCallerLine,
	},
};
