import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkRange } from '../helpers/validation';
import type { ByaiRequest } from '../transport';
import { nodeParameter } from './parameters';
import type { OperationDefinition, RunContext } from './types';

/** Envelope data as output records: lists split into items, primitives wrapped. */
function toRecords(data: unknown): IDataObject[] {
	const list = Array.isArray(data) ? data : [data ?? { success: true }];
	return list.map((entry) => (entry && typeof entry === 'object' ? (entry as IDataObject) : { value: entry as string }));
}

/** Errors keep their n8n type (NodeApiError from the transport, NodeOperationError from validation). */
export function asNodeError(error: unknown, node: INode, itemIndex?: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** The item n8n's Continue On Fail puts in place of a failed one. */
function errorItem(error: Error, pairedItem: INodeExecutionData['pairedItem'], extra: IDataObject = {}): INodeExecutionData {
	const { description } = error as NodeApiError;
	return { json: { error: error.message, ...(description ? { description } : {}), ...extra }, pairedItem };
}

/**
 * Runs `work` for indexes 0..count-1 with at most `limit` in flight (a promise pool: no timers), keeping no
 * order of its own (callers store results by index). After a failure no new work is started.
 */
async function forEachLimited(node: INode, count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (!failed && next < count) {
			const index = next++;
			try {
				await work(index);
			} catch (error) {
				failed = true;
				throw asNodeError(error, node); // already a node error from runPerItem; the lint wants it visible here
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/** One item through one operation: parameters → signed request(s) → output items paired with the input item. */
async function runItem(this: IExecuteFunctions, definition: OperationDefinition, run: RunContext, itemIndex: number): Promise<INodeExecutionData[]> {
	const params = definition.params ? await definition.params.call(this, itemIndex, run) : {};
	const request: ByaiRequest = {
		method: definition.method,
		path: definition.path,
		operation: run.label,
		...(definition.method === 'GET' ? { query: params } : { body: params }),
	};
	let records: IDataObject[];
	if (definition.pageSizeCap && run.agent) {
		records = await run.agent.page(run.client, request, definition.pageSizeCap, itemIndex);
	} else if (definition.pageSizeCap) {
		const returnAll = nodeParameter<boolean>(this, 'returnAll', itemIndex, false);
		// A limit of 0 would silently return nothing: refuse it like any other out-of-range value.
		const limit = returnAll ? undefined : checkRange(this.getNode(), itemIndex, 'Limit', nodeParameter(this, 'limit', itemIndex, 50), 1, Number.MAX_SAFE_INTEGER);
		records = await run.client.all<IDataObject>(request, { pageSizeCap: definition.pageSizeCap, limit }, itemIndex);
	} else {
		const data = await run.client.request(request, itemIndex);
		records = toRecords(definition.output ? definition.output(data, params) : data);
	}
	if (definition.simplify && (run.agent ? run.agent.simplify(itemIndex) : nodeParameter(this, 'simplify', itemIndex, true))) records = records.map(definition.simplify);
	return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * The shared executor: every input item through the operation, `parallel` at a time, output in input order.
 * With Continue On Fail a failed item becomes an error item paired with it; otherwise the first error stops the run.
 */
export async function runPerItem(
	this: IExecuteFunctions,
	definition: OperationDefinition,
	run: RunContext,
	itemCount: number,
	parallel: number,
): Promise<INodeExecutionData[]> {
	const results: INodeExecutionData[][] = new Array(itemCount);
	await forEachLimited(this.getNode(), itemCount, parallel, async (itemIndex) => {
		try {
			results[itemIndex] = await runItem.call(this, definition, run, itemIndex);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(error, this.getNode(), itemIndex);
			results[itemIndex] = [errorItem(error as Error, { item: itemIndex })];
		}
	});
	return results.flat();
}

/** Operations that take all items at once (import): one result, paired with every input item. */
export async function runForAll(this: IExecuteFunctions, definition: OperationDefinition, run: RunContext, items: INodeExecutionData[]) {
	try {
		return await definition.runOnce!.call(this, run, items);
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError(error, this.getNode());
		const progress = (error as { progress?: IDataObject }).progress;
		return [errorItem(error as Error, items.map((_, item) => ({ item })), progress)];
	}
}
