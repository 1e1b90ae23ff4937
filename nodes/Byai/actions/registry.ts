import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { byName } from '../helpers/labels';
import type { ByaiRequest } from '../transport';
import { AGENT_OUTPUT_PROPERTIES, agentProperties } from './agent';

import { blacklist } from './blacklist';
import { call } from './call';
import { callback } from './callback';
import { callerLine } from './callerLine';
import { company } from './company';
import { customer } from './customer';
import { robotScript } from './robotScript';
import { seatStatistics } from './seatStatistics';
import { smsTemplate } from './smsTemplate';
import { task } from './task';
import type { LocalOperationDefinition, OperationDefinition, ResourceDefinition } from './types';

/** Every resource of the node, by its parameter value. */
export const resources: Record<string, ResourceDefinition> = {
	blacklist,
	call,
	callback,
	callerLine,
	company,
	customer,
	robotScript,
	seatStatistics,
	smsTemplate,
	task,
};

export interface RegistryEntry {
	method: 'GET' | 'POST';
	path: string;
	deprecated: boolean;
	/** Page-size cap of a paged endpoint (Return All / Limit). */
	pageSizeCap?: number;
}

/** resource → operation → endpoint: what tests walk to prove every Byai endpoint has an operation. */
export const OPERATION_REGISTRY: Record<string, Record<string, RegistryEntry>> = Object.fromEntries(
	Object.entries(resources).map(([resource, definition]) => [
		resource,
		Object.fromEntries(
			Object.entries(definition.operations).map(([operation, { method, path, deprecated, pageSizeCap }]) => [
				operation,
				{ method, path, deprecated: Boolean(deprecated), ...(pageSizeCap ? { pageSizeCap } : {}) },
			]),
		),
	]),
);

export function findOperation(resource: string, operation: string): OperationDefinition | undefined {
	return Object.hasOwn(resources, resource) && Object.hasOwn(resources[resource].operations, operation)
		? resources[resource].operations[operation]
		: undefined;
}

/** An operation that runs inside n8n only (no Byai endpoint), e.g. Callback → Acknowledge. */
export function findLocalOperation(resource: string, operation: string): LocalOperationDefinition | undefined {
	const local = Object.hasOwn(resources, resource) ? resources[resource].localOperations : undefined;
	return local && Object.hasOwn(local, operation) ? local[operation] : undefined;
}

/** A read of an operation's endpoint outside its own run (look-ups, dropdowns), named like the operation in errors. */
export function operationRequest(resource: string, operation: string, query?: IDataObject): ByaiRequest {
	const definition = findOperation(resource, operation);
	// Parameters go in the query: a POST here would silently send none.
	if (definition?.method !== 'GET') throw new Error(`${resource} → ${operation} is not a read`);
	return { method: definition.method, path: definition.path, ...(query ? { query } : {}), operation: operationLabel(resource, operation) };
}

export function operationName(definition: OperationDefinition): string {
	return definition.deprecated ? `${definition.name} (Deprecated)` : definition.name;
}

/** "Task → Create": how errors and logs name an operation. */
export function operationLabel(resource: string, operation: string): string {
	const definition = findOperation(resource, operation);
	return `${resources[resource]?.name ?? resource} → ${definition ? operationName(definition) : (findLocalOperation(resource, operation)?.name ?? operation)}`;
}

function operationSelector(resource: string, definition: ResourceDefinition): INodeProperties {
	const defaultOperation = definition.defaultOperation;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [
			...Object.entries(definition.operations).map(([value, operation]) => ({
				name: operationName(operation),
				value,
				action: operation.action,
				description: operation.deprecated ? `Deprecated: ${operation.deprecated} ${operation.description}` : operation.description,
			})),
			...Object.entries(definition.localOperations ?? {}).map(([value, { name, action, description }]) => ({ name, value, action, description })),
		].sort(byName),
		default: defaultOperation,
	};
}

/** Hidden on the AI agent tool, which pages and shapes its output itself (agent.ts). */
const ON_TOOL = { '@tool': [true] };

/** Return All / Limit for each paged operation, with its page-size cap as a hint. */
function pagingFields(resource: string, operation: string, cap: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show: { resource: [resource], operation: [operation] }, hide: ON_TOOL },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { resource: [resource], operation: [operation], returnAll: [false] }, hide: ON_TOOL },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			hint: `Byai returns at most ${cap} per page; the node fetches as many pages as needed`,
		},
	];
}

function simplifyField(resource: string, operations: string[]): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show: { resource: [resource], operation: operations }, hide: ON_TOOL },
		default: true,
		description:
			"Whether to add readable labels next to Byai's codes (status, outcome, line type, intention level A–F), parse the properties JSON and add a plain-text transcript; off returns Byai's data as it is",
	};
}

/** A paged operation's Return All / Limit go before its first collection (Filters), as in n8n's own nodes. */
function withPaging(resource: string, definition: ResourceDefinition): INodeProperties[] {
	const fields = [...definition.fields];
	for (const [operation, { pageSizeCap }] of Object.entries(definition.operations)) {
		if (!pageSizeCap) continue;
		const collection = fields.findIndex(
			(field) => ['collection', 'fixedCollection'].includes(field.type) && field.displayOptions?.show?.operation?.includes(operation),
		);
		fields.splice(collection === -1 ? fields.length : collection, 0, ...pagingFields(resource, operation, pageSizeCap));
	}
	return fields;
}

/** The node's resource-specific properties, built from the resource definitions. */
export function resourceProperties(): INodeProperties[] {
	const resourceSelector: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: Object.entries(resources)
			.map(([value, definition]) => ({ name: definition.name, value }))
			.sort(byName),
		default: 'task',
	};
	return [
		resourceSelector,
		...Object.entries(resources).flatMap(([resource, definition]) => {
			const simplified = Object.entries(definition.operations)
				.filter(([, operation]) => operation.simplify)
				.map(([operation]) => operation);
			return [
				operationSelector(resource, definition),
				...withPaging(resource, definition),
				...(simplified.length ? [simplifyField(resource, simplified)] : []),
				...agentProperties(resource, definition.operations),
			];
		}),
		...AGENT_OUTPUT_PROPERTIES,
	];
}
