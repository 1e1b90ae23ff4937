import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeChinesePhone } from '../helpers/validation';
import { nodeParameter } from './parameters';

// ---- reading parameters ----------------------------------------------------------------------------

/** Shows a field only for these operations of this resource. */
export const showFor = (resource: string, operation: string[]) => ({ show: { resource: [resource], operation } });

/** A parameter's value with resource locators unwrapped (read once per item, or once per execution without an expression). */
export function param<T = unknown>(context: IExecuteFunctions, name: string, itemIndex: number, fallback?: T): T {
	return nodeParameter<T>(context, name, itemIndex, fallback, { extractValue: true });
}

function invalidId(context: IExecuteFunctions, label: string, raw: unknown, itemIndex: number, allowed: string): never {
	throw new NodeOperationError(context.getNode(), `${label} must be ${allowed}, got ${JSON.stringify(raw ?? '')}`, {
		itemIndex,
		description: `Pick the ${label.toLowerCase()} from the list or enter its numeric ID.`,
	});
}

/** A required numeric id (typed, picked from a list or set by expression); -1 only where it means the default group. */
export function idParam(context: IExecuteFunctions, name: string, label: string, itemIndex: number, allowDefaultGroup = false): number {
	const raw = param<unknown>(context, name, itemIndex, '');
	const text = String(raw ?? '').trim();
	const id = Number(text);
	if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(id) || !(id >= 1 || (allowDefaultGroup && id === -1))) {
		invalidId(context, label, raw, itemIndex, allowDefaultGroup ? 'a positive whole number or -1 (the default group)' : 'a positive whole number');
	}
	return id;
}

/** A long id (callInstanceId) kept as its digits, so ids beyond 2^53 travel unchanged in a query string. */
export function longIdParam(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const raw = param<unknown>(context, name, itemIndex, '');
	const text = String(raw ?? '').trim();
	if (!/^[1-9]\d*$/.test(text)) invalidId(context, label, raw, itemIndex, 'a positive whole number');
	return text;
}

/** A required text field; a NodeOperationError names it when it is empty. */
export function textParam(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = String(param(context, name, itemIndex, '') ?? '').trim();
	if (!value) throw new NodeOperationError(context.getNode(), `${label} must not be empty`, { itemIndex });
	return value;
}

/** A Chinese phone number, normalised (+86, 0086, spaces, dashes removed); invalid ones fail with the reason. */
export function phoneParam(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const checked = normalizeChinesePhone(param(context, name, itemIndex, ''));
	if ('reason' in checked) {
		throw new NodeOperationError(context.getNode(), `${label}: ${checked.reason}`, {
			itemIndex,
			description: 'Allowed: an 11-digit mobile (1[3-9]…), a landline with area code (0…) or a 400/800 number; +86, 0086, spaces and dashes are removed.',
		});
	}
	return checked.phone;
}

/** name → value pairs of a fixedCollection like `{ variable: [{ name, value }] }`, empty names left out. */
export function pairs(collection: IDataObject | undefined, key: string, valueField = 'value'): Array<[string, unknown]> {
	const entries = (collection?.[key] as IDataObject[] | undefined) ?? [];
	return entries.filter((entry) => String(entry.name ?? '').trim()).map((entry) => [String(entry.name).trim(), entry[valueField]]);
}

// ---- shared fields ---------------------------------------------------------------------------------


function locator(
	name: string,
	displayName: string,
	description: string,
	searchListMethod: string,
	example: string,
	displayOptions: INodeProperties['displayOptions'],
	required = true,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description,
		displayOptions,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${example}`,
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: `A ${displayName.toLowerCase()} ID is a number` } }],
			},
		],
	};
}

export function companyLocator(resource: string, operation: string[]): INodeProperties {
	return locator(
		'companyId',
		'Company',
		'The Byai company (CRM account) bound to your APP_KEY. Pick it from the list or enter its numeric ID (companyId, listed by Company → Get Many).',
		'searchCompanies',
		'3811',
		showFor(resource, operation),
	);
}

export function taskLocator(resource: string, operation: string[], required = true): INodeProperties {
	return locator(
		'taskId',
		'Task',
		`The calling task (callJobId, a number). The list shows the tasks of the chosen company with their status; search by name, or enter the ID.${required ? '' : ' Leave empty for all tasks.'}`,
		'searchTasks',
		'1001',
		showFor(resource, operation),
		required,
	);
}

export function robotScriptField(resource: string, operation: string[], description: string): INodeProperties {
	return {
		displayName: 'Robot Script Name or ID',
		name: 'robotDefId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getRobotScripts', loadOptionsDependsOn: ['companyId.value'] },
		displayOptions: showFor(resource, operation),
		default: '',
		required: true,
		description: `${description} The list shows the company's scripts (话术), online ones first. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

/** A dropdown loaded live, for use inside collections (no displayOptions). */
export function dynamicOptions(displayName: string, name: string, method: string, dependsOn: string[], description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod: method, loadOptionsDependsOn: dependsOn },
		default: '',
		description: `${description} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
	};
}

export function multiDynamicOptions(displayName: string, name: string, method: string, dependsOn: string[], description: string): INodeProperties {
	return { ...dynamicOptions(displayName, name, method, dependsOn, description), type: 'multiOptions', default: [] };
}

/** Name/value pairs for a robot script's variables (variables loaded from the chosen script or task). */
export function variablesField(
	displayOptions: INodeProperties['displayOptions'],
	method: string,
	dependsOn: string[],
	valueField: INodeProperties,
	description: string,
): INodeProperties {
	return {
		displayName: 'Script Variables',
		name: 'variables',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions,
		default: {},
		placeholder: 'Add Variable',
		description,
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [dynamicOptions('Variable Name or ID', 'name', method, dependsOn, 'A variable of the robot script.'), valueField],
			},
		],
	};
}
