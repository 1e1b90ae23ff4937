// Every output item and error a test produced is checked, after the test, for APP_SECRET and for every
// `sign` the sandbox received during it. Secrets must never reach what a user or a log can see.
import type { useSandbox } from '../helpers/sandbox';

let produced: string[] = [];
let checkedSigns = 0;

export function collect<T>(value: T): T {
	const error = value as unknown as { message?: string; description?: string; context?: unknown; stack?: string; cause?: unknown };
	produced.push(
		value instanceof Error
			? JSON.stringify({ message: error.message, description: error.description, context: error.context, stack: error.stack, json: JSON.stringify(value) })
			: JSON.stringify(value),
	);
	return value;
}

export function guardSecrets(env: ReturnType<typeof useSandbox>) {
	afterEach(async () => {
		const signs = (await env.requests()).map((request) => request.headers.sign).filter(Boolean);
		const text = produced.join('\n');
		produced = [];
		expect(text).not.toContain(env.credentials.appSecret);
		for (const sign of signs) expect(text).not.toContain(sign);
		if (text) checkedSigns += signs.length;
	});
	// The guard must have had something to compare, or it proves nothing.
	afterAll(() => expect(checkedSigns).toBeGreaterThan(0));
}
