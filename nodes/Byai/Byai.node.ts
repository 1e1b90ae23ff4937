import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resourceOptions, resources, route } from './actions/router';
import { listSearch, loadOptions } from './methods';
import { byaiApiCredentialTest } from './transport';

export class Byai implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byai',
		name: 'byai',
		icon: { light: 'file:byai.svg', dark: 'file:byai.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Run Byai (百应) AI outbound-call robot campaigns: create and start calling tasks, import customers, read calls and intention levels, manage blacklists',
		defaults: { name: 'Byai' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'byaiApi', required: true, testedBy: 'byaiApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions,
				default: 'task',
			},
			...Object.values(resources).flatMap((resource) => resource.description),
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				displayOptions: { hide: { resource: ['customer'], operation: ['import', 'importV1'] } },
				default: true,
				description:
					'Whether to add readable labels next to Byai\'s codes (status, outcome, intention level), parse the properties JSON and add a plain transcript; off returns Byai\'s data as is',
			},
			{
				displayName: 'Options',
				name: 'requestOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Parallel Requests',
						name: 'parallelRequests',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 20 },
						default: 5,
						description: 'How many input items are sent to Byai at the same time; 1 sends them strictly one after another',
					},
					{
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1000 },
						default: 30000,
						description: 'Milliseconds to wait for Byai before a request fails (reads are retried, writes are not)',
					},
				],
			},
		],
	};

	methods = {
		loadOptions,
		listSearch,
		credentialTest: { byaiApiTest: byaiApiCredentialTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
