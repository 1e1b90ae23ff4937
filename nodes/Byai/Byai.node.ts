import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ACKNOWLEDGE } from '../ByaiTrigger/answer';
import { resourceProperties } from './actions/registry';
import { DEFAULT_PARALLEL_REQUESTS, MAX_PARALLEL_REQUESTS, MAX_TIMEOUT_MS, route } from './actions/router';
import { listSearch, loadOptions } from './methods';
import { DEFAULT_TIMEOUT_MS } from './transport';

export class Byai implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byai',
		name: 'byai',
		icon: { light: 'file:byai.svg', dark: 'file:byai.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Run Byai (百应) AI outbound-call robot campaigns: create and start calling tasks, import customers, read calls with intention levels and transcripts, manage blacklists. Dates and times are China time (Asia/Shanghai).',
		defaults: { name: 'Byai' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Callback → Acknowledge sends nothing to Byai. `hide`, not `show`: n8n 1.x takes a field named in a
		// credential's `show` for an authentication field and moves it out of the node's parameters.
		credentials: [{ name: 'byaiApi', required: true, displayOptions: { hide: { operation: [ACKNOWLEDGE.operation] } } }],
		properties: [
			...resourceProperties(),
			{
				displayName: 'Options',
				name: 'requestOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				description: 'How the node talks to Byai',
				options: [
					{
						displayName: 'Parallel Requests',
						name: 'parallelRequests',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
						default: DEFAULT_PARALLEL_REQUESTS,
						description:
							'How many input items are sent to Byai at the same time (output keeps the input order); 1 sends them strictly one after another. Import always sends its chunks one after another.',
					},
					{
						displayName: 'Timeout',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1000, maxValue: MAX_TIMEOUT_MS },
						default: DEFAULT_TIMEOUT_MS,
						description: 'Milliseconds to wait for Byai before a request fails (reads are retried, writes are not, so nothing is sent twice)',
					},
				],
			},
		],
	};

	methods = {
		loadOptions,
		listSearch,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
