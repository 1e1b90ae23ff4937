import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FINISH_STATUS, REDIAL_FINISH_STATUSES } from './labels';

/** Byai works in China time; dates are computed there whatever the n8n server's time zone is. */
export const BYAI_TIME_ZONE = 'Asia/Shanghai';
export const CALLING_WINDOW = { start: '09:00', end: '20:00' };
export const MAX_IMPORT_CHUNK = 10_000;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function fail(node: INode, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(node, message, { itemIndex, description });
}

/**
 * A date/time parameter as a luxon DateTime in China time. A value with an offset or `Z` (an expression such as
 * `{{ $now }}`) is converted; a value without one (what n8n's date picker gives) is read as China wall-clock
 * time, so the n8n server's own time zone never shifts the day.
 */
export function chinaTime(value: unknown): DateTime | undefined {
	if (DateTime.isDateTime(value)) return value.isValid ? value.setZone(BYAI_TIME_ZONE) : undefined;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : DateTime.fromJSDate(value).setZone(BYAI_TIME_ZONE);
	if (typeof value === 'number') return DateTime.fromMillis(value).setZone(BYAI_TIME_ZONE);
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	const options = { zone: BYAI_TIME_ZONE, setZone: true };
	const parsed = DateTime.fromISO(text, options);
	const sql = parsed.isValid ? parsed : DateTime.fromSQL(text, options);
	return sql.isValid ? sql.setZone(BYAI_TIME_ZONE) : undefined;
}

function chinaFormat(node: INode, itemIndex: number, field: string, value: unknown, format: string, expected: string): string {
	const time = chinaTime(value);
	if (!time) fail(node, itemIndex, `${field} must be ${expected}, got ${JSON.stringify(typeof value === 'string' ? value : String(value ?? ''))}`);
	return time.toFormat(format);
}

/** 'yyyy-MM-dd' in China time from an n8n date (see chinaTime). */
export function chinaDate(node: INode, itemIndex: number, field: string, value: unknown): string {
	return chinaFormat(node, itemIndex, field, value, 'yyyy-MM-dd', 'a date (yyyy-MM-dd)');
}

/** 'yyyy-MM-dd HH:mm:ss' in China time from an n8n date (see chinaTime). */
export function chinaDateTime(node: INode, itemIndex: number, field: string, value: unknown): string {
	return chinaFormat(node, itemIndex, field, value, 'yyyy-MM-dd HH:mm:ss', 'a date and time');
}

export function checkTime(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (!TIME.test(text)) fail(node, itemIndex, `${field} must be a time as HH:mm (00:00–23:59), got "${text}"`);
	return text;
}

const SCHEDULE_FIELDS = [
	['workingStartTime', 'Calling Window Start'],
	['workingEndTime', 'Calling Window End'],
	['breakStartTime', 'Break Start'],
	['breakEndTime', 'Break End'],
] as const;

/** A task's current times ('HH:mm' or 'HH:mm:ss' from Byai) as 'HH:mm', for checking an update against them. */
export function currentSchedule(task: IDataObject | undefined): IDataObject {
	const times: IDataObject = {};
	for (const [field] of SCHEDULE_FIELDS) {
		const value = task?.[field];
		if (typeof value === 'string' && /^\d{2}:\d{2}/.test(value)) times[field] = value.slice(0, 5);
	}
	return times;
}

/**
 * The calling window must lie within 09:00–20:00 (Byai dials phones only then) and a break inside it.
 * `current` holds a task's present times (update): fields not given keep them and are checked with the new ones.
 * Returns only the times given, to send.
 */
