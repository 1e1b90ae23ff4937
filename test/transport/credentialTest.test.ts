// The credential's own test (ByaiApi.test), run the way n8n's credentials tester runs it: the request through
// n8n-core's RoutingNode, signed by our `authenticate` as n8n's CredentialsHelper applies it, over real HTTP;
// then the rules judged as the tester judges them (the first responseSuccessBody rule whose field equals its
// value fails the test, else "Connection successful!"). The tester itself is in n8n's CLI package:
// e2e/workflows.e2e.test.js runs the same cases through the real n8n 1.x and 2.x.
import type { ICredentialDataDecryptedObject, INode, INodeExecutionData, INodeType, INodeTypes, IRunExecutionData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { ExecuteContext, RoutingNode } from 'n8n-core';

import { ByaiApi } from '../../credentials/ByaiApi.credentials';
import { additionalData, type SandboxCredentials } from '../helpers/n8n';
import { endpointsJson } from '../helpers/reference';
import { useSandbox } from '../helpers/sandbox';
import { withServer } from '../helpers/server';

const env = useSandbox();
const credential = new ByaiApi();
const COMPANIES = '/openapi/v1/company/getCompanys';

// The node type n8n's tester builds for a credential's test request: one property routed to the request.
const testNodeType = {
	description: {
		displayName: 'Credential test',
		name: 'credentialTest',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'byaiApi', required: true }],
		properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: credential.test.request } }],
	},
} as unknown as INodeType;

async function credentialTest(data: SandboxCredentials): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const node: INode = { id: 'temp', name: 'Temp-Node', type: 'credentialTest', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { byaiApi: { id: '1', name: 'Byai' } } };
	const nodeTypes = { getByName: () => testNodeType, getByNameAndVersion: () => testNodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(workflow, node, additionalData(data), 'internal', { resultData: { runData: {} } } as IRunExecutionData, 0, [], inputData, { node, data: {}, source: null }, []);
	const decrypted = { id: '1', name: 'Byai', type: 'byaiApi', data: data as unknown as ICredentialDataDecryptedObject };
	const [[first]] = (await new RoutingNode(context, testNodeType, decrypted).runNode()) as INodeExecutionData[][];
	for (const rule of credential.test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const json = first.json as unknown;
		const field = json === null || json === undefined ? undefined : (json as Record<string, unknown>)[rule.properties.key];
		if (field === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

const NOT_BYAI = "The Base URL did not answer like Byai's OpenAPI";

afterEach(async () => {
	await env.admin('DELETE', '/faults');
	await env.admin('POST', '/clock', { offsetMs: 0 });
});

test('good keys: success, through one signed GET of the company list', async () => {
	await env.admin('DELETE', '/requests');
	expect(await credentialTest(env.credentials)).toEqual({ status: 'OK', message: 'Connection successful!' });
	const requests = await env.requests(COMPANIES);
	expect(requests.map((r) => [r.method, r.signatureValid, r.envelopeCode])).toEqual([['GET', true, 200]]);
});

test('a Base URL with spaces or a trailing slash still reaches Byai', async () => {
	expect((await credentialTest({ ...env.credentials, baseUrl: ` ${env.credentials.baseUrl}/ ` })).status).toBe('OK');
});

test('bad keys: check APP_KEY and APP_SECRET', async () => {
	for (const bad of [{ appSecret: 'wrong-secret-value' }, { appKey: 'no-such-key' }]) {
		const result = await credentialTest({ ...env.credentials, ...bad });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('(code 401)');
		expect(result.message).toContain('Check APP_KEY and APP_SECRET');
	}
});

test('a server clock more than 3 minutes off: Byai answers 408 and the message says to synchronise it', async () => {
	await env.admin('POST', '/clock', { offsetMs: 10 * 60_000 });
	const result = await credentialTest(env.credentials);
	expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('(code 408)') });
	expect(result.message).toContain('Synchronise the server clock');
});

const failureCodes: number[] = endpointsJson.meta.errorCodes.map((entry: { code: number }) => entry.code).filter((code: number) => code !== 200);

test('the reference documents the failure codes the rules cover', () => {
	expect(failureCodes).toEqual([401, 403, 404, 408, 412, 500]);
});

test.each(failureCodes)('Byai code %i: its own message, saying what to do', async (code) => {
	await env.admin('POST', '/faults', { path: COMPANIES, mode: 'envelope', status: code });
	const result = await credentialTest(env.credentials);
	expect(result.status).toBe('Error');
	expect(result.message).toContain(`(code ${code}`);
	expect(result.message).not.toContain(NOT_BYAI);
});

test.each([
	['an HTML page with HTTP 200', { mode: 'html', status: 200 }],
	['a gateway error page (HTTP 502)', { mode: 'html', status: 502 }],
	['an error with an empty body (HTTP 503)', { mode: 'http-error', status: 503, emptyBody: true }],
	['a Spring-style JSON error (HTTP 500)', { mode: 'http-error', status: 500 }],
	['broken JSON', { mode: 'malformed-json' }],
])('a wrong Base URL never passes: %s', async (_name, fault) => {
	await env.admin('POST', '/faults', { path: COMPANIES, ...fault });
	expect(await credentialTest(env.credentials)).toMatchObject({ status: 'Error', message: expect.stringContaining(NOT_BYAI) });
});

test.each([
	['another JSON service', { status: 'ok', data: [] }],
	['a code without Byai envelope', { code: 200, data: [] }],
	['a JSON array', [{ companyId: 1 }]],
])('a 2xx answer without Byai envelope fails: %s', async (_name, body) => {
	await withServer(
		(_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
		async (url) => expect(await credentialTest({ ...env.credentials, baseUrl: url })).toMatchObject({ status: 'Error', message: expect.stringContaining(NOT_BYAI) }),
	);
});

test('Byai answering without a company list: ask Byai to bind the company', async () => {
	await withServer(
		(_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 200, data: null, resultMsg: '获取成功' })),
		async (url) => expect(await credentialTest({ ...env.credentials, baseUrl: url })).toMatchObject({ status: 'Error', message: expect.stringContaining('bind your company') }),
	);
});

test('a Base URL that redirects fails without following the redirect (signed headers stay home)', async () => {
	const before = (await env.requests(COMPANIES)).length;
	for (const status of [301, 302, 307, 308]) {
		await withServer(
			(request, response) => response.writeHead(status, { Location: `${env.credentials.baseUrl}${request.url}` }).end(),
			async (url) => expect(await credentialTest({ ...env.credentials, baseUrl: url })).toMatchObject({ status: 'Error', message: expect.stringContaining(NOT_BYAI) }),
		);
	}
	expect(await env.requests(COMPANIES)).toHaveLength(before);
});

test('an unreachable Base URL fails with the network error (n8n shows its code)', async () => {
	await expect(credentialTest({ ...env.credentials, baseUrl: 'http://127.0.0.1:9' })).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'ECONNREFUSED' }) });
});
