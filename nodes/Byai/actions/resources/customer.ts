import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { simplifyCall } from '../../helpers/labels';
import { checkRange, MAX_IMPORT_CHUNK, normalizeChinesePhone } from '../../helpers/validation';
import type { ByaiClient } from '../../transport';
import { companyLocator, idParam, param, returnAllFields, showFor, taskLocator } from '../common';
import type { ResourceDefinition } from '../types';

const R = 'customer';
const IMPORTS = ['import', 'importV1'];

interface ImportCounts {
	successNum: number;
	repeatNum: number;
	placeFailNum: number;
	failNum: number;
}

/** Reads a column of an input item; nested columns may use dots (e.g. "customer.phone"). */
function column(json: IDataObject, name: string): unknown {
	if (name in json) return json[name];
	return name.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined), json);
}

/**
 * Import runs once for all input items: rows are checked and normalised locally, invalid ones reported
 * (not sent), the rest sent in chunks of at most 10,000. Returns one summary item.
 */
async function importCustomers(this: IExecuteFunctions, client: ByaiClient, items: INodeExecutionData[], path: string) {
	const node = this.getNode();
	const companyId = idParam(this, 'companyId', 'Company', 0);
	const taskId = idParam(this, 'taskId', 'Task', 0);
	const phoneColumn = String(param(this, 'phoneColumn', 0, 'phone'));
	const nameColumn = String(param(this, 'nameColumn', 0, ''));
	const variables = ((param<IDataObject>(this, 'variables', 0, {}).variable as IDataObject[] | undefined) ?? []).filter((v) => v.name);
	const options = param<IDataObject>(this, 'importOptions', 0, {});
	const chunkSize = checkRange(node, 0, 'Chunk Size', options.chunkSize ?? MAX_IMPORT_CHUNK, 1, MAX_IMPORT_CHUNK);
	const otherColumns = options.otherColumnsAsProperties === true;
	const mapped = new Set([phoneColumn, nameColumn, ...variables.map((v) => String(v.column))]);

	const invalid: IDataObject[] = [];
	const counts: ImportCounts = { successNum: 0, repeatNum: 0, placeFailNum: 0, failNum: 0 };
	let chunk: IDataObject[] = [];
	let sent = 0;
	let chunks = 0;
	const flush = async () => {
		if (!chunk.length) return;
		const result = await client.request<Partial<ImportCounts> | null>(
			{ method: 'POST', path, body: { companyId, taskId, customerInfoList: chunk }, operation: `Customer → Import (chunk ${chunks + 1})` },
			0,
		);
		for (const key of Object.keys(counts) as Array<keyof ImportCounts>) counts[key] += Number(result?.[key] ?? 0);
		sent += chunk.length;
		chunks++;
		chunk = [];
	};

	for (const [index, item] of items.entries()) {
		const json = item.json;
		const checked = normalizeChinesePhone(column(json, phoneColumn));
		if ('reason' in checked) {
			invalid.push({ row: index + 1, phone: (column(json, phoneColumn) as string) ?? null, reason: checked.reason });
			continue;
		}
		const properties: IDataObject = {};
		if (otherColumns) {
			for (const [key, value] of Object.entries(json)) {
				if (!mapped.has(key) && value !== null && value !== undefined && typeof value !== 'object') properties[key] = String(value);
			}
		}
		for (const variable of variables) {
			const value = column(json, String(variable.column));
			if (value !== undefined && value !== null && value !== '') properties[String(variable.name)] = String(value);
		}
		const name = nameColumn ? column(json, nameColumn) : undefined;
		chunk.push({ phone: checked.phone, name: name === undefined || name === null ? '' : String(name), properties });
		if (chunk.length >= chunkSize) await flush();
	}
	await flush();
	if (!sent && !invalid.length) throw new NodeOperationError(node, 'No customers to import: the node received no input items');

	const summary: IDataObject = {
		taskId,
		companyId,
		rows: items.length,
		sent,
		chunks,
		...(path.includes('/v2/') ? counts : {}),
		invalidCount: invalid.length,
		invalid,
	};
	return [{ json: summary, pairedItem: items.map((_, item) => ({ item })) }];
}

