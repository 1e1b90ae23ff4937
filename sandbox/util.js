'use strict';
// Small shared pieces: seeded randomness, Byai envelopes and errors, paging, China-time formatting.

/** Deterministic PRNG (mulberry32) so the same seed gives the same account and call outcomes. */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Stable hash of strings/numbers → 32-bit int, to derive per-call outcomes from the seed. */
function hash(...parts) {
	let h = 2166136261;
	for (const char of parts.join('|')) {
		h ^= char.codePointAt(0);
		h = Math.imul(h, 16777619);
	}
	return h >>> 0;
}

/** Byai's resultMsg per envelope code; error messages start with it, then say what was wrong. */
const RESULT_MESSAGES = {
	200: '执行成功',
	401: '签名验证失败',
	403: '无权限操作该公司',
	404: '资源不存在',
	408: '时间选择不对',
	412: '参数错误',
	500: '未知错误',
};

let requestCounter = 0;
function requestId() {
	requestCounter = (requestCounter + 1) % 1e9;
	return `sbx-${Date.now().toString(36)}-${requestCounter.toString(36)}`;
}

function envelope(code, data = null, resultMsg = RESULT_MESSAGES[code] ?? '') {
	return { code, data: code === 200 ? data : null, resultMsg, errorStackTrace: null, requestId: requestId() };
}

/** An error a handler throws to answer with a Byai envelope code; the message is "<standard text>: <detail>". */
class ByaiError extends Error {
	constructor(code, detail) {
		const standard = RESULT_MESSAGES[code] ?? '';
		super(detail ? `${standard}: ${detail}` : standard);
		this.code = code;
	}
}

/** 412 whose message names the field, e.g. "参数错误: pageSize 必须在 1-50 之间". */
const paramError = (field, detail) => new ByaiError(412, `${field} ${detail}`);
const notFound = (detail) => new ByaiError(404, detail);

/** Byai's Page object (PageHelper's PageInfo: the older samples also carry orderBy/startRow/endRow). */
function page(list, pageNum, pageSize) {
	const total = list.length;
	const start = (pageNum - 1) * pageSize;
	const slice = list.slice(start, start + pageSize);
	return {
		pageNum,
		pageSize,
		size: slice.length,
		orderBy: null,
		startRow: slice.length ? start + 1 : 0,
		endRow: slice.length ? start + slice.length : 0,
		total,
		pages: Math.ceil(total / pageSize),
		list: slice,
	};
}

/** 'yyyy-MM-dd HH:mm:ss' in China time (UTC+8), as Byai formats times. */
function chinaTime(ms) {
	return new Date(ms + 8 * 3600 * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

const chinaDate = (ms) => chinaTime(ms).slice(0, 10);

/** A copy of `object` without `keys`. */
const omit = (object, keys) => Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));

module.exports = { seededRandom, hash, envelope, ByaiError, paramError, notFound, page, chinaTime, chinaDate, omit };
