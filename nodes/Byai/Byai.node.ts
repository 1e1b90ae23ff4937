import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ByaiClient } from './transport';

// Placeholder until the action node lands: lists the companies bound to the key.
export class Byai implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byai',
		name: 'byai',
		icon: { light: 'file:byai.svg', dark: 'file:byai.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Run Byai (百应) AI outbound-call robot campaigns',
		defaults: { name: 'Byai' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'byaiApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Company', value: 'company' }],
				default: 'company',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['company'] } },
				options: [{ name: 'Get Many', value: 'getAll', action: 'Get many companies', description: 'List the companies bound to the key' }],
				default: 'getAll',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const client = await ByaiClient.fromContext(this);
		const companies = await client.request<Array<Record<string, string | number>>>({
			method: 'GET',
			path: '/openapi/v1/company/getCompanys',
			operation: 'Company → Get Many',
		});
		return [companies.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}
