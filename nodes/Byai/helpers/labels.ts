import type { IDataObject } from 'n8n-workflow';

/** Byai's enumerations (sandbox/byai-api/README.md, section 7), with English labels for output and dropdowns. */

export const TASK_STATUS: Record<number, string> = {
	0: 'Not Started',
	1: 'Running',
	2: 'Completed',
	3: 'Starting',
	4: 'Paused by User',
	5: 'Paused by System',
	6: 'Terminated',
	7: 'Queued for AI Seats',
	8: 'AI Seats Expired',
	9: 'Balance Insufficient',
	10: 'SMS Balance Insufficient',
};

export const FINISH_STATUS: Record<number, string> = {
	0: 'Answered',
	1: 'Rejected',
	2: 'Unreachable',
	3: 'Caller Line Unavailable',
	4: 'Empty Number',
	5: 'Switched Off',
	6: 'Busy',
	7: 'Suspended',
	8: 'Not Picked Up',
	9: 'Caller in Arrears',
	10: 'Call Loss',
	11: 'Blacklisted',
	22: 'Line Blind Zone',
};

/** finishStatus codes a re-dial rule accepts. */
export const REDIAL_FINISH_STATUSES = [2, 3, 5, 6, 7, 9, 10];

export const PHONE_TYPE: Record<number, string> = {
	0: 'Mobile',
	1: 'Landline',
	2: 'No Caller ID',
	6: 'SIP',
};

export const TASK_TYPE: Record<number, string> = { 1: 'Scheduled', 2: 'Manual' };

export const CALL_STATUS: Record<number, string> = {
	0: 'Not Started',
	1: 'In Progress',
	2: 'Finished',
	3: 'Waiting for Re-Dial',
};

export const INTENTION_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type IntentionGrade = (typeof INTENTION_GRADES)[number];

/** Both label sets Byai uses for intention grades; labels are configurable, so always match on the letter. */
export const INTENTION_LABELS: Record<IntentionGrade, { meaning: string; older: string; crm: string }> = {
	A: { meaning: 'Explicit Interest', older: 'A级(较强)', crm: 'A级(有明确意向)' },
	B: { meaning: 'Possible Interest', older: 'B级(一般)', crm: 'B级(可能有意向)' },
	C: { meaning: 'Explicit Refusal', older: 'C级(很少)', crm: 'C级(明确拒绝)' },
	D: { meaning: 'Customer Busy', older: 'D级(需筛选)', crm: 'D级(用户忙)' },
	E: { meaning: 'Call Failed', older: 'E级(需要再次跟进)', crm: 'E级(拨打失败)' },
	F: { meaning: 'Invalid Customer', older: 'F级(无效客户)', crm: 'F级(无效客户)' },
};

/** Orders dropdown options by their label. */
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** Dropdown options from one of Byai's code → label tables, sorted by label. */
export function enumOptions(labels: Record<number, string>): Array<{ name: string; value: number }> {
	return Object.entries(labels)
		.map(([value, name]) => ({ name, value: Number(value) }))
		.sort(byName);
}

/** Dropdown options for the intention grades, e.g. "A – …". */
export const INTENTION_GRADE_OPTIONS = INTENTION_GRADES.map((grade) => ({ name: `${grade} – ${INTENTION_LABELS[grade].meaning}`, value: grade }));

export const INTENTION_RESULT_NAME = '客户意向等级';

/** Script variables Byai fills itself from the customer's name and number. */
export const BUILT_IN_VARIABLES = ['客户名称', '联系方式'];

/** "A", "a", "A级(较强)" or "A级(有明确意向)" → "A". */
export function gradeLetter(value: unknown): IntentionGrade | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^\s*([A-Fa-f])(?:\s*级|\s*$)/.exec(value);
	return match ? (match[1].toUpperCase() as IntentionGrade) : undefined;
}

/** The intention grade of a call from its `taskResult[]`, preferring a manual correction. */
export function intentionGradeOf(taskResult: unknown): IntentionGrade | undefined {
	if (!Array.isArray(taskResult)) return undefined;
	const row = (taskResult as IDataObject[]).find((result) => result?.resultName === INTENTION_RESULT_NAME);
	if (!row) return undefined;
	return (
		gradeLetter(row.artificialResultValue) ??
		gradeLetter(row.resultValueAlias) ??
		gradeLetter(row.resultValueNew) ??
		gradeLetter(row.resultValue)
	);
}

/** `properties` arrives as a JSON string; unparsable text is kept as it is rather than dropped. */
export function parseJsonObject(value: unknown): unknown {
	if (typeof value !== 'string' || !value.trim()) return value;
	try {
		const parsed = JSON.parse(value);
		return parsed && typeof parsed === 'object' ? parsed : value;
	} catch {
		return value;
	}
}

