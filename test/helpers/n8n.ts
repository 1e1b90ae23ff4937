// Runs our nodes through n8n's own execution contexts (n8n-core): parameter resolution, expressions,
// request helpers and error types are n8n's. Only the credentials store (in n8n's CLI package) is
// replaced, by one that applies our credential class exactly as n8n's CredentialsHelper does.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { ExecuteContext, LoadOptionsContext } from 'n8n-core';

import { ByaiApi } from '../../credentials/ByaiApi.credentials';
import { Byai } from '../../nodes/Byai/Byai.node';
import { ByaiTrigger } from '../../nodes/ByaiTrigger/ByaiTrigger.node';

/**
 * The node as n8n hands it to an AI agent: the same class under the type "<name>Tool", as n8n's
 * convertNodeToAiTool renames it (so fields with the display option @tool show). The e2e suite runs the real one.
 */
function asTool(nodeType: INodeType): INodeType {
	const { description } = nodeType;
	return Object.assign(Object.create(nodeType) as INodeType, {
		description: { ...description, name: `${description.name}Tool`, displayName: `${description.displayName} Tool`, inputs: [], outputs: ['ai_tool'] },
	});
}

export const NODE_TYPES: Record<string, INodeType> = {
	'n8n-nodes-byai.byai': new Byai(),
	'n8n-nodes-byai.byaiTool': asTool(new Byai()),
	'n8n-nodes-byai.byaiTrigger': new ByaiTrigger(),
};

const nodeTypes: INodeTypes = {
	getByName: (type) => NODE_TYPES[type],
	getByNameAndVersion: (type) => NODE_TYPES[type],
	getKnownTypes: () => ({}),
} as INodeTypes;

export interface SandboxCredentials {
	appKey: string;
	appSecret: string;
	baseUrl: string;
}

/** How often a node read its credential (n8n decrypts it on every getCredentials call). */
export const credentialStats = { reads: 0 };

