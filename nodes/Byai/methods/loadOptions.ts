import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { BUILT_IN_VARIABLES, byName, PHONE_TYPE } from '../helpers/labels';
import { Lookups } from '../actions/lookups';
import { operationRequest } from '../actions/registry';
import { ByaiClient } from '../transport';
import { currentId } from './currentId';

async function lookups(context: ILoadOptionsFunctions): Promise<{ client: ByaiClient; lookups: Lookups }> {
	const client = await ByaiClient.fromContext(context);
	return { client, lookups: new Lookups(client) };
}

function variableOptions(variables: string[]): INodePropertyOptions[] {
	return variables.map((name) => ({
		name,
		value: name,
		description: BUILT_IN_VARIABLES.includes(name) ? 'Filled by Byai from the name and phone number' : 'Needed by the script',
	}));
}

/** Caller lines of the chosen company with their type and availability. */
export async function getCallerLines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const lines = await (await lookups(this)).lookups.callerLines(currentId(this, 'companyId', 'company'));
	return lines.map((line) => ({
		name: `${String(line.phoneName ?? line.phone)} · ${PHONE_TYPE[Number(line.phoneType)] ?? `Type ${String(line.phoneType)}`}${line.useAvailable === false ? ' · Unavailable' : ''}`,
		value: Number(line.userPhoneId),
		description: `${String(line.phone)} (ID ${String(line.userPhoneId)})${line.useAvailable === false ? ': Byai reports it cannot be used now' : ''}`,
	}));
}

/** Scripts of the chosen company by robotStatus: online ones (robotStatus 1) first and marked, then the rest. */
export async function getRobotScripts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const companyId = currentId(this, 'companyId', 'company');
	const { lookups: lookup } = await lookups(this);
	const [all, online] = await Promise.all([lookup.robots(companyId, 0), lookup.robots(companyId, 1)]);
	const onlineIds = new Set(online.map((robot) => Number(robot.robotDefId)));
	const option = (robot: IDataObject, isOnline: boolean): INodePropertyOptions => ({
		name: `${String(robot.robotName)}${isOnline ? '' : ' · Not Online'}`,
		value: Number(robot.robotDefId),
		description: `ID ${String(robot.robotDefId)} · ${isOnline ? 'Online' : 'Not online'} · ${[robot.industryOneName, robot.industryTwoName].filter(Boolean).join(' / ')}`,
	});
	return [
		...all.filter((robot) => onlineIds.has(Number(robot.robotDefId))).map((robot) => option(robot, true)).sort(byName),
		...all.filter((robot) => !onlineIds.has(Number(robot.robotDefId))).map((robot) => option(robot, false)).sort(byName),
	];
}

/** Scene recordings (场景录音, the voices) of the chosen script. */
export async function getSceneRecordings(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const companyId = currentId(this, 'companyId', 'company');
	const robot = await (await lookups(this)).lookups.robot(this, companyId, currentId(this, 'robotDefId', 'robot script'));
	return (robot.sceneRecords ?? []).map((record) => ({ name: String(record.sceneRecordName), value: Number(record.sceneRecordId) }));
}

/** Variables of the chosen script (single calls). */
export async function getScriptVariables(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const companyId = currentId(this, 'companyId', 'company');
	const { lookups: lookup } = await lookups(this);
	const robot = await lookup.robot(this, companyId, currentId(this, 'robotDefId', 'robot script'));
	return variableOptions(await lookup.sceneVariables(companyId, robot.sceneDefId));
}

/** Variables of the script of the chosen task (Customer → Import). */
export async function getTaskVariables(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const companyId = currentId(this, 'companyId', 'company');
	const { lookups: lookup } = await lookups(this);
	const task = await lookup.task(companyId, currentId(this, 'taskId', 'task'));
	return variableOptions(await lookup.sceneVariables(companyId, Number(task.sceneDefId)));
}

export async function getBlacklistGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { client } = await lookups(this);
	const groups = await client.request<IDataObject[] | null>(operationRequest('blacklist', 'getGroups', { companyId: currentId(this, 'companyId', 'company') }));
	return (groups ?? []).map((group) => ({
		name: `${String(group.name)}${Number(group.blacklistInfoGroupId) === -1 ? ' (Default)' : ''}`,
		value: Number(group.blacklistInfoGroupId),
		description: String(group.remark ?? ''),
	}));
}

/** Approved SMS templates of the chosen company (the only ones a task may send). */
export async function getSmsTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { client } = await lookups(this);
	const request = operationRequest('smsTemplate', 'getAll', { companyId: currentId(this, 'companyId', 'company'), status: 2 });
	const templates = await client.all<IDataObject>(request, { pageSizeCap: 100 });
	return templates.map((template) => ({ name: String(template.name), value: Number(template.smsTemplateId), description: String(template.content ?? '') }));
}
