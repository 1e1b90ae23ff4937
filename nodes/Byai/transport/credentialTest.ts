import type { ICredentialTestFunctions, ICredentialsDecrypted, INode, INodeCredentialTestResult, NodeApiError } from 'n8n-workflow';

import type { ByaiSend } from './client';
import { ByaiClient, BYAI_CREDENTIAL_TYPE } from './client';
import { byaiAuthHeaders } from './signing';

const CREDENTIAL_TEST_NODE: INode = {
	id: 'byai-credential-test',
	name: 'Byai API credential test',
	type: 'n8n-nodes-byai.byai',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * Lists the companies bound to the key, through the same transport as every operation, so a failure
 * shows Byai's own message (e.g. 签名验证失败) with the hint. A request rule in the credential could
 * only show a fixed text.
 */
export async function byaiApiCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const appKey = String(data.appKey ?? '').trim();
	const appSecret = String(data.appSecret ?? '');
	if (!appKey || !appSecret) return { status: 'Error', message: 'APP_KEY and APP_SECRET are both required' };

	const send: ByaiSend = async (options) => {
		const headers = { ...(options.headers as Record<string, string>) };
		Object.assign(headers, byaiAuthHeaders(appKey, appSecret, headers.datetime));
		// ICredentialTestFunctions offers no other HTTP helper than request().
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		const response = await this.helpers.request({
			method: options.method,
			uri: options.url,
			qs: options.qs,
			body: options.body,
			headers,
			timeout: options.timeout,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: !options.disableFollowRedirect,
			followAllRedirects: !options.disableFollowRedirect,
		});
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	};
	const client = new ByaiClient(data.baseUrl as string, send, CREDENTIAL_TEST_NODE, { maxRetries: 1, timeoutMs: 15_000 });
	try {
		const companies = await client.request<unknown[] | null>({
			method: 'GET',
			path: '/openapi/v1/company/getCompanys',
			operation: `Test ${BYAI_CREDENTIAL_TYPE} credential`,
		});
		const count = Array.isArray(companies) ? companies.length : 0;
		return {
			status: 'OK',
			message: `Connection successful: ${count} ${count === 1 ? 'company is' : 'companies are'} bound to this APP_KEY`,
		};
	} catch (error) {
		const { message, description } = error as NodeApiError;
		return { status: 'Error', message: description ? `${message}. ${description}` : message };
	}
}
