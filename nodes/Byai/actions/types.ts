import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ByaiClient } from '../transport';

/**
 * One operation as data: where it goes and how node parameters become the request.
 * The shared executor (router.ts) does the signing, paging, output and error handling.
 */
export interface OperationDefinition {
	method: 'GET' | 'POST';
	path: string;
	/** Builds the query (GET) or body (POST) for one item; validates and throws NodeOperationError first. */
	params?: (this: IExecuteFunctions, itemIndex: number, client: ByaiClient) => Promise<IDataObject> | IDataObject;
	/** Paged endpoint: Return All / Limit with this page-size cap. */
	pageSizeCap?: number;
	/** Turns the envelope's data into output records (default: arrays split, objects as is). */
	output?: (data: unknown, params: IDataObject) => IDataObject | IDataObject[];
	/** Readable labels for each record when Simplify is on. */
	simplify?: (record: IDataObject) => IDataObject;
	/** Runs once for all input items instead of once per item (bulk import). */
	runOnce?: (this: IExecuteFunctions, client: ByaiClient, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;
}

export interface ResourceDefinition {
	/** Operation selector and fields of this resource. */
	description: INodeProperties[];
	operations: Record<string, OperationDefinition>;
}
