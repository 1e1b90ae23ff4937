'use strict';
// The HTTP side: Byai's signed OpenAPI under /openapi (request log, faults, auth, validation,
// envelope) and the sandbox's admin API under /admin.
const http = require('http');
const { envelope, ByaiError, notFound } = require('./util');
const { authenticate } = require('./auth');
const { specs, validate } = require('./validate');
const { applyFault } = require('./faults');

const MAX_LOGGED_BODY = 64 * 1024;
const MAX_LOG = 20_000;
const LOGGED_HEADERS = ['appkey', 'datetime', 'sign', 'content-type', 'accept'];

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Large bodies (10,000 customers) are summarised so the log stays small. */
function loggedBody(text, parsed) {
	if (!text) return null;
	if (text.length <= MAX_LOGGED_BODY || !parsed || typeof parsed !== 'object') return parsed ?? text;
	return { __summary: 'body too large to log', bytes: text.length, keys: Object.keys(parsed), customerInfoListLength: parsed.customerInfoList?.length };
}

function parseJson(text) {
	try {
		return { value: JSON.parse(text) };
	} catch {
		return { error: new ByaiError(412, 'body 不是合法的 JSON') };
	}
}

function createServer(sandbox) {
	const { faults, credentials } = sandbox;
	const log = [];
	let logId = 0;

	/** Writes an answer with Byai's headers; the Date header follows the sandbox clock. */
	function send(res, status, body, headers = {}) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			Date: new Date(sandbox.clock()).toUTCString(),
			'Content-Type': 'application/json;charset=UTF-8',
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	/** Byai's answer to one request: auth, route, method, parameters, handler → envelope. */
	function answer({ method, pathname, headers, query, body, bodyError }, entry) {
		const spec = specs.get(pathname);
		const route = sandbox.endpoints[pathname];
		try {
			authenticate(headers, { ...credentials, now: sandbox.clock() });
			entry.signatureValid = true;
			if (!spec) throw notFound(`接口不存在: ${pathname}`);
			if (method !== spec.method && !spec.altMethods.includes(method)) throw notFound(`接口 ${pathname} 不支持 ${method} (请用 ${spec.method})`);
			if (bodyError) throw bodyError;
			const params = validate(pathname, { ...query, ...(body && typeof body === 'object' && !Array.isArray(body) ? body : {}) });
			const data = route.handler(params);
			return route.envelope === 'sms' ? { data, code: 200, msg: '成功', success: true } : envelope(200, data);
		} catch (error) {
			if (error instanceof ByaiError) return envelope(error.code, null, error.message);
			sandbox.log(`internal error on ${pathname}: ${error.stack}`);
			return envelope(500, null);
		}
	}

	async function openapi(req, res, url) {
		const text = await readBody(req);
		const parsed = text ? parseJson(text) : { value: null };
		const request = { method: req.method, pathname: url.pathname, headers: req.headers, query: Object.fromEntries(url.searchParams), body: parsed.value, bodyError: parsed.error };
		const entry = {
			id: ++logId,
			at: new Date().toISOString(),
			method: req.method,
			path: url.pathname,
			query: request.query,
			body: loggedBody(text, parsed.value),
			headers: Object.fromEntries(LOGGED_HEADERS.map((name) => [name, req.headers[name]])),
			signatureValid: false,
			httpStatus: null,
			envelopeCode: null,
			answeredAt: null,
		};
		log.push(entry);
		if (log.length > MAX_LOG) log.shift();

		const respond = (status, payload, headers) => {
			entry.httpStatus = status;
			entry.envelopeCode = payload && typeof payload === 'object' ? payload.code : null;
			entry.answeredAt = new Date().toISOString();
			if (!res.destroyed) send(res, status, payload, headers);
		};
		const process = () => answer(request, entry);
		const fault = faults.take(url.pathname, req.method);
		if (!fault) return respond(200, process());
		entry.fault = fault.mode;
		return applyFault(fault, { req, res, process, respond });
	}

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://sandbox');
		try {
			if (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) return await sandbox.admin(req, res, url, await readBody(req), send);
			if (url.pathname === '/' || url.pathname === '/health') return send(res, 200, { ok: true, name: 'byai-sandbox' });
			return await openapi(req, res, url);
		} catch (error) {
			sandbox.log(`request failed: ${error.stack}`);
			if (!res.headersSent && !res.destroyed) send(res, 500, { error: String(error.message) });
		}
	});
	server.keepAliveTimeout = 30_000;
	server.requestLog = log;
	return server;
}

module.exports = { createServer };
