// Authentication exactly as Byai: appkey + datetime + Base64(HMAC-SHA1(APP_SECRET, APP_KEY + "\n" + datetime)),
// 408 for a datetime that is unreadable or more than 3 minutes off, envelope errors with HTTP 200.
import CryptoJS from 'crypto-js';

import { startSandbox } from '../../sandbox';
import { sign, useSandbox, type Json } from './harness';

const env = useSandbox({ seed: 1, dialer: { paused: true } });
const COMPANIES = '/openapi/v1/company/getCompanys';

// The vectors of sandbox/byai-api/README.md, section 4 (Signing).
const VECTORS = [
	{ appKey: 'WtSMaXXXXXXXXtvy', appSecret: 'aXSFnnZbHXXXXXXXXXXXXXXXMguz1Q', datetime: 'Thu, 13 Dec 2018 01:27:17 GMT', sign: 'jwBzU5EJoTSVb51WALV0qtc4+TU=' },
	{ appKey: 'demoAppKey123456', appSecret: 'demoAppSecret0123456789abcdefg', datetime: 'Sun, 09 Jun 2019 10:09:11 GMT', sign: 'vGax0yOnHSk0k9li1ORUZOmRyDs=' },
	{ appKey: 'appkey', appSecret: 'secret', datetime: 'Mon, 01 Jan 2024 00:00:00 GMT', sign: '433ku3/z3FlIsVr5r8DdzQNb+2Q=' },
];

describe('the README test vectors', () => {
	test.each(VECTORS)('crypto-js agrees with the README: $appKey', (vector) => {
		expect(sign(vector.appKey, vector.appSecret, vector.datetime)).toBe(vector.sign);
	});

	test('the negative vector (datetime + "\\n" + appKey) is what the README says must not be produced', () => {
		const wrongOrder = (v: Json) => CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA1(`${v.datetime}\n${v.appKey}`, v.appSecret));
		expect(wrongOrder(VECTORS[2])).toBe('+eivl+o0D0/DRM1CsJ3P2wYZQhg=');
	});

	test.each(VECTORS)('a sandbox with $appKey, its clock at the vector time, accepts exactly the README sign', async (vector) => {
		const sandbox = await startSandbox({ port: 0, quiet: true, appKey: vector.appKey, appSecret: vector.appSecret, dialer: { paused: true } });
		try {
			await fetch(`${sandbox.url}/admin/clock`, { method: 'POST', body: JSON.stringify({ offsetMs: Date.parse(vector.datetime) - Date.now() }) });
			const call = async (signature: string) =>
				(await (await fetch(sandbox.url + COMPANIES, { headers: { appkey: vector.appKey, datetime: vector.datetime, sign: signature } })).json() as Json).code;
			expect(await call(vector.sign)).toBe(200);
			expect(await call('+eivl+o0D0/DRM1CsJ3P2wYZQhg=')).toBe(401);
			expect(await call(vector.sign.replace(/=$/, ''))).toBe(401); // Base64 without its padding
		} finally {
			await sandbox.stop();
		}
	});
});

