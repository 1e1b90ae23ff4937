'use strict';
// The HTTP side: Byai's signed OpenAPI under /openapi, the sandbox's admin API under /admin.
const http = require('http');
const crypto = require('crypto');
const { envelope, ByaiError, paramError } = require('./util');
const { specs, validate } = require('./validate');

const CLOCK_TOLERANCE_MS = 3 * 60 * 1000;
const MAX_LOGGED_BODY = 64 * 1024;
const MAX_LOG = 20_000;
const RFC1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

const NGINX_PAGE = (status) =>
	`<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`;

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function createServer(sandbox) {
	const { account, faults, callbacks, credentials } = sandbox;
	const handlers = account.handlers();
	const log = [];
	let logId = 0;

	const now = () => sandbox.clock();

	function send(res, status, body, headers = {}) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			Date: new Date(now()).toUTCString(),
			'Content-Type': typeof body === 'string' ? 'text/html' : 'application/json;charset=UTF-8',
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	/** Byai's checks, in its order: key, time (408), signature (401). */
	function authenticate(headers) {
		const { appkey, datetime, sign } = headers;
		if (!appkey || !datetime || !sign) throw new ByaiError(401, '签名验证失败: 缺少 appkey/datetime/sign');
		if (appkey !== credentials.appKey) throw new ByaiError(401, '签名验证失败: appkey 不存在');
		const time = Date.parse(datetime);
		if (!RFC1123.test(datetime) || Number.isNaN(time)) throw new ByaiError(408, '时间选择不对: datetime 格式必须是 RFC 1123 GMT');
		if (Math.abs(time - now()) > CLOCK_TOLERANCE_MS) throw new ByaiError(408, '时间选择不对: datetime 与服务器时间相差超过 3 分钟');
		const expected = crypto.createHmac('sha1', credentials.appSecret).update(`${appkey}\n${datetime}`, 'utf8').digest('base64');
		const given = Buffer.from(String(sign));
		if (given.length !== Buffer.byteLength(expected) || !crypto.timingSafeEqual(given, Buffer.from(expected))) {
			throw new ByaiError(401, '签名验证失败');
		}
	}

	function loggedBody(text, parsed) {
		if (text.length <= MAX_LOGGED_BODY) return parsed;
		return { __summary: 'body too large to log', bytes: text.length, keys: Object.keys(parsed ?? {}), customerInfoListLength: parsed?.customerInfoList?.length };
	}

	async function openapi(req, res, url) {
		const text = await readBody(req);
		const pathname = url.pathname;
		const query = Object.fromEntries(url.searchParams);
		const entry = {
			id: ++logId, at: new Date().toISOString(), method: req.method, path: pathname, query, body: null,
			headers: { appkey: req.headers.appkey, datetime: req.headers.datetime, sign: req.headers.sign, 'content-type': req.headers['content-type'], accept: req.headers.accept },
			signatureValid: false, httpStatus: 200, envelopeCode: null,
		};
		log.push(entry);
		if (log.length > MAX_LOG) log.shift();

		let body = {};
		let bodyError;
		if (text) {
			try {
				body = JSON.parse(text);
			} catch {
				bodyError = paramError('body', '不是合法的 JSON');
			}
		}
		entry.body = text ? loggedBody(text, body) : null;

		const fault = faults.take(pathname, req.method);
		const respond = (status, payload, headers) => {
			entry.httpStatus = status;
			entry.envelopeCode = typeof payload === 'object' ? payload.code : null;
			send(res, status, payload, headers);
		};
		const process = () => {
			try {
				authenticate(req.headers);
				entry.signatureValid = true;
				const spec = specs.get(pathname);
				if (!spec) throw new ByaiError(404, `接口不存在: ${pathname}`);
				if (req.method !== spec.method && !spec.altMethods.includes(req.method)) throw new ByaiError(404, `接口不支持 ${req.method}: ${pathname}`);
				if (bodyError) throw bodyError;
				const params = validate(pathname, { ...query, ...(body && typeof body === 'object' ? body : {}) });
				const data = handlers[pathname](params);
				return pathname === '/openapi/v1/sms/template/list' ? { data, code: 200, msg: '成功', success: true } : envelope(200, data);
			} catch (error) {
				if (!(error instanceof ByaiError)) {
					sandbox.log(`internal error on ${pathname}: ${error.stack}`);
					return envelope(500, null, '未知错误');
				}
				return envelope(error.code, null, error.message);
			}
		};

		if (!fault) return respond(200, process());
		if (fault.applyBeforeFault) process();
		switch (fault.mode) {
			case 'http-error':
				return respond(fault.status ?? 503, { status: fault.status ?? 503, error: 'Service Unavailable' });
			case 'rate-limit':
				return respond(429, { status: 429, error: 'Too Many Requests' }, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
			case 'html':
				return respond(fault.status ?? 502, NGINX_PAGE(fault.status ?? 502));
			case 'malformed-json':
				entry.httpStatus = 200;
				res.writeHead(200, { Date: new Date(now()).toUTCString(), 'Content-Type': 'application/json;charset=UTF-8' });
				return res.end('{"code":200,"data":[{"companyId":38');
			case 'envelope':
				return respond(200, envelope(fault.status ?? 500, null, fault.message));
			case 'drop':
				entry.httpStatus = null;
				return req.socket.destroy();
			case 'slow':
				await sleep(fault.delayMs ?? 5000);
				if (res.destroyed || req.socket.destroyed) {
					// The client gave up; like a real server, the request is still processed.
					if (!fault.applyBeforeFault) process();
					return undefined;
				}
				return respond(200, fault.applyBeforeFault ? envelope(200, null) : process());
			default:
				return respond(200, process());
		}
	}

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://sandbox');
		try {
			if (url.pathname.startsWith('/admin/') || url.pathname === '/admin') return await sandbox.admin(req, res, url, readBody, send);
			if (url.pathname === '/' || url.pathname === '/health') return send(res, 200, { ok: true, name: 'byai-sandbox' });
			return await openapi(req, res, url);
		} catch (error) {
			sandbox.log(`request failed: ${error.stack}`);
			if (!res.headersSent) send(res, 500, { error: String(error.message) });
		}
	});
	server.keepAliveTimeout = 30_000;
	server.requestLog = log;
	return server;
}

module.exports = { createServer };
