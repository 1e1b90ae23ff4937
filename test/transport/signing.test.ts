import CryptoJS from 'crypto-js';

import { ByaiApi } from '../../credentials/ByaiApi.credentials';
import { byaiAuthHeaders, byaiDatetime, byaiSign } from '../../nodes/Byai/transport/signing';

/** Independent second implementation: crypto-js, not Node's crypto. */
function crossCheckSign(appKey: string, appSecret: string, datetime: string): string {
	return CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA1(`${appKey}\n${datetime}`, appSecret));
}

// The vectors of sandbox/byai-api/README.md, section 4 (Signing).
const vectors = [
	['WtSMaXXXXXXXXtvy', 'aXSFnnZbHXXXXXXXXXXXXXXXMguz1Q', 'Thu, 13 Dec 2018 01:27:17 GMT', 'jwBzU5EJoTSVb51WALV0qtc4+TU='],
	['demoAppKey123456', 'demoAppSecret0123456789abcdefg', 'Sun, 09 Jun 2019 10:09:11 GMT', 'vGax0yOnHSk0k9li1ORUZOmRyDs='],
	['appkey', 'secret', 'Mon, 01 Jan 2024 00:00:00 GMT', '433ku3/z3FlIsVr5r8DdzQNb+2Q='],
] as const;

describe('Byai request signing', () => {
	test.each(vectors)('signs %s as documented', (appKey, appSecret, datetime, expected) => {
		expect(byaiSign(appKey, appSecret, datetime)).toBe(expected);
		expect(crossCheckSign(appKey, appSecret, datetime)).toBe(expected);
	});

	test('does not sign datetime + "\\n" + appKey (the documented wrong order)', () => {
		const wrongOrder = '+eivl+o0D0/DRM1CsJ3P2wYZQhg=';
		expect(crossCheckSign('Mon, 01 Jan 2024 00:00:00 GMT', 'secret', 'appkey')).toBe(wrongOrder);
		expect(byaiSign('appkey', 'secret', 'Mon, 01 Jan 2024 00:00:00 GMT')).not.toBe(wrongOrder);
	});

	test('datetime is RFC 1123 GMT with a two-digit day, from UTC', () => {
		expect(byaiDatetime(new Date(Date.UTC(2019, 5, 9, 10, 9, 11)))).toBe('Sun, 09 Jun 2019 10:09:11 GMT');
		expect(byaiDatetime(new Date('2024-01-01T07:59:59+08:00'))).toBe('Sun, 31 Dec 2023 23:59:59 GMT');
	});

	test('signature is 28 characters of padded standard Base64 with no newline', () => {
		for (let i = 0; i < 50; i++) {
			const datetime = byaiDatetime(new Date(Date.UTC(2020, 0, 1) + i * 7_777_777));
			const sign = byaiSign(`key${i}`, `secret-${i}-中文`, datetime);
			expect(sign).toMatch(/^[A-Za-z0-9+/]{27}=$/);
			expect(sign).toBe(crossCheckSign(`key${i}`, `secret-${i}-中文`, datetime));
		}
	});

	test('headers carry appkey, datetime and sign only', () => {
		expect(byaiAuthHeaders('appkey', 'secret', 'Mon, 01 Jan 2024 00:00:00 GMT')).toEqual({
			appkey: 'appkey',
			datetime: 'Mon, 01 Jan 2024 00:00:00 GMT',
			sign: '433ku3/z3FlIsVr5r8DdzQNb+2Q=',
		});
	});
});

describe('Byai API credential', () => {
	const credential = new ByaiApi();

	test('authenticate signs the datetime the transport chose, keeping other headers', async () => {
		const options = await credential.authenticate(
			{ appKey: 'appkey', appSecret: 'secret', baseUrl: 'http://x' },
			{ url: '/openapi/v1/company/getCompanys', headers: { datetime: 'Mon, 01 Jan 2024 00:00:00 GMT', Accept: 'application/json' } },
		);
		expect(options.headers).toEqual({
			Accept: 'application/json',
			appkey: 'appkey',
			datetime: 'Mon, 01 Jan 2024 00:00:00 GMT',
			sign: '433ku3/z3FlIsVr5r8DdzQNb+2Q=',
		});
	});

	test('authenticate computes a fresh datetime when none is given (HTTP Request node use)', async () => {
		const before = Date.now();
		const secret = 'distinct-app-secret-4711';
		const options = await credential.authenticate({ appKey: 'k', appSecret: secret, baseUrl: '' }, { url: '/x' });
		const headers = options.headers as Record<string, string>;
		expect(Math.abs(Date.parse(headers.datetime) - before)).toBeLessThan(2000);
		expect(headers.sign).toBe(crossCheckSign('k', secret, headers.datetime));
		// The secret signs; it is never sent.
		expect(JSON.stringify(options)).not.toContain(secret);
	});

	test('the APP_SECRET field is a password field', () => {
		const secret = credential.properties.find((property) => property.name === 'appSecret');
		expect(secret?.typeOptions?.password).toBe(true);
	});
});
