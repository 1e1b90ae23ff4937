import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkRange, MAX_IMPORT_CHUNK, normalizeChinesePhone } from '../../helpers/validation';
import { idParam, pairs, param } from '../common';
import { asNodeError } from '../executor';
import type { RunContext } from '../types';

const COUNTS = ['successNum', 'repeatNum', 'placeFailNum', 'failNum'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

/** Reads a column of an input item; nested columns may use dots (e.g. "customer.phone"). */
function column(json: IDataObject, name: string): unknown {
	if (name in json) return json[name];
	return name.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined), json);
}

const text = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The customer rows of the input items: valid ones normalised, invalid ones with their reason. */
function readRows(this: IExecuteFunctions, items: INodeExecutionData[]) {
	const phoneColumn = String(param(this, 'phoneColumn', 0, 'phone')).trim();
	const nameColumn = String(param(this, 'nameColumn', 0, '') ?? '').trim();
	const variables = pairs(param<IDataObject>(this, 'variables', 0, {}), 'variable', 'column').map(([name, from]) => [name, String(from ?? '').trim()]);
	const otherColumns = param<IDataObject>(this, 'importOptions', 0, {}).otherColumnsAsProperties === true;
	if (!phoneColumn) throw new NodeOperationError(this.getNode(), 'Phone Column must name the field of the input items that holds the phone number');
	const mapped = new Set([phoneColumn, nameColumn, ...variables.map(([, from]) => from)]);

	const rows: IDataObject[] = [];
	const invalid: IDataObject[] = [];
	const withProperties = otherColumns || variables.length > 0;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const { json } = items[itemIndex];
		const raw = column(json, phoneColumn);
		const checked = normalizeChinesePhone(raw);
		if ('reason' in checked) {
			invalid.push({ row: itemIndex + 1, itemIndex, phone: raw === undefined ? null : text(raw), reason: checked.reason });
			continue;
		}
		const row: IDataObject = { phone: checked.phone, name: nameColumn ? text(column(json, nameColumn)) : '' };
		if (withProperties) {
			const properties: IDataObject = {};
			if (otherColumns) {
				for (const [key, value] of Object.entries(json)) {
					if (!mapped.has(key) && value !== null && value !== undefined && typeof value !== 'object') properties[key] = String(value);
				}
			}
			for (const [name, from] of variables) {
				const value = column(json, from);
				if (value !== undefined && value !== null && value !== '') properties[name] = text(value);
			}
			// The docs ask to leave properties out when there is nothing to send.
			if (Object.keys(properties).length) row.properties = properties;
		}
		rows.push(row);
	}
	return { rows, invalid };
}

/**
 * Import runs once for all input items: rows are checked and normalised locally, invalid ones reported (not
 * sent), the rest sent in chunks of at most 10,000, one after another (Byai dials in import order). Returns one
 * summary item paired with every input item. If a chunk fails, the error says how far the import got.
 */
export async function importCustomers(this: IExecuteFunctions, run: RunContext, items: INodeExecutionData[], path: string) {
	const node = this.getNode();
	const companyId = idParam(this, 'companyId', 'Company', 0);
	const taskId = idParam(this, 'taskId', 'Task', 0);
	const chunkSize = checkRange(node, 0, 'Import Options: Chunk Size', param<IDataObject>(this, 'importOptions', 0, {}).chunkSize ?? MAX_IMPORT_CHUNK, 1, MAX_IMPORT_CHUNK);
	const { rows, invalid } = readRows.call(this, items);
	if (!items.length) throw new NodeOperationError(node, 'No customers to import: the node received no input items');

	const withCounts = path.includes('/v2/');
	const counts: Counts = { successNum: 0, repeatNum: 0, placeFailNum: 0, failNum: 0 };
	const chunkResults: IDataObject[] = [];
	let sent = 0;
	const summary = (): IDataObject => ({
		companyId,
		taskId,
		rows: items.length,
		sent,
		chunks: chunkResults.length,
		...(withCounts ? counts : {}),
		invalidCount: invalid.length,
		invalid,
		chunkResults,
	});

	for (let start = 0; start < rows.length; start += chunkSize) {
		const customerInfoList = rows.slice(start, start + chunkSize);
		const chunk = chunkResults.length + 1;
		let result: Partial<Counts> | null;
		try {
			result = await run.client.request<Partial<Counts> | null>(
				{ method: 'POST', path, body: { companyId, taskId, customerInfoList }, operation: `${run.label} (chunk ${chunk})` },
				0,
			);
		} catch (error) {
			const failure = asNodeError(error, node) as Error & { description?: string; progress?: IDataObject };
			const done = sent
				? `Chunks 1–${chunk - 1} (${sent} customers) were imported before chunk ${chunk} failed.`
				: `Chunk ${chunk} of ${Math.ceil(rows.length / chunkSize)} failed; nothing was imported.`;
			failure.description = [failure.description, done, 'Byai drops numbers already in the task, so running the import again is safe.'].filter(Boolean).join(' ');
			failure.progress = summary();
			throw failure;
		}
		const chunkCounts: IDataObject = { chunk, rows: customerInfoList.length };
		for (const key of COUNTS) {
			const value = Number(result?.[key] ?? 0);
			counts[key] += value;
			if (withCounts) chunkCounts[key] = value;
		}
		chunkResults.push(chunkCounts);
		sent += customerInfoList.length;
	}
	return [{ json: summary(), pairedItem: items.map((_, item) => ({ item })) }];
}
