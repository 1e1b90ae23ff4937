'use strict';
// Small shared pieces: seeded randomness, Byai envelopes, paging, time formatting (China time).

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

/** An error a handler throws to answer with a Byai envelope code. */
class ByaiError extends Error {
	constructor(code, message) {
		super(message ?? RESULT_MESSAGES[code]);
		this.code = code;
	}
}

const paramError = (field, detail) => new ByaiError(412, `参数错误: ${field} ${detail}`);

function page(list, pageNum, pageSize) {
	const total = list.length;
	const start = (pageNum - 1) * pageSize;
	const slice = list.slice(start, start + pageSize);
	return { pageNum, pageSize, size: slice.length, total, pages: Math.ceil(total / pageSize), list: slice };
}

/** 'yyyy-MM-dd HH:mm:ss' in China time (UTC+8), as Byai formats times. */
function chinaTime(ms) {
	return new Date(ms + 8 * 3600 * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

const chinaDate = (ms) => chinaTime(ms).slice(0, 10);

module.exports = { seededRandom, hash, envelope, ByaiError, paramError, page, chinaTime, chinaDate, RESULT_MESSAGES };