export function checkSchedule(node: INode, itemIndex: number, fields: IDataObject, current: IDataObject = {}): IDataObject {
	const times: IDataObject = {};
	for (const [field, label] of SCHEDULE_FIELDS) {
		if (fields[field] !== undefined && fields[field] !== '') times[field] = checkTime(node, itemIndex, label, fields[field]);
	}
	const merged = { ...current, ...times };
	const start = (merged.workingStartTime as string) ?? CALLING_WINDOW.start;
	const end = (merged.workingEndTime as string) ?? CALLING_WINDOW.end;
	if (start < CALLING_WINDOW.start || end > CALLING_WINDOW.end || start >= end) {
		fail(
			node,
			itemIndex,
			`Calling Window Start/End: ${start}–${end} is not allowed; the window must lie within ${CALLING_WINDOW.start}–${CALLING_WINDOW.end} and start before it ends`,
			'Byai dials phone numbers only between 09:00 and 20:00 China time (Asia/Shanghai).',
		);
	}
	if ((times.breakStartTime === undefined) !== (times.breakEndTime === undefined)) {
		fail(node, itemIndex, 'Break Start and Break End must be set together (HH:mm, inside the calling window)');
	}
	const breakStart = merged.breakStartTime as string | undefined;
	const breakEnd = merged.breakEndTime as string | undefined;
	if (breakStart !== undefined && breakEnd !== undefined && (breakStart < start || breakEnd > end || breakStart >= breakEnd)) {
		fail(node, itemIndex, `Break Start/End: ${breakStart}–${breakEnd} must lie inside the calling window ${start}–${end} and start before it ends`);
	}
	return times;
}

export function checkRedialRules(node: INode, itemIndex: number, rules: IDataObject[]): IDataObject[] {
	const allowed = REDIAL_FINISH_STATUSES.map((code) => `${code} (${FINISH_STATUS[code]})`).join(', ');
	return rules.map((rule, index) => {
		const label = `Re-Dial Rules, rule ${index + 1}`;
		const phoneStatus = Number(rule.finishStatus);
		const times = Number(rule.times);
		const interval = Number(rule.interval);
		if (!REDIAL_FINISH_STATUSES.includes(phoneStatus)) {
			fail(node, itemIndex, `${label}: call outcome ${JSON.stringify(rule.finishStatus)} cannot be re-dialled; allowed outcomes are ${allowed}`);
		}
		if (!Number.isInteger(times) || times < 1 || times > 5) fail(node, itemIndex, `${label}: Times must be a whole number from 1 to 5, got ${JSON.stringify(rule.times)}`);
		if (!Number.isInteger(interval) || interval < 0 || interval > 120) {
			fail(node, itemIndex, `${label}: Interval must be a whole number of minutes from 0 to 120, got ${JSON.stringify(rule.interval)}`);
		}
		return { phoneStatus, times, interval };
	});
}

export function checkRange(node: INode, itemIndex: number, label: string, value: unknown, min: number, max: number): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < min || number > max) fail(node, itemIndex, `${label} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
	return number;
}

export type PhoneCheck = { phone: string } | { reason: string };

const MOBILE = /^1[3-9]\d{9}$/;
/** Area code (3–4 digits with the leading 0) plus a 7–8 digit number. */
const LANDLINE = /^0\d{9,11}$/;
const SERVICE = /^[48]00\d{7}$/;

/**
 * Normalises a Chinese number: drops spaces, dashes, dots and brackets and a +86 / 0086 prefix (or 86 before a
 * mobile). Accepts 11-digit mobiles (1[3-9]…), landlines with area code (0 + 9–11 digits; "+86 21 …" becomes
 * "021…") and 400/800 numbers.
 */
export function normalizeChinesePhone(value: unknown): PhoneCheck {
	// Most rows of an import hold a plain mobile: no cleaning needed.
	if (typeof value === 'string' && MOBILE.test(value)) return { phone: value };
	if (value === undefined || value === null || String(value).trim() === '') return { reason: 'phone is empty' };
	const original = String(value);
	let phone = original.trim().replace(/[\s\-.()（）]/g, '');
	if (/[^\d+]/.test(phone)) return { reason: `"${original}" contains characters other than digits` };
	const international = /^(\+86|0086)/.test(phone);
	phone = phone.replace(/^(\+86|0086)/, '');
	if (/^861[3-9]\d{9}$/.test(phone)) phone = phone.slice(2);
	if (phone.includes('+') || /^00/.test(phone)) return { reason: `"${original}" has a country code other than +86` };
	// In international form a landline loses the 0 of its area code: +86 21 1234 5678 is 021 1234 5678.
	if (international && /^[2-9]\d{8,10}$/.test(phone) && !SERVICE.test(phone)) phone = `0${phone}`;
	if (international && /^10\d{8}$/.test(phone)) phone = `0${phone}`;
	if (MOBILE.test(phone) || LANDLINE.test(phone) || SERVICE.test(phone)) return { phone };
	return {
		reason: `"${original}" is not a Chinese number (an 11-digit mobile starting with 13–19, a landline with area code such as 021…, or a 400/800 number)`,
	};
}
