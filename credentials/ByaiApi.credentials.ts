import type {
	Icon,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { BYAI_DEFAULT_BASE_URL } from '../nodes/Byai/transport/client';
import { byaiAuthHeaders, byaiDatetime } from '../nodes/Byai/transport/signing';

const NOT_BYAI =
	"The Base URL did not answer like Byai's OpenAPI (a redirect, an error or web page, or another service). Enter the OpenAPI host without a path: https://api.byrobot.cn, or your private cloud's API address. Signed requests are never sent on to a redirect target: if the address redirects, enter the one it redirects to.";

/** What to do about each failure code Byai documents (sandbox/byai-api/README.md, section 5). */
const BYAI_FAILURES: Array<[code: number, message: string]> = [
	[401, 'Byai rejected the signature (code 401). Check APP_KEY and APP_SECRET: copy both again from the Byai CRM (系统管理 → 系统设置 → API配置); the secret must belong to the key.'],
	[403, 'Byai refused this APP_KEY (code 403, no permission). Ask Byai support to enable the OpenAPI for the key and to bind your company to it.'],
	[404, "Byai does not know the company list at this address (code 404). Check that the Base URL is the OpenAPI host itself (https://api.byrobot.cn, or your private cloud's API address), without a path."],
	[408, "Byai rejected the request time (code 408): this n8n server's clock is more than 3 minutes off. Synchronise the server clock (NTP) and test again."],
	[412, 'Byai reported a parameter error (code 412) for a request that has no parameters: the Base URL probably points at another Byai service. Check the Base URL.'],
	[500, 'Byai failed with an internal error (code 500). Test again in a few minutes; if it keeps failing, contact Byai support.'],
];

/** A rule fails the test when the answer's `key` equals `value` (n8n compares with ===; an absent field is undefined). */
const failWhen = (key: string, value: unknown, message: string): IAuthenticateRuleResponseSuccessBody => ({
	type: 'responseSuccessBody',
	properties: { key, value, message },
});

export class ByaiApi implements ICredentialType {
	name = 'byaiApi';

	displayName = 'Byai API';

	icon: Icon = { light: 'file:byai.svg', dark: 'file:byai.dark.svg' };

	documentationUrl = 'https://api.byrobot.cn/doc/v2/';

	properties: INodeProperties[] = [
		{
			displayName: 'APP_KEY',
			name: 'appKey',
			// APP_KEY travels in clear in every request's `appkey` header: an identifier, not a secret.
			type: 'string',
			default: '',
			required: true,
			description: 'The APP_KEY from the Byai CRM (系统管理 → 系统设置 → API配置), or issued by Byai support',
		},
		{
			displayName: 'APP_SECRET',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The APP_SECRET that belongs to the APP_KEY. It signs every request and is never sent itself.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: BYAI_DEFAULT_BASE_URL,
			description: 'Byai OpenAPI host. Change it only for a private-cloud deployment or the local Byai sandbox.',
		},
	];

	/** Signs every request: headers appkey, datetime (kept if the caller already set one) and sign. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers = { ...(requestOptions.headers ?? {}) };
		const datetime = typeof headers.datetime === 'string' ? headers.datetime : byaiDatetime(new Date());
		Object.assign(headers, byaiAuthHeaders(String(credentials.appKey), String(credentials.appSecret), datetime));
		return { ...requestOptions, headers };
	}

	/**
	 * Lists the companies bound to the key, signed by `authenticate` above (n8n applies it to this request).
	 * Byai answers HTTP 200 with its own `code`, so the rules read the body: in order, the first that matches
	 * fails the test with its message; none matching is success. Redirects are not followed and HTTP errors
	 * do not throw, so a wrong address yields a body without Byai's envelope and the first rule catches it.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ($credentials.baseUrl || "").trim() || "${BYAI_DEFAULT_BASE_URL}" }}`,
			url: '/openapi/v1/company/getCompanys',
			method: 'GET',
			json: true,
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			failWhen('code', undefined, NOT_BYAI),
			...BYAI_FAILURES.map(([code, message]) => failWhen('code', code, message)),
			failWhen('resultMsg', undefined, NOT_BYAI),
			failWhen(
				'data',
				null,
				'Byai answered without a company list: no company is bound to this APP_KEY, or Byai reported an error it does not document. Ask Byai support to bind your company to the key.',
			),
		],
	};
}
