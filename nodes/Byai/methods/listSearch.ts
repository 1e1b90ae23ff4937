import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { TASK_STATUS } from '../helpers/labels';
import { operationRequest } from '../actions/registry';
import { ByaiClient } from '../transport';
import { currentId } from './currentId';

/** Companies bound to the key, searchable by name or ID. */
export async function searchCompanies(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await ByaiClient.fromContext(this);
	const companies = await client.request<IDataObject[] | null>(operationRequest('company', 'getAll'));
	const text = (filter ?? '').trim().toLowerCase();
	return {
		results: (companies ?? [])
			.filter((company) => !text || String(company.companyName).toLowerCase().includes(text) || String(company.companyId).includes(text))
			.map((company) => ({ name: `${String(company.companyName)} (${String(company.companyId)})`, value: String(company.companyId) })),
	};
}

/** Tasks of the chosen company with their status, searched by name on Byai's side, a page of 100 at a time. */
export async function searchTasks(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const client = await ByaiClient.fromContext(this);
	const pageNum = Math.max(1, Number(paginationToken ?? 1) || 1);
	const query: IDataObject = { companyId: currentId(this, 'companyId', 'company'), pageNum, pageSize: 100 };
	if (filter?.trim()) query.taskName = filter.trim();
	const page = await client.request<{ list?: IDataObject[]; pages?: number; total?: number } | null>(operationRequest('task', 'getAll', query));
	const list = page?.list ?? [];
	const more = typeof page?.pages === 'number' ? pageNum < page.pages : list.length === 100;
	return {
		results: list.map((task) => ({
			name: `${String(task.jobName)} · ${TASK_STATUS[Number(task.status)] ?? `Status ${String(task.status)}`} (#${String(task.callJobId)})`,
			value: String(task.callJobId),
		})),
		paginationToken: more ? String(pageNum + 1) : undefined,
	};
}
