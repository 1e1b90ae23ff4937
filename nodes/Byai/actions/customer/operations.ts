import { simplifyCall } from '../../helpers/labels';
import { idParam } from '../common';
import type { OperationDefinition } from '../types';
import { importCustomers } from './import';

const V2 = '/openapi/v2/task/importTaskCustomer';
const V1 = '/openapi/v1/task/importTaskCustomer';

export const operations: Record<string, OperationDefinition> = {
	import: {
		name: 'Import',
		action: 'Import customers into a task',
		description:
			'Add all input items as customers of a task (one row per item, in chunks of up to 10,000) and return one summary: imported, duplicates, variable mismatches, invalid numbers with their row',
		method: 'POST',
		path: V2,
		runOnce(run, items) {
			return importCustomers.call(this, run, items, V2);
		},
	},
	importV1: {
		name: 'Import V1',
		action: 'Import customers with the legacy v1 endpoint',
		deprecated: 'Byai marked v1 "expired, not recommended" in 2019 (replaced by v2) and it reports no counts.',
		description: 'Use Import instead. Adds all input items as customers of a task through the v1 endpoint.',
		method: 'POST',
		path: V1,
		runOnce(run, items) {
			return importCustomers.call(this, run, items, V1);
		},
	},
	getNotDialed: {
		name: 'Get Many Not Dialled',
		action: 'Get customers not yet dialled',
		description: 'List the customers of a task (taskId) that have not been called yet: name, phone number and the values imported with them',
		method: 'POST',
		path: '/openapi/v1/task/notDialedCustomerList',
		pageSizeCap: 50,
		params(itemIndex) {
			return { taskId: idParam(this, 'taskId', 'Task', itemIndex) };
		},
		simplify: simplifyCall,
	},
};
