import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What went wrong, in terms a user can act on. Never holds headers: `sign` must not leak. */
export interface ByaiFailure {
	operation: string;
	method: string;
	path: string;
	/** Byai's envelope `code` (401, 403, ...) when the body was a Byai envelope. */
	code?: number;
	resultMsg?: string;
	requestId?: string | null;
	httpStatus?: number;
	/** First characters of a body that was not a Byai envelope (HTML from a gateway, broken JSON). */
	bodyExcerpt?: string;
	/** Network error code (ECONNREFUSED, ETIMEDOUT, ...). */
	networkCode?: string;
	/** Local clock minus Byai's clock, from the response `Date` header. */
	clockSkewMs?: number;
	/** A write whose outcome is unknown (sent, but no readable answer). */
	outcomeUnknown?: boolean;
	baseUrl?: string;
	/** Location of a redirect answer (never followed: it would carry the signed headers elsewhere). */
	redirectTo?: string;
}

export function formatDuration(ms: number): string {
	const total = Math.round(Math.abs(ms) / 1000);
	const minutes = Math.floor(total / 60);
	const seconds = total % 60;
	return minutes ? `${minutes} min ${seconds} s` : `${seconds} s`;
}

function hintFor(failure: ByaiFailure): string {
	if (failure.outcomeUnknown) {
		return `Byai may or may not have applied this ${failure.method} request. Check the current state (for example with Task → Get or a list operation) before running it again; writes are never retried automatically.`;
	}
	if (failure.redirectTo !== undefined) {
		return `${failure.baseUrl ?? 'The Base URL'} redirects to "${failure.redirectTo || 'an unnamed location'}", and Byai's API never redirects. Set the Base URL in the Byai API credential to the address that answers directly (usually https://api.byrobot.cn).`;
	}
	if (failure.networkCode) {
		return `Could not talk to Byai at ${failure.baseUrl ?? 'the configured Base URL'} (${failure.networkCode}). Check the Base URL in the Byai API credential and that this n8n server can reach it.`;
	}
	switch (failure.code) {
		case 401:
			return 'Byai did not accept the signature. Check APP_KEY and APP_SECRET in the Byai API credential (Byai CRM: 系统管理 → 系统设置 → API配置).';
		case 403:
			return 'This company is not bound to the APP_KEY, or the key may not do this. Pick the company from the Company list (it shows only companies bound to the key) or ask Byai support to bind it.';
		case 404:
			return 'Byai could not find it. Check the id you passed (task, call, group, company) and the Base URL of the credential.';
		case 408: {
			const skew =
				failure.clockSkewMs === undefined
					? 'an unknown amount (the response had no Date header)'
					: `${formatDuration(failure.clockSkewMs)} (${failure.clockSkewMs > 0 ? 'ahead of' : 'behind'} Byai's clock)`;
			return `The n8n server clock is off by ${skew}; Byai accepts at most 3 minutes. Sync the server clock (NTP).`;
		}
		case 412:
			return `Byai rejected a parameter: ${failure.resultMsg ?? 'no detail given'}. Check that field and its allowed values.`;
		case 500:
			return 'Byai reported an internal error. Try again later; if it persists, contact Byai support with the request ID.';
		default:
			break;
	}
	if (failure.bodyExcerpt !== undefined) {
		return `Byai (or a gateway in front of it) answered HTTP ${failure.httpStatus ?? '?'} with something that is not a Byai response: "${failure.bodyExcerpt}". This is usually temporary; try again later.`;
	}
	if (failure.httpStatus === 429) {
		return 'Byai is rate limiting this key. Lower the request rate (Options → Parallel Requests) or try again later.';
	}
	return 'Unexpected answer from Byai. Try again later; if it persists, contact Byai support with the request ID.';
}

function messageFor(failure: ByaiFailure): string {
	if (failure.outcomeUnknown) return `The outcome of "${failure.operation}" is unknown`;
	if (failure.networkCode) return `Could not reach Byai for "${failure.operation}"`;
	if (failure.redirectTo !== undefined) return `Byai request "${failure.operation}" was redirected (HTTP ${failure.httpStatus ?? '?'})`;
	if (failure.code !== undefined) {
		return `Byai rejected "${failure.operation}": ${failure.resultMsg || 'no message'} (code ${failure.code})`;
	}
	if (failure.bodyExcerpt !== undefined && (failure.httpStatus ?? 0) < 400) {
		return `Byai returned an unreadable response for "${failure.operation}" (HTTP ${failure.httpStatus ?? '?'})`;
	}
	return `Byai request "${failure.operation}" failed (HTTP ${failure.httpStatus ?? '?'})`;
}

export function byaiError(node: INode, failure: ByaiFailure, itemIndex?: number): NodeApiError {
	const details: JsonObject = {
		operation: failure.operation,
		endpoint: `${failure.method} ${failure.path}`,
	};
	for (const key of ['code', 'resultMsg', 'requestId', 'httpStatus', 'networkCode', 'bodyExcerpt', 'clockSkewMs', 'redirectTo'] as const) {
		const value = failure[key];
		if (value !== undefined) details[key] = value;
	}
	const requestId = failure.requestId ? ` Request ID: ${failure.requestId}.` : '';
	return new NodeApiError(node, details, {
		message: messageFor(failure),
		description: `${hintFor(failure)} Endpoint: ${failure.method} ${failure.path}.${requestId}`,
		httpCode: failure.code !== undefined ? String(failure.code) : failure.httpStatus ? String(failure.httpStatus) : undefined,
		itemIndex,
	});
}