export const customer: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [R] } },
			options: [
				{ name: 'Get Many Not Dialled', value: 'getNotDialed', action: 'Get customers not yet dialled', description: 'List the customers of a task that have not been called yet' },
				{
					name: 'Import',
					value: 'import',
					action: 'Import customers into a task',
					description: 'Add the input items as customers of a task (one row per item) and get one summary: imported, duplicates, variable mismatches and invalid numbers',
				},
				{
					name: 'Import (Legacy V1, Deprecated)',
					value: 'importV1',
					action: 'Import customers with the legacy v1 endpoint',
					description: 'Deprecated: Byai marked v1 expired in 2019 and it reports no counts. Use Import.',
				},
			],
			default: 'import',
		},
		companyLocator(R, ['getNotDialed', ...IMPORTS]),
		taskLocator(R, ['getNotDialed', ...IMPORTS]),
		{
			displayName: 'Phone Column',
			name: 'phoneColumn',
			type: 'string',
			displayOptions: showFor(R, IMPORTS),
			default: 'phone',
			required: true,
			description: 'Field of the input items holding the phone number. +86, 0086, spaces and dashes are removed; invalid numbers are reported, not sent.',
		},
		{
			displayName: 'Name Column',
			name: 'nameColumn',
			type: 'string',
			displayOptions: showFor(R, IMPORTS),
			default: 'name',
			description: 'Field of the input items holding the customer name (客户名称); leave empty for none',
		},
		{
			displayName: 'Script Variables',
			name: 'variables',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			displayOptions: showFor(R, IMPORTS),
			default: {},
			placeholder: 'Add Variable',
			description: 'Values for the robot script\'s variables. Rows missing a variable the script needs are counted by Byai as placeFail.',
			options: [
				{
					displayName: 'Variable',
					name: 'variable',
					values: [
						{
							displayName: 'Variable Name or ID',
							name: 'name',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getTaskVariables', loadOptionsDependsOn: ['taskId.value'] },
							default: '',
							description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{ displayName: 'Column', name: 'column', type: 'string', default: '', description: 'Field of the input items with the value' },
					],
				},
			],
		},
		{
			displayName: 'Import Options',
			name: 'importOptions',
			type: 'collection',
			placeholder: 'Add Option',
			displayOptions: showFor(R, IMPORTS),
			default: {},
			options: [
				{ displayName: 'Chunk Size', name: 'chunkSize', type: 'number', typeOptions: { minValue: 1, maxValue: 10000 }, default: 10000, description: 'Customers per request; Byai accepts at most 10,000' },
				{
					displayName: 'Send Other Columns as Properties',
					name: 'otherColumnsAsProperties',
					type: 'boolean',
					default: false,
					description: 'Whether to send the remaining columns too (e.g. your own customer ID); Byai returns them in callbacks and call details',
				},
			],
		},
		...returnAllFields(R, ['getNotDialed'], 50),
	],
	operations: {
		import: {
			method: 'POST',
			path: '/openapi/v2/task/importTaskCustomer',
			runOnce(client, items) {
				return importCustomers.call(this, client, items, '/openapi/v2/task/importTaskCustomer');
			},
		},
		importV1: {
			method: 'POST',
			path: '/openapi/v1/task/importTaskCustomer',
			runOnce(client, items) {
				return importCustomers.call(this, client, items, '/openapi/v1/task/importTaskCustomer');
			},
		},
		getNotDialed: {
			method: 'POST',
			path: '/openapi/v1/task/notDialedCustomerList',
			pageSizeCap: 50,
			params(itemIndex) {
				return { taskId: idParam(this, 'taskId', 'Task', itemIndex) };
			},
			simplify: simplifyCall,
		},
	},
};
