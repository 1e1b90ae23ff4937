import { CredentialTestContext } from 'n8n-core';

import { byaiApiCredentialTest } from '../../nodes/Byai/transport';
import { useSandbox } from '../helpers/sandbox';

const env = useSandbox();

// n8n's own CredentialTestContext, as n8n's credentials endpoint uses for a node's testedBy function.
const test_ = (data: Record<string, string>) =>
	byaiApiCredentialTest.call(new CredentialTestContext(), { id: '1', name: 'Byai', type: 'byaiApi', data });

test('good keys: OK with the number of companies', async () => {
	expect(await test_({ ...env.credentials })).toEqual({ status: 'OK', message: 'Connection successful: 3 companies are bound to this APP_KEY' });
	expect((await env.requests('getCompanys')).every((r) => r.signatureValid)).toBe(true);
});

test('bad keys: Byai\'s own message, the hint, and no secret', async () => {
	const result = await test_({ ...env.credentials, appSecret: 'wrong-secret-value' });
	expect(result.status).toBe('Error');
	expect(result.message).toContain('签名验证失败');
	expect(result.message).toContain('code 401');
	expect(result.message).toContain('Check APP_KEY and APP_SECRET');
	expect(result.message).not.toContain('wrong-secret-value');
});

test('unreachable base URL and missing keys say what is wrong', async () => {
	expect((await test_({ ...env.credentials, baseUrl: 'http://127.0.0.1:9' })).message).toContain('ECONNREFUSED');
	expect(await test_({ appKey: '', appSecret: '', baseUrl: env.credentials.baseUrl })).toEqual({ status: 'Error', message: 'APP_KEY and APP_SECRET are both required' });
});
