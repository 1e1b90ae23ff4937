import { companyLocator, idParam } from '../common';
import type { ResourceDefinition } from '../types';

export const seatStatistics: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['seatStatistics'] } },
			options: [
				{
					name: 'Get',
					value: 'get',
					action: 'Get AI seat statistics',
					description: 'Get how many AI seats (坐席) the company has and how many are in use',
				},
			],
			default: 'get',
		},
		companyLocator('seatStatistics', ['get']),
	],
	operations: {
		get: {
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
	},
};
