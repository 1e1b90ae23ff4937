import { NodeOperationError } from 'n8n-workflow';

import { chinaDateTime } from '../../helpers/validation';
import { idParam, param } from '../common';
import type { OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	getFailed: {
		name: 'Get Many Failed',
		action: 'Get many failed callbacks',
		description:
			'List calls whose call-record callback to your URL failed in a time range (China time); fetch each with Call → Get to recover what the callback would have sent',
		method: 'GET',
		path: '/openapi/v1/callBack/queryUnCallBack',
		pageSizeCap: 500,
		params(itemIndex) {
			const node = this.getNode();
			const startDate = chinaDateTime(node, itemIndex, 'From', param(this, 'startDate', itemIndex));
			const endDate = chinaDateTime(node, itemIndex, 'To', param(this, 'endDate', itemIndex));
			if (startDate > endDate) throw new NodeOperationError(node, `From (${startDate}) is after To (${endDate})`, { itemIndex });
			const task = String(param(this, 'taskId', itemIndex, '') ?? '').trim();
			return {
				companyId: idParam(this, 'companyId', 'Company', itemIndex),
				dataType: Number(param(this, 'dataType', itemIndex, 0)),
				startDate,
				endDate,
				...(task ? { callJobId: idParam(this, 'taskId', 'Task', itemIndex) } : {}),
			};
		},
	},
};
