import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkRange } from '../helpers/validation';
import { ByaiClient } from '../transport';
import { agentRefusesLocal, agentRun } from './agent';
import { runForAll, runPerItem } from './executor';
import { Lookups } from './lookups';
import { readParametersOnce } from './parameters';
import { findLocalOperation, findOperation, operationLabel, OPERATION_REGISTRY } from './registry';

export const DEFAULT_PARALLEL_REQUESTS = 5;
export const MAX_PARALLEL_REQUESTS = 20;
export const MAX_TIMEOUT_MS = 600_000;

/**
 * Finds the operation's definition and hands it to the shared executor. The credential is read once per
 * execution (one client), static look-ups are shared by all items (one Lookups), and each parameter is
 * resolved once per item, or once per execution when it holds no expression (parameters.ts).
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	readParametersOnce(this);
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const local = findLocalOperation(resource, operation);
	if (local) return [agentRefusesLocal(this, operationLabel(resource, operation), items.length) ?? (await local.run.call(this, items))];
	const definition = findOperation(resource, operation);
	if (!definition) {
		const known = Object.keys(OPERATION_REGISTRY[resource] ?? {}).join(', ');
		throw new NodeOperationError(this.getNode(), `Operation "${operation}" of resource "${resource}" is not known`, {
			description: known ? `Known operations: ${known}` : `Known resources: ${Object.keys(OPERATION_REGISTRY).join(', ')}`,
		});
	}
	const label = operationLabel(resource, operation);
	// Run by an AI agent: what the workflow owner did not allow is refused here, before anything is sent.
	const agent = agentRun(this, resource, operation, definition, label);
	const refusal = agent?.refusal(items.length);
	if (refusal) return [refusal];
	const options = this.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	const node = this.getNode();
	const timeoutMs = options.timeout === undefined ? undefined : checkRange(node, 0, 'Options: Timeout', options.timeout, 1000, MAX_TIMEOUT_MS);
	const parallel = checkRange(node, 0, 'Options: Parallel Requests', options.parallelRequests ?? DEFAULT_PARALLEL_REQUESTS, 1, MAX_PARALLEL_REQUESTS);
	const client = await ByaiClient.fromContext(this, { timeoutMs });
	const run = { client, lookups: new Lookups(client), label, agent };

	const output = definition.runOnce ? await runForAll.call(this, definition, run, items) : await runPerItem.call(this, definition, run, items.length, parallel);
	return [agent ? agent.output(output) : output];
}
