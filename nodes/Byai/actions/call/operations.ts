import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { INTENTION_RESULT_NAME, simplifyCall, simplifyCallRecord } from '../../helpers/labels';
import type { IntentionGrade } from '../../helpers/labels';
import { checkRange } from '../../helpers/validation';
import { idParam, longIdParam, pairs, param, phoneParam } from '../common';
import type { OperationDefinition, RunContext } from '../types';

const RANGES = [
	['durationLeft', 'durationRight', 'Duration (Seconds)'],
	['chatRoundLeft', 'chatRoundRight', 'Chat Rounds'],
] as const;

/** queryDoneTaskPhones filters from the typed fields; checked before anything is sent. */
async function doneCallFilters(context: IExecuteFunctions, itemIndex: number, { lookups }: RunContext): Promise<IDataObject> {
	const node = context.getNode();
	const taskId = idParam(context, 'taskId', 'Task', itemIndex);
	const filters = param<IDataObject>(context, 'filters', itemIndex, {});
	const body: IDataObject = { callJobId: taskId };
	for (const [low, high, label] of RANGES) {
		for (const [field, bound] of [[low, 'Min'], [high, 'Max']]) {
			if (filters[field] !== undefined) body[field] = checkRange(node, itemIndex, `Filters: ${bound} ${label}`, filters[field], 0, 1_000_000);
		}
		if (body[low] !== undefined && body[high] !== undefined && (body[low] as number) > (body[high] as number)) {
			throw new NodeOperationError(node, `Filters: Min ${label} (${String(body[low])}) is greater than Max ${label} (${String(body[high])})`, { itemIndex });
		}
	}
	if (filters.finishStatus !== undefined) body.finishStatus = Number(filters.finishStatus);
	const results: IDataObject[] = pairs(filters.analysisResults as IDataObject, 'result').map(([name, value]) => ({ name, value: String(value ?? '') }));
	if (filters.intentionGrade) {
		const companyId = idParam(context, 'companyId', 'Company', itemIndex);
		// Byai filters on the label text and two label sets exist (A级(较强) in the docs' example, A级(有明确意向) in
		// the CRM); the task's own resultDefs say which one it uses, else the docs' (older, majority) label is sent.
		const value = await lookups.intentionLabel(companyId, taskId, filters.intentionGrade as IntentionGrade, itemIndex);
		results.unshift({ name: INTENTION_RESULT_NAME, value });
	}
	if (results.length) body.resultQueryList = results;
	return body;
}

/** companyId, phone, script (with its scene), recording and variables of a single call; the recording must be the script's. */
async function singleCall(context: IExecuteFunctions, itemIndex: number, { lookups }: RunContext): Promise<IDataObject> {
	const companyId = idParam(context, 'companyId', 'Company', itemIndex);
	const mobile = phoneParam(context, 'mobile', 'Phone Number', itemIndex);
	const robotDefId = idParam(context, 'robotDefId', 'Robot Script', itemIndex);
	const sceneRecordId = idParam(context, 'sceneRecordId', 'Scene Recording', itemIndex);
	// Byai wants the key even without variables (docs 2019-01-08).
	const variables = Object.fromEntries(pairs(param<IDataObject>(context, 'variables', itemIndex, {}), 'variable').map(([name, value]) => [name, String(value ?? '')]));
	const robot = await lookups.robot(context, companyId, robotDefId, itemIndex);
	if (!(robot.sceneRecords ?? []).some((record) => Number(record.sceneRecordId) === sceneRecordId)) {
		throw new NodeOperationError(context.getNode(), `Scene Recording: ${sceneRecordId} is not a recording of robot script ${robotDefId}`, {
			itemIndex,
			description: `Recordings of "${robot.robotName}": ${(robot.sceneRecords ?? []).map((record) => `${record.sceneRecordName} (${record.sceneRecordId})`).join(', ') || 'none'}`,
		});
	}
	return { companyId, mobile, robotDefId, sceneDefId: robot.sceneDefId, sceneRecordId, variables };
}

export const operations: Record<string, OperationDefinition> = {
	getAll: {
		name: 'Get Many',
		action: 'Get many finished calls',
		description: 'List the finished calls of a task (taskId): callInstanceId, customer name and number, outcome (finishStatus with a label), duration in seconds, dialogue rounds, intention level A–F, start and end time (China time); filter by outcome, duration, rounds or intention level',
		method: 'POST',
		path: '/openapi/v1/task/queryDoneTaskPhones',
		pageSizeCap: 50,
		params(itemIndex, run) {
			return doneCallFilters(this, itemIndex, run);
		},
		simplify: simplifyCall,
	},
	get: {
		name: 'Get',
		action: 'Get a call',
		description: 'Get one call by its callInstanceId: the transcript as "AI: …" / "Customer: …" lines, the intention level (A explicit interest, B possible, C refusal, D busy, E call failed, F invalid), other analysis results, outcome, duration in seconds, recording URL, times in China time',
		method: 'GET',
		path: '/openapi/v1/task/phoneLogInfo',
		params(itemIndex) {
			return { callInstanceId: longIdParam(this, 'callInstanceId', 'Call ID', itemIndex) };
		},
		simplify: simplifyCallRecord,
	},
	callCustomer: {
		name: 'Call Customer',
		action: 'Call an existing customer',
		deprecated: 'Removed from Byai\'s docs on 2019-06-26; it may still answer for old integrations. Prefer a task.',
		description: 'Places a real phone call right away: the robot calls an existing CRM customer. The result arrives by callback.',
		method: 'POST',
		path: '/openapi/v1/task/call',
		async params(itemIndex, run) {
			// The scene ids were required for most of this endpoint's documented life (2018-07 .. 2019-06), so they are sent.
			return { customerId: idParam(this, 'customerId', 'Customer ID', itemIndex), ...(await singleCall(this, itemIndex, run)) };
		},
		output: (_data, params) => ({ success: true, customerId: params.customerId, mobile: params.mobile }),
	},
	callNumber: {
		name: 'Call Number',
		action: 'Call a phone number',
		deprecated: 'Removed from Byai\'s docs on 2020-01-16; it may still answer for old integrations. Prefer a task.',
		description: 'Places a real phone call right away: the robot calls the number with the chosen script. Returns the call ID; the result arrives by callback.',
		method: 'POST',
		path: '/openapi/v1/task/singleCallByMobile',
		async params(itemIndex, run) {
			const userName = String(param(this, 'userName', itemIndex, '') ?? '').trim();
			return { ...(await singleCall(this, itemIndex, run)), ...(userName ? { userName } : {}) };
		},
		output: (data, params) => ({ callInstanceId: data as number, mobile: params.mobile }),
	},
};
