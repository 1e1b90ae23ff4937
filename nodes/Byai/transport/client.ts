import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { parseJsonKeepingLongs } from '../helpers/json';
import type { ByaiFailure } from './errors';
import { byaiError } from './errors';
import { byaiDatetime } from './signing';

export const BYAI_CREDENTIAL_TYPE = 'byaiApi';
export const BYAI_DEFAULT_BASE_URL = 'https://api.byrobot.cn';

export type ByaiContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface ByaiRawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** Sends one prepared request; the credential's `authenticate` adds appkey and sign. */
export type ByaiSend = (options: IHttpRequestOptions) => Promise<ByaiRawResponse>;

export interface ByaiRequest {
	method: 'GET' | 'POST';
	path: string;
	query?: IDataObject;
	body?: IDataObject;
	/** Name shown in errors, e.g. "Task → Create". */
	operation: string;
}

export interface ByaiClientOptions {
	timeoutMs?: number;
	/** Retries of a read (and of a write that provably never reached Byai). */
	maxRetries?: number;
	/** First back-off step; doubles per retry, plus jitter. */
	retryBaseDelayMs?: number;
	/** Longest wait for one retry, Retry-After included; longer waits fail instead. */
	maxRetryDelayMs?: number;
}

export interface ByaiPage<T> {
	pageNum?: number;
	pageSize?: number;
	total?: number;
	pages?: number;
	list?: T[] | null;
}

export interface PagingOptions {
	/** The endpoint's own page-size cap. */
	pageSizeCap: number;
	/** Stop after this many records; undefined = all. */
	limit?: number;
	/** Where pageNum/pageSize go; defaults to query for GET and body for POST. */
	in?: 'query' | 'body';
}

/** The request for one page: pageNum/pageSize in the query (GET) or the body (POST) unless `placement` says otherwise. */
export function withPage(request: ByaiRequest, pageNum: number, pageSize: number, placement: PagingOptions['in'] = request.method === 'GET' ? 'query' : 'body'): ByaiRequest {
	const pageParams = { pageNum, pageSize };
	return placement === 'query' ? { ...request, query: { ...request.query, ...pageParams } } : { ...request, body: { ...request.body, ...pageParams } };
}

/** How long a request may take unless the node's Timeout option says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;
const CLOCK_TOLERANCE_MS = 3 * 60 * 1000;
/** Skew worth correcting for before Byai's 3-minute limit is reached. */
const CLOCK_CORRECTION_THRESHOLD_MS = 60 * 1000;
/** Network failures that prove the request never reached the server, so even a write may be resent. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const NETWORK_CODES = [
	...NEVER_SENT_CODES,
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'ERR_BAD_RESPONSE',
];

/** Server clock minus local clock, per base URL, learned from `Date` headers (shared by all executions of this process). */
const clockOffsets = new Map<string, number>();

export function normalizeBaseUrl(baseUrl: unknown): string {
	const value = typeof baseUrl === 'string' && baseUrl.trim() ? baseUrl.trim() : BYAI_DEFAULT_BASE_URL;
	return value.replace(/\/+$/, '');
}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : value == null ? undefined : String(value);
	}
	return undefined;
}

/** Digs the network error code out of n8n's wrapped errors (NodeApiError → axios error → system error). */
export function networkErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const candidate = current as { code?: unknown; cause?: unknown; message?: unknown; context?: { data?: unknown } };
		if (typeof candidate.code === 'string' && NETWORK_CODES.includes(candidate.code)) return candidate.code;
		if (typeof candidate.message === 'string') {
			const match = NETWORK_CODES.find((code) => (candidate.message as string).includes(code));
			if (match) return match;
			if (/socket hang up/i.test(candidate.message)) return 'ECONNRESET';
			if (/timeout of \d+ms exceeded|timed out/i.test(candidate.message)) return 'ETIMEDOUT';
		}
		current = candidate.cause ?? candidate.context?.data;
	}
	return undefined;
}

