import { idParam } from '../common';
import type { OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	get: {
		name: 'Get',
		action: 'Get AI seat statistics',
		description: 'Get how many AI seats (坐席, robots calling at once) the company has, how many running tasks use now, and how many are free',
		method: 'GET',
		path: '/openapi/v1/company/seat/statistics',
		params(itemIndex) {
			return { companyId: idParam(this, 'companyId', 'Company', itemIndex) };
		},
		simplify: (stats) => ({
			...stats,
			freeSeats: Math.max(0, Number(stats.companyAllCallSeat ?? 0) - Number(stats.companyUsingCallSeat ?? 0)),
		}),
	},
};
