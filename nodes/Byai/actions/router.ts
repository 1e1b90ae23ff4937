import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ByaiClient } from '../transport';
import { blacklist } from './resources/blacklist';
import { call } from './resources/call';
import { callback } from './resources/callback';
import { callerLine } from './resources/callerLine';
import { company } from './resources/company';
import { customer } from './resources/customer';
import { robotScript } from './resources/robotScript';
import { seatStatistics } from './resources/seatStatistics';
import { smsTemplate } from './resources/smsTemplate';
import { task } from './resources/task';
import type { OperationDefinition } from './types';

export const resources = { blacklist, call, callback, callerLine, company, customer, robotScript, seatStatistics, smsTemplate, task };

export const resourceOptions = [
	{ name: 'Blacklist', value: 'blacklist' },
	{ name: 'Call', value: 'call' },
	{ name: 'Callback', value: 'callback' },
	{ name: 'Caller Line', value: 'callerLine' },
	{ name: 'Company', value: 'company' },
	{ name: 'Customer', value: 'customer' },
	{ name: 'Robot Script', value: 'robotScript' },
	{ name: 'Seat Statistics', value: 'seatStatistics' },
	{ name: 'SMS Template', value: 'smsTemplate' },
	{ name: 'Task', value: 'task' },
];

/** "Task → Create": how errors name the operation. */
function operationLabel(resource: keyof typeof resources, operation: string): string {
	const resourceName = resourceOptions.find((option) => option.value === resource)?.name ?? resource;
	const operations = (resources[resource].description[0].options ?? []) as Array<{ name: string; value: string }>;
	return `${resourceName} → ${operations.find((option) => option.value === operation)?.name ?? operation}`;
}

const DEFAULT_PARALLEL_REQUESTS = 5;

/** Envelope data as output records: lists split into items, primitives wrapped. */
function toRecords(data: unknown): IDataObject[] {
	const list = Array.isArray(data) ? data : [data ?? { success: true }];
	return list.map((entry) => (entry && typeof entry === 'object' ? (entry as IDataObject) : { value: entry as string }));
}

function errorItem(error: Error, pairedItem: INodeExecutionData['pairedItem']): INodeExecutionData {
	const { description } = error as NodeApiError;
	return { json: { error: error.message, ...(description ? { description } : {}) }, pairedItem };
}

/** Errors keep their n8n type (NodeApiError from the transport, NodeOperationError from validation). */
function asNodeError(error: unknown, node?: INode, itemIndex?: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError || !node) return error as Error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** Runs `work` for indexes 0..count-1 with at most `limit` in flight; stops taking new work after a failure. */
async function forEachLimited(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (!failed && next < count) {
			const index = next++;
			try {
				await work(index);
			} catch (error) {
				failed = true;
				throw asNodeError(error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

async function runItem(this: IExecuteFunctions, client: ByaiClient, definition: OperationDefinition, label: string, itemIndex: number, simplify: boolean) {
	const params = definition.params ? await definition.params.call(this, itemIndex, client) : {};
	const request = { method: definition.method, path: definition.path, operation: label, ...(definition.method === 'GET' ? { query: params } : { body: params }) };
	let records: IDataObject[];
	if (definition.pageSizeCap) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
		records = await client.all<IDataObject>(request, { pageSizeCap: definition.pageSizeCap, limit }, itemIndex);
	} else {
		const data = await client.request(request, itemIndex);
		records = toRecords(definition.output ? definition.output(data, params) : data);
	}
	if (simplify && definition.simplify) records = records.map(definition.simplify);
	return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** The shared executor: every operation is a definition, this turns it into signed requests. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as keyof typeof resources;
	const operation = this.getNodeParameter('operation', 0) as string;
	const definition = resources[resource]?.operations[operation];
	if (!definition) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not known`);
	const label = operationLabel(resource, operation);
	const options = this.getNodeParameter('requestOptions', 0, {}) as IDataObject;
	const client = await ByaiClient.fromContext(this, { timeoutMs: (options.timeout as number) || undefined });

	if (definition.runOnce) {
		try {
			return [await definition.runOnce.call(this, client, items)];
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(error, this.getNode());
			return [[errorItem(error as Error, items.map((_, item) => ({ item })))]];
		}
	}

	const results: INodeExecutionData[][] = new Array(items.length);
	const parallel = Math.max(1, Math.min(20, Number(options.parallelRequests ?? DEFAULT_PARALLEL_REQUESTS)));
	await forEachLimited(items.length, parallel, async (itemIndex) => {
		try {
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			results[itemIndex] = await runItem.call(this, client, definition, label, itemIndex, simplify);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(error, this.getNode(), itemIndex);
			results[itemIndex] = [errorItem(error as Error, { item: itemIndex })];
		}
	});
	return [results.flat()];
}
