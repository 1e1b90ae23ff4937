import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Shows a field only for these operations of this resource. */
export const showFor = (resource: string, operation: string[]) => ({ show: { resource: [resource], operation } });

/** A parameter's value with resource locators unwrapped. */
export function param<T = unknown>(context: IExecuteFunctions, name: string, itemIndex: number, fallback?: T): T {
	return context.getNodeParameter(name, itemIndex, fallback, { extractValue: true }) as T;
}

/** A required positive integer id (typed, picked from a list or set by expression). */
export function idParam(context: IExecuteFunctions, name: string, label: string, itemIndex: number): number {
	const raw = param<unknown>(context, name, itemIndex, '');
	const value = typeof raw === 'string' ? raw.trim() : raw;
	const id = Number(value);
	if (value === '' || value === undefined || value === null || !Number.isSafeInteger(id) || (id <= 0 && !(name === 'groupId' && id === -1))) {
		throw new NodeOperationError(context.getNode(), `${label} must be a positive whole number, got ${JSON.stringify(raw ?? '')}`, {
			itemIndex,
			description: `Pick the ${label.toLowerCase()} from the list or enter its numeric id.`,
		});
	}
	return id;
}

/** Copies the set (non-empty) fields of an "Additional Fields" collection, renamed to API names. */
export function setFields(source: IDataObject, names: Record<string, string>): IDataObject {
	const target: IDataObject = {};
	for (const [field, apiName] of Object.entries(names)) {
		const value = source[field];
		if (value !== undefined && value !== '' && value !== null) target[apiName] = value;
	}
	return target;
}

export function companyLocator(resource: string, operation: string[]): INodeProperties {
	return {
		displayName: 'Company',
		name: 'companyId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Byai company (CRM account) bound to your APP_KEY',
		displayOptions: showFor(resource, operation),
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchCompanies', searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3811',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A company ID is a number' } }],
			},
		],
	};
}

export function taskLocator(resource: string, operation: string[]): INodeProperties {
	return {
		displayName: 'Task',
		name: 'taskId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The calling task. The list shows the tasks of the chosen company with their status; search by name.',
		displayOptions: showFor(resource, operation),
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchTasks', searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1001',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A task ID is a number' } }],
			},
		],
	};
}

export function returnAllFields(resource: string, operation: string[], cap: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: showFor(resource, operation),
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { resource: [resource], operation, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			hint: `Byai returns at most ${cap} per page; the node fetches as many pages as needed`,
		},
	];
}
