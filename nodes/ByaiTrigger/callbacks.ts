// Byai's callback bodies: reading, parsing, classifying and turning them into output records.
// Contract: sandbox/byai-api/callbacks.json (envelope {code, data: {dataType, data}, resultMsg}).
import type { IDataObject } from 'n8n-workflow';

import { parseJsonKeepingLongs } from '../Byai/helpers/json';
import { gradeLetter, INTENTION_LABELS, intentionGradeOf, simplifyCallRecord, simplifyTask } from '../Byai/helpers/labels';

export type ByaiEvent = 'callFinished' | 'intentionChanged' | 'taskStatusChanged' | 'inboundCallFinished' | 'unknown';

export const EVENT_OPTIONS: Array<{ name: string; value: Exclude<ByaiEvent, 'unknown'>; description: string }> = [
	{ name: 'Call Finished', value: 'callFinished', description: 'A call of a task ended, answered or not: outcome, intention level, transcript, recording' },
	{ name: 'Inbound Call Finished', value: 'inboundCallFinished', description: 'An inbound call answered by a robot ended' },
	{ name: 'Intention Level Changed', value: 'intentionChanged', description: "Someone changed a call's intention level by hand in the Byai CRM" },
	{ name: 'Task Status Changed', value: 'taskStatusChanged', description: 'A task was paused, paused by the system, ran out of balance or completed (Byai must enable task callbacks)' },
];

export const ALL_EVENTS = EVENT_OPTIONS.map((option) => option.value);

export interface ParsedCallback {
	/** `data.dataType` as sent (CALL_INSTANCE_RESULT for the 2018 body without the wrapper). */
	dataType: string;
	event: ByaiEvent;
	/** `data.data` exactly as sent: what Simplify off returns. */
	data: IDataObject;
	/** The call record or task in the documented shape (successor-platform field names mapped), for labels, filters and dedupe. */
	normalized: IDataObject;
	/** The whole body, for unknown events. */
	envelope: IDataObject;
}

export interface MalformedCallback {
	malformed: string;
}

const isObject = (value: unknown): value is IDataObject => !!value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);

/**
 * The body as text when n8n kept it (it keeps the raw bytes for every content type), else what n8n parsed.
 * Byai's private cloud sends text/plain, the public cloud application/json; both carry the same JSON text.
 */
export async function readCallbackBody(request: unknown): Promise<string | IDataObject | undefined> {
	const req = request as { rawBody?: unknown; body?: unknown; readRawBody?: () => Promise<void> };
	const parsed = req.body;
	const bodyIsEmpty = parsed === undefined || parsed === null || (isObject(parsed) && Object.keys(parsed).length === 0);
	if (req.rawBody === undefined && bodyIsEmpty && typeof req.readRawBody === 'function') {
		// n8n reads the stream lazily; a content type it does not parse can leave it unread.
		await req.readRawBody();
	}
	if (Buffer.isBuffer(req.rawBody) && req.rawBody.length) return req.rawBody.toString('utf8');
	if (typeof req.rawBody === 'string' && req.rawBody) return req.rawBody;
	if (Buffer.isBuffer(parsed)) return parsed.toString('utf8');
	if (typeof parsed === 'string') return parsed;
	return isObject(parsed) ? parsed : undefined;
}

/** Parses and classifies a callback body; anything that is not a Byai envelope is malformed. */
export function parseCallback(body: string | IDataObject | undefined): ParsedCallback | MalformedCallback {
	let envelope: unknown = body;
	if (body === undefined) return { malformed: 'the body is empty' };
	if (typeof body === 'string') {
		if (!body.trim()) return { malformed: 'the body is empty' };
		try {
			envelope = parseJsonKeepingLongs(body);
		} catch {
			return { malformed: 'the body is not JSON' };
		}
	}
	if (!isObject(envelope)) return { malformed: 'the body is not a JSON object' };
	const wrapper = envelope.data;
	if (!isObject(wrapper)) return { malformed: 'the body has no "data" object' };

	// The first call-record sample (2018-12) had no dataType wrapper: data was the record itself.
	if (wrapper.dataType === undefined && wrapper.callbackType === undefined && (isObject(wrapper.sceneInstance) || isObject(wrapper.phoneLog))) {
		return classify('CALL_INSTANCE_RESULT', wrapper, envelope);
	}
	// The successor platform names the discriminator callbackType (dataType kept as an alias).
	const dataType = wrapper.dataType ?? wrapper.callbackType;
	if (typeof dataType !== 'string' || !dataType) return { malformed: '"data.dataType" is missing' };
	const data = wrapper.data;
	if (KNOWN_DATA_TYPES.includes(dataType) && !isObject(data)) return { malformed: `"data.data" of ${dataType} is not an object` };
	return classify(dataType, isObject(data) ? data : {}, envelope);
}

const KNOWN_DATA_TYPES = ['CALL_INSTANCE_RESULT', 'JOB_INFO_RESULT', 'INBOUND_CALL_INSTANCE_RESULT'];

