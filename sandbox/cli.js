#!/usr/bin/env node
'use strict';
// npm run sandbox: the Byai sandbox in the foreground until Ctrl+C / SIGTERM.
const { startSandbox, DEFAULTS } = require('./index');

async function main() {
	const env = process.env;
	const sandbox = await startSandbox({
		host: env.BYAI_SANDBOX_HOST || DEFAULTS.host,
		port: Number(env.BYAI_SANDBOX_PORT ?? DEFAULTS.port),
		seed: Number(env.BYAI_SANDBOX_SEED ?? DEFAULTS.seed),
		appKey: env.BYAI_SANDBOX_APP_KEY || DEFAULTS.appKey,
		appSecret: env.BYAI_SANDBOX_APP_SECRET || DEFAULTS.appSecret,
		// People watch the CLI: one call per second per seat unless told otherwise.
		dialer: { callIntervalMs: Number(env.BYAI_SANDBOX_CALL_INTERVAL_MS || 1000) },
	});
	console.log(
		[
			`Byai sandbox listening on ${sandbox.url}`,
			`  Base URL    ${sandbox.url}  (instead of https://api.byrobot.cn)`,
			`  APP_KEY     ${sandbox.appKey}`,
			`  APP_SECRET  ${sandbox.appSecret}`,
			'  Companies   3811, 3812, 3813 (9999 exists but is not bound: 403)',
			`  Admin API   ${sandbox.url}/admin/...  (see sandbox/README.md)`,
		].join('\n'),
	);
	const stop = async () => {
		await sandbox.stop();
		process.exit(0);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