/** Dialogue lines as "AI: …" / "Customer: …" text. */
export function transcriptText(phoneLogs: unknown): string {
	if (!Array.isArray(phoneLogs)) return '';
	return (phoneLogs as IDataObject[])
		.filter((line) => line && typeof line.content === 'string' && line.content !== '')
		.map((line) => `${line.speaker === 'AI' ? 'AI' : 'Customer'}: ${line.content as string}`)
		.join('\n');
}

function withLabel(record: IDataObject, key: string, labels: Record<number, string>): void {
	const code = record[key];
	if (code === undefined || code === null || code === '') return;
	record[`${key}Label`] = labels[Number(code)] ?? `Unknown (${String(code)})`;
}

/** A copy of the record with `<key>Label` beside each coded field. */
function labelled(record: IDataObject, fields: Record<string, Record<number, string>>): IDataObject {
	const result = { ...record };
	for (const [key, labels] of Object.entries(fields)) withLabel(result, key, labels);
	return result;
}

/** A task row (getTasks, getTaskDetail, task-status callback) with readable labels. */
export function simplifyTask(task: IDataObject): IDataObject {
	return labelled(task, { status: TASK_STATUS, jobType: TASK_TYPE, callType: PHONE_TYPE });
}

/** A call row (done calls, not dialled, sceneInstance of a callback) with readable labels. */
export function simplifyCall(call: IDataObject): IDataObject {
	const result = { ...call };
	withLabel(result, 'status', CALL_STATUS);
	withLabel(result, 'finishStatus', FINISH_STATUS);
	if ('properties' in result) result.properties = parseJsonObject(result.properties) as IDataObject;
	if (typeof result.duration === 'string' && /^\d+/.test(result.duration)) {
		// queryDoneTaskPhones sends "27" or "27秒"; everywhere else it is integer seconds.
		result.duration = parseInt(result.duration, 10);
	}
	const grade = intentionGradeOf(result.resultList ?? result.taskResult);
	if (grade) {
		result.intentionGrade = grade;
		result.intentionLabel = INTENTION_LABELS[grade].meaning;
	}
	return result;
}

/** Analysis rows (taskResult, resultList) as dimension → value, a manual correction first. */
export function analysisOf(rows: IDataObject[]): IDataObject {
	return Object.fromEntries(
		rows
			.filter((row) => typeof row?.resultName === 'string')
			.map((row) => [row.resultName as string, (row.artificialResultValue ?? row.resultValueNew ?? row.resultValue) as string]),
	);
}

/**
 * A full call record (phoneLogInfo or a call-record callback): the call's fields flattened on top,
 * plus intention grade, tags and a plain-text transcript.
 */
export function simplifyCallRecord(record: IDataObject): IDataObject {
	const sceneInstance = (record.sceneInstance as IDataObject | undefined) ?? {};
	const phoneLog = (record.phoneLog as IDataObject | undefined) ?? {};
	const taskResult = Array.isArray(record.taskResult) ? (record.taskResult as IDataObject[]) : [];
	const result: IDataObject = { ...simplifyCall(sceneInstance) };
	const grade = intentionGradeOf(taskResult);
	if (grade) {
		result.intentionGrade = grade;
		result.intentionLabel = INTENTION_LABELS[grade].meaning;
	}
	result.analysis = analysisOf(taskResult);
	result.transcript = transcriptText(phoneLog.phoneLogs);
	if (phoneLog.luyinOssUrl && !result.luyinOssUrl) result.luyinOssUrl = phoneLog.luyinOssUrl;
	for (const key of Object.keys(record)) {
		if (!['sceneInstance', 'phoneLog', 'taskResult'].includes(key) && !(key in result)) result[key] = record[key];
	}
	result.taskResult = taskResult;
	result.phoneLogs = Array.isArray(phoneLog.phoneLogs) ? phoneLog.phoneLogs : [];
	return result;
}

// ---- added for the Byai node (additive; existing exports unchanged) --------------------------------

/** getRobots `robotStatus` filter. */
export const ROBOT_STATUS: Record<number, string> = { 0: 'All Scripts', 1: 'Online Only', 2: 'Ever Published' };

export const SMS_TEMPLATE_STATUS: Record<number, string> = { 1: 'Under Review', 2: 'Approved', 3: 'Rejected' };
export const SMS_TEMPLATE_TYPE: Record<number, string> = { 1: 'Notification', 2: 'Marketing', 3: 'Verification Code', 4: 'Financial' };

/** A caller line (getPhones) with its type in words. */
export function simplifyCallerLine(line: IDataObject): IDataObject {
	return labelled(line, { phoneType: PHONE_TYPE });
}

/** An SMS template with its audit status and type in words. */
export function simplifySmsTemplate(template: IDataObject): IDataObject {
	return labelled(template, { status: SMS_TEMPLATE_STATUS, type: SMS_TEMPLATE_TYPE });
}
