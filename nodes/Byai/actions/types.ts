import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ByaiClient } from '../transport';
import type { AgentRun } from './agent';
import type { Lookups } from './lookups';

/** What an operation gets besides n8n's context: the execution's one client and its cached look-ups. */
export interface RunContext {
	client: ByaiClient;
	lookups: Lookups;
	/** "Task → Create": how errors name the operation. */
	label: string;
	/** Set when an AI agent runs the node as a tool: one page per call, compact output (agent.ts). */
	agent?: AgentRun;
}

/**
 * One operation as data: its name in the editor, where it goes and how node parameters become the request.
 * The shared executor (executor.ts) does the signing, paging, output, Simplify and error handling.
 */
export interface OperationDefinition {
	/** Shown in the Operation dropdown, e.g. "Get Many". */
	name: string;
	/** n8n's action text, e.g. "Get many tasks". */
	action: string;
	/** What it does, for people and AI agents; says so when it places real phone calls. */
	description: string;
	/** Why it is deprecated; the name gets " (Deprecated)" and the description starts with this. */
	deprecated?: string;
	method: 'GET' | 'POST';
	path: string;
	/** Builds the query (GET) or body (POST) for one item; validates and throws NodeOperationError first. */
	params?: (this: IExecuteFunctions, itemIndex: number, run: RunContext) => Promise<IDataObject> | IDataObject;
	/** Paged endpoint: the node adds Return All / Limit and fetches pages of at most this size. */
	pageSizeCap?: number;
	/** An endpoint without paging that answers a list: an AI agent still gets it a page at a time. */
	returnsList?: boolean;
	/** Turns the envelope's data into output records (default: arrays split, objects as they are). */
	output?: (data: unknown, params: IDataObject) => IDataObject | IDataObject[];
	/** Readable labels for each record when Simplify is on; the node adds the Simplify switch. */
	simplify?: (record: IDataObject) => IDataObject;
	/** Runs once for all input items instead of once per item (bulk import). */
	runOnce?: (this: IExecuteFunctions, run: RunContext, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;
}

/** An operation that works inside n8n only: it sends nothing to Byai and needs no credential. */
export interface LocalOperationDefinition {
	name: string;
	action: string;
	description: string;
	/** Runs once for all input items; what it returns is the node's output. */
	run: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;
}

export interface ResourceDefinition {
	/** Shown in the Resource dropdown. */
	name: string;
	defaultOperation: string;
	operations: Record<string, OperationDefinition>;
	/** Operations without a Byai endpoint (not in OPERATION_REGISTRY, refused to AI agents). */
	localOperations?: Record<string, LocalOperationDefinition>;
	/** The resource's fields (its description file); the Operation selector is built from `operations`. */
	fields: INodeProperties[];
}
