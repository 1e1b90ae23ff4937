// A sandbox per test file, plus its admin API (request log, faults, dialer).
import { startSandbox } from '../../sandbox';
import type { SandboxCredentials } from './n8n';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: Record<string, unknown> | null;
	headers: Record<string, string>;
	signatureValid: boolean;
	httpStatus: number | null;
	envelopeCode: number | null;
	/** When the request arrived and when it was answered (ISO times; answeredAt null while it waits). */
	at: string;
	answeredAt: string | null;
}

/** The most requests of `log` the sandbox held at the same moment. */
export function maxInFlight(log: LoggedRequest[]): number {
	const events = log.flatMap((entry) => [
		[Date.parse(entry.at), 1],
		[Date.parse(entry.answeredAt ?? entry.at), -1],
	]);
	// At equal times an answer comes before an arrival: back-to-back requests do not overlap.
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let current = 0;
	let most = 0;
	for (const [, change] of events) most = Math.max(most, (current += change));
	return most;
}

export function useSandbox(options: Parameters<typeof startSandbox>[0] = {}) {
	const handle = {} as {
		sandbox: Sandbox;
		credentials: SandboxCredentials;
		admin: (method: string, path: string, body?: unknown) => Promise<any>;
		requests: (path?: string) => Promise<LoggedRequest[]>;
	};
	beforeAll(async () => {
		handle.sandbox = await startSandbox({ port: 0, quiet: true, ...options });
		handle.credentials = { appKey: handle.sandbox.appKey, appSecret: handle.sandbox.appSecret, baseUrl: handle.sandbox.url };
	});
	afterAll(async () => handle.sandbox?.stop());
	handle.admin = async (method, path, body) => {
		const response = await fetch(`${handle.sandbox.url}/admin${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return response.json();
	};
	handle.requests = async (path = '') => (await handle.admin('GET', `/requests?path=${encodeURIComponent(path)}`)).requests;
	return handle;
}
