'use strict';
// Fault injection per path: the failures a Byai client meets in the field. A faulted request is NOT
// processed (no state change) unless the fault says applyBeforeFault: true, which applies it first and
// then fails the answer - the "did it happen?" case a client cannot tell apart.
const { STATUS_CODES } = require('http');
const { envelope } = require('./util');

const MODES = ['http-error', 'rate-limit', 'slow', 'html', 'malformed-json', 'drop', 'envelope'];
const MAX_TIMER_MS = 2 ** 31 - 1; // longer delays mean "never answer"

const nginxPage = (status) => {
	const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`;
};

function checkFault(fault) {
	if (!fault || typeof fault.path !== 'string' || !fault.path.startsWith('/')) throw new Error('fault needs a "path" such as /openapi/v1/task/getTaskDetail (matched exactly)');
	if (!MODES.includes(fault.mode)) throw new Error(`fault "mode" must be one of ${MODES.join(', ')}`);
	if (fault.count !== undefined && !(Number.isInteger(fault.count) && (fault.count > 0 || fault.count === -1))) throw new Error('fault "count" must be a whole number > 0, or -1 for "until cleared"');
	if (fault.status !== undefined && !Number.isInteger(fault.status)) throw new Error('fault "status" must be a whole number');
	if (fault.delayMs !== undefined && !(typeof fault.delayMs === 'number' && fault.delayMs >= 0)) throw new Error('fault "delayMs" must be a number of ms >= 0');
}

class Faults {
	constructor() {
		this.list = [];
		this.nextId = 1;
	}

	add(fault) {
		checkFault(fault);
		const entry = { id: this.nextId++, count: 1, applyBeforeFault: false, ...fault, method: fault.method?.toUpperCase(), hits: 0 };
		this.list.push(entry);
		return entry;
	}

	/** The first armed fault for this request, used up by one (count -1 = until cleared). */
	take(path, method) {
		const fault = this.list.find((f) => f.path === path && (!f.method || f.method === method));
		if (!fault) return undefined;
		fault.hits++;
		if (fault.count > 0 && --fault.count === 0) this.list.splice(this.list.indexOf(fault), 1);
		return fault;
	}

	clear() {
		this.list = [];
	}
}

/** Resolves after ms, or as soon as the client goes away (then with false). */
function waitOrClosed(req, res, ms) {
	return new Promise((resolve) => {
		const timer = ms < MAX_TIMER_MS ? setTimeout(() => done(true), ms) : null;
		const done = (answered) => {
			clearTimeout(timer);
			res.off('close', closed);
			resolve(answered);
		};
		const closed = () => done(false);
		res.on('close', closed);
	});
}

/**
 * Answers a request the way `fault` says. `process()` handles the request for real and returns its
 * envelope; `respond(status, body, headers)` writes the answer (objects as JSON, strings as given).
 */
async function applyFault(fault, { req, res, process, respond }) {
	const applied = fault.applyBeforeFault ? process() : undefined;
	const status = fault.status;
	switch (fault.mode) {
		case 'http-error': {
			const code = status ?? 503;
			if (fault.emptyBody) return respond(code, '', { 'Content-Type': 'text/plain' });
			return respond(code, { timestamp: new Date().toISOString(), status: code, error: STATUS_CODES[code] ?? 'Error', path: fault.path });
		}
		case 'rate-limit':
			return respond(429, { status: 429, error: STATUS_CODES[429] }, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
		case 'html':
			return respond(status ?? 502, nginxPage(status ?? 502), { 'Content-Type': 'text/html' });
		case 'malformed-json': {
			const text = JSON.stringify(applied ?? envelope(200, [{ companyId: 3811, companyName: '杭州示例科技有限公司' }]));
			return respond(200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), { 'Content-Type': 'application/json;charset=UTF-8' });
		}
		case 'envelope':
			return respond(200, envelope(status ?? 500, null, fault.message));
		case 'drop':
			return req.socket.destroy();
		case 'slow': {
			// Handled when the delay is over and the client still waits: a client that gave up left no trace.
			if (!(await waitOrClosed(req, res, fault.delayMs ?? 5000))) return undefined;
			return respond(200, applied ?? process());
		}
		default:
			throw new Error(`unknown fault mode ${fault.mode}`);
	}
}

module.exports = { Faults, applyFault };
