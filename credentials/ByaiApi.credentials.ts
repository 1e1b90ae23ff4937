import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { byaiAuthHeaders, byaiDatetime } from '../nodes/Byai/transport/signing';

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
			// eslint-disable-next-line n8n-nodes-base/cred-class-field-type-options-password-missing
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
			default: 'https://api.byrobot.cn',
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

	// Tested by the Byai nodes (testedBy: 'byaiApiTest'): through the same transport as every operation, so a
	// failure shows Byai's own message; a request rule here could only show a fixed text.
}
