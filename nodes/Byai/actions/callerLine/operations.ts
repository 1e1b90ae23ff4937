import { simplifyCallerLine } from '../../helpers/labels';
import { idParam } from '../common';
import type { OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	getAll: {
		name: 'Get Many',
		action: 'Get many caller lines',
		description:
			'List the caller lines (主叫号码) of a company: userPhoneId, number, type (phoneType 0 Mobile, 1 Landline, 2 No Caller ID, 6 SIP, with a label) and whether it can be used now (useAvailable). A task dials through lines of one type.',
		method: 'GET',
		path: '/openapi/v1/company/getPhones',
		returnsList: true,
		params(itemIndex) {
			return { companyId: idParam(this, 'companyId', 'Company', itemIndex) };
		},
		simplify: simplifyCallerLine,
	},
};