describe('headers checked like Byai', () => {
	const now = () => new Date().toUTCString();
	const signed = (datetime: string, appKey = env.sandbox.appKey, appSecret = env.sandbox.appSecret) => ({ appkey: appKey, datetime, sign: sign(appKey, appSecret, datetime) });
	const without = (header: string) => () => {
		const headers: Json = env.headers();
		delete headers[header];
		return headers;
	};

	test.each([
		['valid', () => env.headers(), 200],
		['2 minutes behind (inside the 3-minute window)', () => signed(new Date(Date.now() - 120_000).toUTCString()), 200],
		['wrong secret', () => signed(now(), undefined, 'not-the-secret'), 401],
		['unknown appkey', () => signed(now(), 'someone-else'), 401],
		['no appkey', without('appkey'), 401],
		['no datetime', without('datetime'), 401],
		['no sign', without('sign'), 401],
		['sign of another datetime', () => ({ ...signed(now()), sign: sign(env.sandbox.appKey, env.sandbox.appSecret, 'Mon, 01 Jan 2024 00:00:00 GMT') }), 401],
		['4 minutes behind', () => signed(new Date(Date.now() - 240_000).toUTCString()), 408],
		['4 minutes ahead', () => signed(new Date(Date.now() + 240_000).toUTCString()), 408],
		['ISO 8601 instead of RFC 1123', () => signed(new Date().toISOString()), 408],
		['not a date at all', () => signed('yesterday'), 408],
	])('%s → envelope code %i with HTTP 200', async (_name, make, code) => {
		const answer = await env.api('GET', COMPANIES, {}, make());
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ code, errorStackTrace: null, requestId: expect.any(String) });
		if (code === 200) expect(answer.body.data).toEqual(expect.arrayContaining([{ companyId: 3811, companyName: '杭州示例科技有限公司' }]));
		else expect(answer.body.data).toBeNull();
	});

	test('error messages in Chinese like Byai', async () => {
		expect((await env.api('GET', COMPANIES, {}, signed(now(), undefined, 'x'))).body.resultMsg).toMatch(/^签名验证失败/);
		expect((await env.api('GET', COMPANIES, {}, signed('Mon, 01 Jan 2024 00:00:00 GMT'))).body.resultMsg).toMatch(/^时间选择不对/);
	});

	test('the request log says whether the signature was valid and what was answered', async () => {
		await env.admin('DELETE', '/requests');
		await env.api('GET', COMPANIES);
		await env.api('GET', COMPANIES, {}, signed(now(), undefined, 'x'));
		const requests = (await env.admin('GET', '/requests?path=getCompanys')).requests;
		expect(requests.map((r: Json) => [r.signatureValid, r.httpStatus, r.envelopeCode])).toEqual([[true, 200, 200], [false, 200, 401]]);
		expect(requests[0].headers).toEqual({ appkey: env.sandbox.appKey, datetime: expect.any(String), sign: expect.any(String), 'content-type': 'application/json', accept: 'application/json' });
	});
});

describe('the server clock', () => {
	afterEach(() => env.admin('POST', '/clock', { offsetMs: 0 }));

	test('every answer has a Date header from the sandbox clock, also errors and admin answers', async () => {
		// An hour ahead, so Node's own real-time Date header could not pass for it.
		await env.admin('POST', '/clock', { offsetMs: 3_600_000 });
		const answers = [
			await fetch(env.sandbox.url + COMPANIES, { headers: env.headers() }),
			await fetch(env.sandbox.url + COMPANIES),
			await fetch(`${env.sandbox.url}/openapi/v1/no/such/path`, { headers: env.headers() }),
			await fetch(`${env.sandbox.url}/admin/state`),
		];
		for (const answer of answers) expect(Math.abs(Date.parse(answer.headers.get('date')!) - (Date.now() + 3_600_000))).toBeLessThan(5000);
	});

	test('the admin clock offset moves the Date header and the 408 window', async () => {
		await env.admin('POST', '/clock', { offsetMs: 3_600_000 });
		const skewed = await env.api('GET', COMPANIES);
		expect(skewed.body.code).toBe(408);
		const serverTime = Date.parse(skewed.headers.get('date')!);
		expect(serverTime - Date.now()).toBeGreaterThan(3_590_000);
		// Signing with the server's time (what a client does after a 408) works.
		expect((await env.api('GET', COMPANIES, {}, env.headers(new Date(serverTime).toUTCString()))).body.code).toBe(200);
	});

	test('requestId differs per answer', async () => {
		const ids = await Promise.all([1, 2, 3].map(async () => (await env.api('GET', COMPANIES)).body.requestId));
		expect(new Set(ids).size).toBe(3);
	});
});
