import { CredentialTestContext } from 'n8n-core';

import { byaiApiCredentialTest } from '../../nodes/Byai/transport';
import { useSandbox } from '../helpers/sandbox';
import { withServer } from '../helpers/server';

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

test('a Base URL that redirects fails the test, as every operation would, naming the target', async () => {
	const before = (await env.requests('getCompanys')).length;
	await withServer(
		(request, response) => response.writeHead(302, { Location: `${env.credentials.baseUrl}${request.url}` }).end(),
		async (url) => {
			const result = await test_({ ...env.credentials, baseUrl: url });
			expect(result.status).toBe('Error');
			expect(result.message).toContain('was redirected (HTTP 302)');
			expect(result.message).toContain(`redirects to "${env.credentials.baseUrl}/openapi/v1/company/getCompanys"`);
		},
	);
	expect(await env.requests('getCompanys')).toHaveLength(before);
});
