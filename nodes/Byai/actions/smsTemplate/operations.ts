import { simplifySmsTemplate } from '../../helpers/labels';
import { idParam, param } from '../common';
import type { OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	getAll: {
		name: 'Get Many',
		action: 'Get many SMS templates',
		description: 'List the SMS templates of a company, optionally by audit status; a task can send an approved one after calls',
		method: 'GET',
		path: '/openapi/v1/sms/template/list',
		// pageNum and pageSize are required, with no documented maximum; 100 keeps pages small.
		pageSizeCap: 100,
		params(itemIndex) {
			const status = Number(param(this, 'status', itemIndex, 0));
			return { companyId: idParam(this, 'companyId', 'Company', itemIndex), ...(status ? { status } : {}) };
		},
		simplify: simplifySmsTemplate,
	},
};
