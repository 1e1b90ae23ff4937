import { createHash, createHmac, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { FINISH_STATUS, gradeLetter, INTENTION_LABELS, intentionGradeOf, simplifyCallRecord, simplifyTask, TASK_STATUS } from '../Byai/helpers/labels';

export type ByaiEvent = 'callFinished' | 'intentionChanged' | 'taskStatusChanged' | 'inboundCallFinished' | 'unknown';

export const EVENT_OPTIONS: Array<{ name: string; value: ByaiEvent; description: string }> = [
	{ name: 'Call Finished', value: 'callFinished', description: 'A call of a task (or a single call) ended: outcome, intention level, transcript, recording' },
	{ name: 'Inbound Call Finished', value: 'inboundCallFinished', description: 'An inbound call answered by a robot ended' },
	{ name: 'Intention Level Changed', value: 'intentionChanged', description: 'Someone changed a call\'s intention level by hand in the Byai CRM' },
	{ name: 'Task Status Changed', value: 'taskStatusChanged', description: 'A task was paused, paused by the system, ran out of balance, or completed (must be enabled by Byai)' },
];

export interface ParsedCallback {
	dataType: string;
	data: IDataObject;
	event: ByaiEvent;
	/** The whole body, for unknown events and dedupe of them. */
	raw: IDataObject;
}

export interface MalformedCallback {
	malformed: string;
}

/** Reads the body Byai sent: JSON or text/plain (private cloud) carrying the same JSON. */
export function parseCallbackBody(raw: Buffer | string | IDataObject | undefined): ParsedCallback | MalformedCallback {
	let body: unknown = raw;
	if (Buffer.isBuffer(raw)) body = raw.toString('utf8');
	if (typeof body === 'string') {
		if (!body.trim()) return { malformed: 'the body is empty' };
		try {
			body = JSON.parse(body);
		} catch {
			return { malformed: 'the body is not JSON' };
		}
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return { malformed: 'the body is not a JSON object' };
	const envelope = body as IDataObject;
	const wrapper = envelope.data as IDataObject | undefined;
	if (!wrapper || typeof wrapper !== 'object') return { malformed: 'the body has no "data" object' };
	// Byai's first 2018 call-record callbacks had no dataType wrapper: data was the record itself.
	if (wrapper.dataType === undefined && wrapper.sceneInstance) {
		return { dataType: 'CALL_INSTANCE_RESULT', data: wrapper, event: 'callFinished', raw: envelope };
	}
	const dataType = typeof wrapper.dataType === 'string' ? wrapper.dataType : typeof wrapper.callbackType === 'string' ? wrapper.callbackType : undefined;
	if (!dataType) return { malformed: '"data.dataType" is missing' };
	const data = wrapper.data && typeof wrapper.data === 'object' ? (wrapper.data as IDataObject) : {};
	return { dataType, data, event: classify(dataType, data), raw: envelope };
}

function classify(dataType: string, data: IDataObject): ByaiEvent {
	switch (dataType) {
		case 'CALL_INSTANCE_RESULT':
			// The manual intention change reuses this dataType and carries only taskResult.
			return data.sceneInstance ? 'callFinished' : 'intentionChanged';
		case 'JOB_INFO_RESULT':
			return 'taskStatusChanged';
		case 'INBOUND_CALL_INSTANCE_RESULT':
			return 'inboundCallFinished';
		default:
			return 'unknown';
	}
}

/** One output record per call, task or intention change, with labels when simplified. */
export function callbackRecords(callback: ParsedCallback, simplify: boolean): IDataObject[] {
	const { event, dataType, data } = callback;
	const base = { event, dataType };
	switch (event) {
		case 'callFinished':
		case 'inboundCallFinished':
			return [{ ...base, ...(simplify ? simplifyCallRecord(data) : data) }];
		case 'taskStatusChanged':
			return [{ ...base, ...(simplify ? simplifyTask(data) : data) }];
		case 'intentionChanged':
			return ((data.taskResult as IDataObject[]) ?? []).map((row) => {
				if (!simplify) return { ...base, ...row };
				const grade = gradeLetter(row.resultValue);
				return {
					...base,
					callInstanceId: row.sceneInstanceId,
					companyId: row.companyId,
					intentionGrade: grade,
					intentionLabel: grade ? INTENTION_LABELS[grade].meaning : undefined,
					...row,
				};
			});
		default:
			return [{ ...base, ...callback.raw }];
	}
}

/** What identifies a delivery, so a retried one is recognised. */
export function dedupeKey(callback: ParsedCallback, record: IDataObject): string {
	const call = (callback.data.sceneInstance as IDataObject | undefined) ?? {};
	switch (callback.event) {
		case 'callFinished':
			return `call:${String(call.callInstanceId)}:${String(call.finishStatus)}:${String(call.secondaryCallTimes ?? '')}`;
		case 'inboundCallFinished':
			return `inbound:${String(call.inboundInstanceId)}`;
		case 'intentionChanged':
			return `intention:${String(record.sceneInstanceId ?? record.callInstanceId)}:${String(record.resultValue)}`;
		case 'taskStatusChanged':
			return `task:${String(callback.data.callJobId)}:${String(callback.data.status)}:${String(callback.data.gmtModified ?? '')}`;
		default:
			return `unknown:${createHash('sha1').update(JSON.stringify(callback.raw)).digest('base64')}`;
	}
}

export interface CallbackFilters {
	companyIds?: number[];
	taskIds?: number[];
	finishStatuses?: number[];
	intentionGrades?: string[];
	taskStatuses?: number[];
	minDuration?: number;
}

/** Whether a record passes the user's filters; filters only apply to events that carry the field. */
export function passesFilters(callback: ParsedCallback, record: IDataObject, filters: CallbackFilters): boolean {
	const call = (callback.data.sceneInstance as IDataObject | undefined) ?? {};
	const isCall = callback.event === 'callFinished' || callback.event === 'inboundCallFinished';
	const companyId = Number(call.companyId ?? callback.data.companyId ?? record.companyId);
	const taskId = Number(call.callJobId ?? callback.data.callJobId);
	if (filters.companyIds?.length && !filters.companyIds.includes(companyId)) return false;
	if (filters.taskIds?.length && callback.event !== 'intentionChanged' && !filters.taskIds.includes(taskId)) return false;
	if (isCall && filters.finishStatuses?.length && !filters.finishStatuses.includes(Number(call.finishStatus))) return false;
	if (isCall && filters.minDuration && Number(call.duration ?? 0) < filters.minDuration) return false;
	if (filters.intentionGrades?.length && (isCall || callback.event === 'intentionChanged')) {
		const grade = isCall ? intentionGradeOf(callback.data.taskResult) : gradeLetter(record.resultValue);
		if (!grade || !filters.intentionGrades.includes(grade)) return false;
	}
	if (callback.event === 'taskStatusChanged' && filters.taskStatuses?.length && !filters.taskStatuses.includes(Number(callback.data.status))) return false;
	return true;
}

/**
 * Byai's optional callback signature. Byai never documented the algorithm; by analogy with request
 * signing this checks Base64(HMAC-SHA1(APP_SECRET, APP_KEY + "\n" + dateTime)).
 */
export function callbackSignatureValid(data: IDataObject, appKey: string, appSecret: string): boolean {
	const expected = createHmac('sha1', appSecret).update(`${appKey}\n${String(data.dateTime)}`, 'utf8').digest();
	const given = Buffer.from(String(data.sign), 'base64');
	return given.length === expected.length && timingSafeEqual(given, expected);
}

export const FINISH_STATUS_OPTIONS = Object.entries(FINISH_STATUS).map(([value, name]) => ({ name, value: Number(value) })).sort((a, b) => a.name.localeCompare(b.name));
export const TASK_STATUS_OPTIONS = Object.entries(TASK_STATUS).map(([value, name]) => ({ name, value: Number(value) })).sort((a, b) => a.name.localeCompare(b.name));