function classify(dataType: string, data: IDataObject, envelope: IDataObject): ParsedCallback {
	const result = (event: ByaiEvent, normalized: IDataObject = data): ParsedCallback => ({ dataType, event, data, normalized, envelope });
	switch (dataType) {
		case 'CALL_INSTANCE_RESULT': {
			const call = normalizeCallRecord(data);
			if (call) return result('callFinished', call);
			// The manual intention change reuses this dataType and carries only taskResult[]
			// (its first 2018 draft was one flat row).
			if (Array.isArray(data.taskResult) || (data.sceneInstanceId !== undefined && data.resultValue !== undefined)) return result('intentionChanged');
			return result('unknown');
		}
		case 'INBOUND_CALL_INSTANCE_RESULT':
			return isObject(data.sceneInstance) ? result('inboundCallFinished') : result('unknown');
		case 'JOB_INFO_RESULT':
			if (data.callJobId === undefined) return result('unknown');
			// Successor platform: callJobStatus instead of status.
			return result('taskStatusChanged', data.status === undefined && data.callJobStatus !== undefined ? { ...data, status: data.callJobStatus } : data);
		default:
			return result('unknown');
	}
}

/** A call record in the documented shape; the successor platform's {callInstance, phoneLogs[]} is mapped onto it. */
function normalizeCallRecord(data: IDataObject): IDataObject | undefined {
	if (isObject(data.sceneInstance)) return data;
	if (!isObject(data.callInstance)) return undefined;
	const { callInstance, phoneLogs, ...rest } = data;
	const sceneInstance = { ...callInstance } as IDataObject;
	if (sceneInstance.status === undefined && sceneInstance.callInstanceStatus !== undefined) sceneInstance.status = sceneInstance.callInstanceStatus;
	return { ...rest, sceneInstance, phoneLog: isObject(data.phoneLog) ? data.phoneLog : { phoneLogs: Array.isArray(phoneLogs) ? phoneLogs : [] } };
}

/** The rows of an intention change (one per call whose level changed). */
function intentionRows(callback: ParsedCallback): IDataObject[] {
	const { data } = callback;
	if (Array.isArray(data.taskResult)) return (data.taskResult as unknown[]).filter(isObject);
	return [data];
}

/** The call (sceneInstance) of a call-record callback. */
export const callOf = (callback: ParsedCallback): IDataObject => (callback.normalized.sceneInstance as IDataObject | undefined) ?? {};

/** What one output item is made of: a call, a task, or one row of an intention change. */
export interface CallbackRecord {
	callback: ParsedCallback;
	/** For intention changes: the row. */
	row?: IDataObject;
}

export function callbackRecords(callback: ParsedCallback): CallbackRecord[] {
	return callback.event === 'intentionChanged' ? intentionRows(callback).map((row) => ({ callback, row })) : [{ callback }];
}

/**
 * The output item: labels, parsed properties and a transcript when simplified; Byai's payload as is otherwise.
 * `dedupe` (the record's dedupe fields) follows event and dataType.
 */
export function recordJson({ callback, row }: CallbackRecord, simplify: boolean, dedupe: IDataObject): IDataObject {
	const { event, dataType } = callback;
	const head = { event, dataType, ...dedupe };
	switch (event) {
		case 'callFinished':
		case 'inboundCallFinished':
			return { ...head, ...(simplify ? simplifyCallRecord(callback.normalized) : callback.data) };
		case 'taskStatusChanged':
			return { ...head, ...(simplify ? simplifyTask(callback.normalized) : callback.data) };
		case 'intentionChanged': {
			const current = row ?? {};
			if (!simplify) return { ...head, ...current };
			const grade = rowGrade(current);
			return { ...head, callInstanceId: current.sceneInstanceId, intentionGrade: grade, intentionLabel: grade ? INTENTION_LABELS[grade].meaning : undefined, ...current };
		}
		default:
			return { ...head, ...callback.envelope };
	}
}

/** The new level of an intention-change row: the bare letter, or a label in the first 2018 draft. */
export const rowGrade = (row: IDataObject) => gradeLetter(row.resultValue) ?? gradeLetter(row.artificialResultValue);

export interface CallbackFilters {
	companyIds: string[];
	taskIds: string[];
	finishStatuses: number[];
	intentionGrades: string[];
	taskStatuses: number[];
	minDuration: number;
}

const sameId = (ids: string[], value: unknown) => value !== undefined && value !== null && ids.includes(String(value).trim());

/**
 * Whether a record passes the filters. A filter applies to the events that carry its field: outcome,
 * duration and level to calls (level also to intention changes), task statuses to task events, task IDs
 * to calls and task events (an intention change names no task, so it is not filtered by task).
 */
export function passesFilters({ callback, row }: CallbackRecord, filters: CallbackFilters): boolean {
	const { event } = callback;
	const isCall = event === 'callFinished' || event === 'inboundCallFinished';
	const subject = isCall ? callOf(callback) : event === 'intentionChanged' ? (row ?? {}) : callback.normalized;
	if (filters.companyIds.length && !sameId(filters.companyIds, subject.companyId)) return false;
	if (filters.taskIds.length && event !== 'intentionChanged' && !sameId(filters.taskIds, subject.callJobId)) return false;
	if (isCall) {
		if (filters.finishStatuses.length && !filters.finishStatuses.includes(Number(subject.finishStatus))) return false;
		if (filters.minDuration > 0 && (parseInt(String(subject.duration ?? 0), 10) || 0) < filters.minDuration) return false;
	}
	if (filters.intentionGrades.length && (isCall || event === 'intentionChanged')) {
		// Inbound records may carry the level only as sceneInstance.userLevel.
		const grade = isCall ? (intentionGradeOf(callback.normalized.taskResult) ?? gradeLetter(subject.userLevel)) : rowGrade(subject);
		if (!grade || !filters.intentionGrades.includes(grade)) return false;
	}
	if (event === 'taskStatusChanged' && filters.taskStatuses.length && !filters.taskStatuses.includes(Number(subject.status))) return false;
	return true;
}