function excerpt(body: string): string {
	return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function parseRetryAfter(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

type Outcome =
	| { kind: 'ok'; data: unknown }
	| { kind: 'fail'; failure: ByaiFailure; retry: 'never' | 'always' | 'readsOnly' | 'clock'; retryAfterMs?: number };

/**
 * Signed calls to the Byai OpenAPI: envelope checks, error mapping, retries that never duplicate a write,
 * clock-skew correction and paging. One instance per execution: credentials are read once.
 */
export class ByaiClient {
	readonly baseUrl: string;

	constructor(
		baseUrl: string,
		private readonly send: ByaiSend,
		private readonly node: INode,
		private readonly options: ByaiClientOptions = {},
	) {
		this.baseUrl = normalizeBaseUrl(baseUrl);
	}

	/** Reads the credential once and sends through n8n's request helper, which signs with the credential's `authenticate`. */
	static async fromContext(context: ByaiContext, options: ByaiClientOptions = {}): Promise<ByaiClient> {
		const data = await context.getCredentials<ICredentialDataDecryptedObject>(BYAI_CREDENTIAL_TYPE);
		const credentialsDecrypted = { id: '', name: BYAI_CREDENTIAL_TYPE, type: BYAI_CREDENTIAL_TYPE, data };
		const send: ByaiSend = async (requestOptions) =>
			(await context.helpers.httpRequestWithAuthentication.call(context, BYAI_CREDENTIAL_TYPE, requestOptions, {
				credentialsDecrypted,
			})) as ByaiRawResponse;
		return new ByaiClient(data.baseUrl as string, send, context.getNode(), options);
	}

	/** Sends one request and returns the envelope's `data`; throws a NodeApiError a user can act on. */
	async request<T = unknown>(request: ByaiRequest, itemIndex?: number): Promise<T> {
		const maxRetries = this.options.maxRetries ?? 3;
		let retries = 0;
		let clockRetried = false;
		for (;;) {
			const outcome = await this.attempt(request);
			if (outcome.kind === 'ok') return outcome.data as T;
			const { failure } = outcome;
			if (outcome.retry === 'clock' && !clockRetried) {
				clockRetried = true;
				continue;
			}
			const retryable = outcome.retry === 'always' || (outcome.retry === 'readsOnly' && request.method === 'GET');
			if (retryable && retries < maxRetries) {
				const delay = this.retryDelay(retries, outcome.retryAfterMs);
				if (delay !== undefined) {
					retries++;
					await sleep(delay);
					continue;
				}
			}
			if (outcome.retry === 'readsOnly' && request.method === 'POST') failure.outcomeUnknown = true;
			throw byaiError(this.node, failure, itemIndex);
		}
	}

	/** Streams the `list` of each page until `total`/`pages` or the limit is reached. */
	async *pages<T = IDataObject>(request: ByaiRequest, paging: PagingOptions, itemIndex?: number): AsyncGenerator<T[]> {
		const limit = paging.limit ?? Infinity;
		if (limit <= 0) return;
		const pageSize = Math.max(1, Math.min(paging.pageSizeCap, limit));
		let returned = 0;
		for (let pageNum = 1; ; pageNum++) {
			const page = (await this.request<ByaiPage<T> | null>(withPage(request, pageNum, pageSize, paging.in), itemIndex)) ?? {};
			const list = Array.isArray(page.list) ? page.list : [];
			const take = list.slice(0, limit - returned);
			returned += take.length;
			if (take.length) yield take;
			const lastPage =
				list.length === 0 ||
				list.length < pageSize ||
				returned >= limit ||
				(typeof page.pages === 'number' && pageNum >= page.pages) ||
				(typeof page.total === 'number' && pageNum * pageSize >= page.total);
			if (lastPage) return;
		}
	}

	/** Collects all pages (up to the limit) into one array. */
	async all<T = IDataObject>(request: ByaiRequest, paging: PagingOptions, itemIndex?: number): Promise<T[]> {
		const records: T[] = [];
		for await (const page of this.pages<T>(request, paging, itemIndex)) records.push(...page);
		return records;
	}

	private retryDelay(retry: number, retryAfterMs: number | undefined): number | undefined {
		const maxDelay = this.options.maxRetryDelayMs ?? 30_000;
		if (retryAfterMs !== undefined) return retryAfterMs <= maxDelay ? retryAfterMs : undefined;
		const base = (this.options.retryBaseDelayMs ?? 500) * 2 ** retry;
		return Math.min(maxDelay, base + Math.random() * base);
	}

	private async attempt(request: ByaiRequest): Promise<Outcome> {
		const failure: ByaiFailure = { operation: request.operation, method: request.method, path: request.path, baseUrl: this.baseUrl };
		const offset = clockOffsets.get(this.baseUrl) ?? 0;
		const headers: IDataObject = { Accept: 'application/json', datetime: byaiDatetime(new Date(Date.now() + offset)) };
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.baseUrl}${request.path}`,
			headers,
			timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'text',
			json: false,
			// Byai never redirects an API call; a redirect means a wrong base URL, and following it would
			// send the signed headers elsewhere. It also keeps n8n on its plain request path.
			disableFollowRedirect: true,
		};
		if (request.method === 'GET') {
			if (request.query && Object.keys(request.query).length) options.qs = request.query;
		} else {
			headers['Content-Type'] = 'application/json;charset=UTF-8';
			// A Buffer goes out as it is; a JSON string would be parsed once more by axios to check it.
			options.body = Buffer.from(JSON.stringify(request.body ?? {}));
		}

		const sentAt = Date.now();
		let response: ByaiRawResponse;
		try {
			response = await this.send(options);
		} catch (error) {
			failure.networkCode = networkErrorCode(error) ?? 'UNKNOWN';
			return { kind: 'fail', failure, retry: NEVER_SENT_CODES.has(failure.networkCode) ? 'always' : 'readsOnly' };
		}

		failure.httpStatus = response.statusCode;
		const skew = this.learnClock(response.headers, sentAt);
		if (skew !== undefined) failure.clockSkewMs = -skew;

		if (response.statusCode >= 300 && response.statusCode < 400) {
			// Not followed (see disableFollowRedirect): the Base URL is wrong, and the user must fix it.
			failure.redirectTo = headerValue(response.headers, 'location') ?? '';
			return { kind: 'fail', failure, retry: 'never' };
		}

		const text = typeof response.body === 'string' ? response.body : Buffer.isBuffer(response.body) ? response.body.toString('utf8') : JSON.stringify(response.body ?? '');
		let envelope: { code?: unknown; data?: unknown; resultMsg?: unknown; msg?: unknown; requestId?: unknown } | undefined;
		try {
			const parsed = parseJsonKeepingLongs(text);
			if (parsed && typeof parsed === 'object' && 'code' in parsed) envelope = parsed;
		} catch {
			// not JSON: handled below with the body excerpt
		}

		if (response.statusCode === 429) {
			// Byai refused the request without processing it, so even a write may be resent after the pause.
			const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
			return { kind: 'fail', failure, retry: 'always', retryAfterMs };
		}
		if (!envelope) {
			failure.bodyExcerpt = excerpt(text);
			return { kind: 'fail', failure, retry: 'readsOnly' };
		}

		const code = Number(envelope.code);
		if (code === 200 && response.statusCode < 400) return { kind: 'ok', data: envelope.data ?? null };

		failure.code = Number.isFinite(code) ? code : undefined;
		failure.resultMsg = String(envelope.resultMsg ?? envelope.msg ?? '');
		failure.requestId = typeof envelope.requestId === 'string' ? envelope.requestId : undefined;
		if (code === 408) {
			// Retry once if the datetime we signed was off the server's clock; learnClock has the new offset.
			const signedSkew = skew === undefined ? 0 : skew - offset;
			return { kind: 'fail', failure, retry: Math.abs(signedSkew) > CLOCK_TOLERANCE_MS - 30_000 ? 'clock' : 'never' };
		}
		if (response.statusCode >= 500) return { kind: 'fail', failure, retry: 'readsOnly' };
		return { kind: 'fail', failure, retry: 'never' };
	}

	/** Records server-minus-local time when the skew is large enough to matter; returns the skew. */
	private learnClock(headers: Record<string, unknown>, sentAt: number): number | undefined {
		const serverDate = Date.parse(headerValue(headers, 'date') ?? '');
		if (Number.isNaN(serverDate)) return undefined;
		const localMid = (sentAt + Date.now()) / 2;
		const skew = serverDate - localMid;
		if (Math.abs(skew) >= CLOCK_CORRECTION_THRESHOLD_MS) clockOffsets.set(this.baseUrl, skew);
		else clockOffsets.delete(this.baseUrl);
		return skew;
	}
}
