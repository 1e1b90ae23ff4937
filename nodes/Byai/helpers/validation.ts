import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { REDIAL_FINISH_STATUSES } from './labels';

/** Byai works in China time; dates are computed there whatever the n8n server's time zone is. */
export const BYAI_TIME_ZONE = 'Asia/Shanghai';
export const CALLING_WINDOW = { start: '09:00', end: '20:00' };
export const MAX_IMPORT_CHUNK = 10_000;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function fail(node: INode, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(node, message, { itemIndex, description });
}

/** 'yyyy-MM-dd' in China time from an n8n date (ISO string, Date or luxon value). */
export function chinaDate(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : value instanceof Date ? value.toISOString() : String(value ?? '');
	if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
	const parsed = DateTime.fromISO(text, { setZone: true });
	if (!parsed.isValid) fail(node, itemIndex, `${field} must be a date (yyyy-MM-dd), got "${text}"`);
	return parsed.setZone(BYAI_TIME_ZONE).toFormat('yyyy-MM-dd');
}

/** 'yyyy-MM-dd HH:mm:ss' in China time from an n8n date. */
export function chinaDateTime(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : value instanceof Date ? value.toISOString() : String(value ?? '');
	const parsed = DateTime.fromISO(text, { setZone: true });
	if (!text || !parsed.isValid) fail(node, itemIndex, `${field} must be a date and time, got "${text}"`);
	return parsed.setZone(BYAI_TIME_ZONE).toFormat('yyyy-MM-dd HH:mm:ss');
}

export function checkTime(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (!TIME.test(text)) fail(node, itemIndex, `${field} must be a time as HH:mm (00:00–23:59), got "${text}"`);
	return text;
}

/**
 * The calling window must lie within 09:00–20:00 (Byai dials phones only then) and a break inside it.
 * Returns the times to send, leaving out the ones not given.
 */
export function checkSchedule(node: INode, itemIndex: number, fields: IDataObject): IDataObject {
	const times: IDataObject = {};
	for (const [field, label] of [
		['workingStartTime', 'Calling Window Start'],
		['workingEndTime', 'Calling Window End'],
		['breakStartTime', 'Break Start'],
		['breakEndTime', 'Break End'],
	]) {
		if (fields[field] !== undefined && fields[field] !== '') times[field] = checkTime(node, itemIndex, label, fields[field]);
	}
	const start = (times.workingStartTime as string) ?? CALLING_WINDOW.start;
	const end = (times.workingEndTime as string) ?? CALLING_WINDOW.end;
	if (start < CALLING_WINDOW.start || end > CALLING_WINDOW.end || start >= end) {
		fail(node, itemIndex, `Calling window ${start}–${end} is not allowed: it must lie within 09:00–20:00 and start before it ends`, 'Byai dials phone numbers only between 09:00 and 20:00 (China time).');
	}
	if ((times.breakStartTime === undefined) !== (times.breakEndTime === undefined)) {
		fail(node, itemIndex, 'Break Start and Break End must be set together');
	}
	if (times.breakStartTime !== undefined) {
		const [breakStart, breakEnd] = [times.breakStartTime as string, times.breakEndTime as string];
		if (breakStart < start || breakEnd > end || breakStart >= breakEnd) {
			fail(node, itemIndex, `Break ${breakStart}–${breakEnd} must lie inside the calling window ${start}–${end} and start before it ends`);
		}
	}
	return times;
}

export function checkRedialRules(node: INode, itemIndex: number, rules: IDataObject[]): IDataObject[] {
	return rules.map((rule, index) => {
		const label = `Re-Dial Rule ${index + 1}`;
		const phoneStatus = Number(rule.finishStatus);
		const times = Number(rule.times);
		const interval = Number(rule.interval);
		if (!REDIAL_FINISH_STATUSES.includes(phoneStatus)) {
			fail(node, itemIndex, `${label}: call outcome ${String(rule.finishStatus)} cannot be re-dialled; allowed outcomes are ${REDIAL_FINISH_STATUSES.join(', ')}`);
		}
		if (!Number.isInteger(times) || times < 1 || times > 5) fail(node, itemIndex, `${label}: Times must be a whole number from 1 to 5, got ${String(rule.times)}`);
		if (!Number.isInteger(interval) || interval < 0 || interval > 120) {
			fail(node, itemIndex, `${label}: Interval must be 0 to 120 minutes, got ${String(rule.interval)}`);
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

/**
 * Normalises a Chinese number: drops spaces, dashes, dots, brackets and a +86 / 0086 / 86 prefix.
 * Accepts 11-digit mobiles (1[3-9]…), landlines with area code (0 + 9–11 digits) and 400/800 numbers.
 */
export function normalizeChinesePhone(value: unknown): PhoneCheck {
	if (value === undefined || value === null || String(value).trim() === '') return { reason: 'phone is empty' };
	let phone = String(value).trim().replace(/[\s\-.()（）]/g, '');
	if (/[^\d+]/.test(phone)) return { reason: `"${String(value)}" contains characters other than digits` };
	phone = phone.replace(/^(\+86|0086)/, '');
	if (/^861[3-9]\d{9}$/.test(phone)) phone = phone.slice(2);
	if (phone.includes('+')) return { reason: `"${String(value)}" has a country code other than +86` };
	if (/^1[3-9]\d{9}$/.test(phone) || /^0\d{9,11}$/.test(phone) || /^[48]00\d{7}$/.test(phone)) return { phone };
	return {
		reason: `"${String(value)}" is not a Chinese number (an 11-digit mobile starting with 1, a landline with area code, or a 400/800 number)`,
	};
}
