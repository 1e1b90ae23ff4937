import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { BUILT_IN_VARIABLES, PHONE_TYPE } from '../helpers/labels';
import { ByaiClient } from '../transport';
import { currentId } from './currentId';

async function get<T>(context: ILoadOptionsFunctions, path: string, query: IDataObject, operation: string): Promise<T> {
	const client = await ByaiClient.fromContext(context);
	return client.request<T>({ method: 'GET', path, query, operation });
}

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

export async function getCallerLines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const lines = await get<IDataObject[]>(this, '/openapi/v1/company/getPhones', { companyId: currentId(this, 'companyId', 'company') }, 'Caller Line → Get Many');
	return (lines ?? []).map((line) => ({
		name: `${String(line.phoneName ?? line.phone)} · ${PHONE_TYPE[Number(line.phoneType)] ?? `Type ${String(line.phoneType)}`}${line.useAvailable === false ? ' · Unavailable' : ''}`,
		value: Number(line.userPhoneId),
		description: `${String(line.phone)} (ID ${String(line.userPhoneId)})`,
	}));
}

export async function getRobotScripts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const robots = await get<IDataObject[]>(this, '/openapi/v1/company/getRobots', { companyId: currentId(this, 'companyId', 'company') }, 'Robot Script → Get Many');
	return (robots ?? [])
		.map((robot) => ({
			name: String(robot.robotName),
			value: Number(robot.robotDefId),
			description: `ID ${String(robot.robotDefId)} · ${[robot.industryOneName, robot.industryTwoName].filter(Boolean).join(' / ')}`,
		}))
		.sort(byName);
}

export async function getSceneRecordings(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const robotDefId = currentId(this, 'robotDefId', 'robot script');
	const robots = await get<IDataObject[]>(this, '/openapi/v1/company/getRobots', { companyId: currentId(this, 'companyId', 'company') }, 'Robot Script → Get Many');
	const robot = (robots ?? []).find((entry) => Number(entry.robotDefId) === robotDefId);
	return ((robot?.sceneRecords as IDataObject[]) ?? []).map((record) => ({ name: String(record.sceneRecordName), value: Number(record.sceneRecordId) }));
}

/** Variables of the script of the chosen task (for Customer → Import). */
export async function getTaskVariables(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const companyId = currentId(this, 'companyId', 'company');
	const task = await get<IDataObject>(this, '/openapi/v1/task/getTaskDetail', { companyId, taskId: currentId(this, 'taskId', 'task') }, 'Task → Get');
	const variables = await get<string[]>(this, '/openapi/v1/task/getSceneVariables', { companyId, sceneDefId: task.sceneDefId as number }, 'Robot Script → Get Variables');
	return (variables ?? []).map((name) => ({
		name,
		value: name,
		description: BUILT_IN_VARIABLES.includes(name) ? 'Filled by Byai from the name and phone columns' : 'Needed by the script',
	}));
}

export async function getBlacklistGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const groups = await get<IDataObject[]>(this, '/openapi/v1/company/blacklist/group/list', { companyId: currentId(this, 'companyId', 'company') }, 'Blacklist → Get Groups');
	return (groups ?? []).map((group) => ({ name: String(group.name), value: Number(group.blacklistInfoGroupId), description: String(group.remark ?? '') }));
}

export async function getSmsTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const page = await get<{ list?: IDataObject[] }>(this, '/openapi/v1/sms/template/list', { companyId: currentId(this, 'companyId', 'company'), status: 2, pageNum: 1, pageSize: 100 }, 'SMS Template → Get Many');
	return (page?.list ?? []).map((template) => ({ name: String(template.name), value: Number(template.smsTemplateId), description: String(template.content ?? '') }));
}