/** The stored credential as n8n's CredentialsHelper.getDecrypted returns it: unset fields get their defaults. */
export function decryptedCredential(credentials: SandboxCredentials | undefined): ICredentialDataDecryptedObject {
	const { properties } = new ByaiApi();
	return NodeHelpers.getNodeParameters(properties, { ...credentials } as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
}

/**
 * What n8n's CLI gives a node besides the workflow: the credentials store is replaced by one that decrypts to
 * `credentials` and signs through our credential class's `authenticate`, as n8n's CredentialsHelper does
 * (a function-type `authenticate` is called with the decrypted data and the request options).
 */
export function additionalData(credentials: SandboxCredentials | undefined): IWorkflowExecuteAdditionalData {
	const credential = new ByaiApi();
	const credentialsHelper = {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		getDecrypted: async () => {
			credentialStats.reads++;
			return decryptedCredential(credentials);
		},
		getCredentials: async () => ({}),
		getCredentialsProperties: () => credential.properties,
		updateCredentials: async () => undefined,
		updateCredentialsOauthTokenData: async () => undefined,
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		authenticate: async (decrypted: ICredentialDataDecryptedObject, _type: string, requestOptions: IHttpRequestOptions) =>
			credential.authenticate(decrypted, requestOptions),
	};
	return {
		credentialsHelper,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		executionId: 'test-execution',
		userId: 'test-user',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export function makeNode(type: string, parameters: INodeParameters, withCredential = true): INode {
	return {
		id: 'node-under-test',
		name: type.endsWith('Trigger') ? 'Byai Trigger' : 'Byai',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...(withCredential ? { credentials: { byaiApi: { id: 'sandbox', name: 'Byai sandbox' } } } : {}),
	};
}

/** A workflow of `node`, followed by `next` in a chain (each node's main output to the following one). */
export function makeWorkflow(node: INode, staticData: IDataObject = {}, id = 'wf-test', next: INode[] = []): Workflow {
	const nodes = [node, ...next];
	const connections = Object.fromEntries(nodes.slice(0, -1).map((from, i) => [from.name, { main: [[{ node: nodes[i + 1].name, type: 'main' as const, index: 0 }]] }]));
	return new Workflow({ id, name: 'test', nodes, connections, active: false, nodeTypes, staticData });
}

export interface RunOptions {
	credentials?: SandboxCredentials;
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
	/** n8n's execution id (one execution = one id; an agent's tool calls share it). */
	executionId?: string;
	/** What the node sends through this.sendResponse() (n8n's "sendResponse" execution hook). */
	onResponse?: (response: unknown) => void;
}

/** Runs a node's real execute() through n8n's ExecuteContext; returns its first output. */
export async function runNode(
	type: string,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const node = makeNode(type, parameters);
	if (options.continueOnFail) node.onError = 'continueRegularOutput';
	return executeNode(makeWorkflow(node), node, items.map((json) => ({ json })), options.mode ?? 'manual', options.credentials, options.executionId);
}

/** An execution's data as n8n starts it: node contexts ($getContext) live in executionData.contextData. */
export function newRunExecutionData(): IRunExecutionData {
	return { resultData: { runData: {} }, executionData: { contextData: {}, nodeExecutionStack: [], metadata: {}, waitingExecution: {}, waitingExecutionSource: {} } } as unknown as IRunExecutionData;
}

interface ExecuteOptions {
	/** Receives what the node hands to sendResponse (n8n's "sendResponse" hook). */
	onResponse?: RunOptions['onResponse'];
	runExecutionData?: IRunExecutionData;
}

/** n8n's execute context for `node` in `workflow` on `items`, as n8n hands it to execute(). */
export function executeContext(
	workflow: Workflow,
	node: INode,
	items: INodeExecutionData[],
	mode: WorkflowExecuteMode = 'manual',
	credentials?: SandboxCredentials,
	executionId?: string,
	{ onResponse, runExecutionData = newRunExecutionData() }: ExecuteOptions = {},
): ExecuteContext {
	const inputData = { main: [items] };
	const data = additionalData(credentials);
	if (executionId) data.executionId = executionId;
	if (onResponse) data.hooks = { runHook: async (name: string, [response]: unknown[]) => void (name === 'sendResponse' && onResponse(response)) } as unknown as typeof data.hooks;
	return new ExecuteContext(workflow, node, data, mode, runExecutionData, 0, items, inputData, { node, data: inputData, source: null }, []);
}

/** Runs `node`'s execute() in `workflow` (its static data included) on `items`; returns its first output. */
export async function executeNode(
	workflow: Workflow,
	node: INode,
	items: INodeExecutionData[],
	mode: WorkflowExecuteMode,
	credentials?: SandboxCredentials,
	executionId?: string,
	options: ExecuteOptions = {},
): Promise<INodeExecutionData[]> {
	const context = executeContext(workflow, node, items, mode, credentials, executionId, options);
	const output = await (NODE_TYPES[node.type].execute as (this: ExecuteContext) => Promise<INodeExecutionData[][]>).call(context);
	return output[0];
}

/** Runs the Byai node (see runNode). */
export function runByai(parameters: INodeParameters, items: IDataObject[] = [{}], options: RunOptions = {}): Promise<INodeExecutionData[]> {
	return runNode('n8n-nodes-byai.byai', parameters, items, options);
}

function loadOptionsContext(parameters: INodeParameters, credentials: SandboxCredentials, type: string) {
	// The editor sends the node's full parameters (defaults included) with a load-options request.
	const { description } = NODE_TYPES[type];
	const full = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, null, description) ?? parameters;
	const node = makeNode(type, full);
	const data = additionalData(credentials);
	data.currentNodeParameters = full;
	return { context: new LoadOptionsContext(makeWorkflow(node), node, data, ''), methods: NODE_TYPES[type].methods as unknown as Record<string, Record<string, (this: unknown, ...args: unknown[]) => Promise<never>>> };
}

/** Calls a `methods.loadOptions` method through n8n's LoadOptionsContext, with the node's current parameters. */
export async function loadOptions(method: string, parameters: INodeParameters, credentials: SandboxCredentials, type = 'n8n-nodes-byai.byai'): Promise<INodePropertyOptions[]> {
	const { context, methods } = loadOptionsContext(parameters, credentials, type);
	return methods.loadOptions[method].call(context);
}

/** Calls a `methods.listSearch` method (resource locator list mode) through n8n's LoadOptionsContext. */
export async function listSearch(
	method: string,
	parameters: INodeParameters,
	credentials: SandboxCredentials,
	filter?: string,
	paginationToken?: string,
	type = 'n8n-nodes-byai.byai',
): Promise<INodeListSearchResult> {
	const { context, methods } = loadOptionsContext(parameters, credentials, type);
	return methods.listSearch[method].call(context, filter, paginationToken);
}

/** Shorthand for resource locator values. */
export const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
