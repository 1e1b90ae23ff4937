#!/usr/bin/env node
'use strict';
// npm run sandbox: starts the Byai sandbox in the foreground.
const { startSandbox, DEFAULTS } = require('./index');

async function main() {
	const env = process.env;
	const sandbox = await startSandbox({
		host: env.BYAI_SANDBOX_HOST ?? DEFAULTS.host,
		port: Number(env.BYAI_SANDBOX_PORT ?? DEFAULTS.port),
		seed: Number(env.BYAI_SANDBOX_SEED ?? DEFAULTS.seed),
		appKey: env.BYAI_SANDBOX_APP_KEY ?? DEFAULTS.appKey,
		appSecret: env.BYAI_SANDBOX_APP_SECRET ?? DEFAULTS.appSecret,
		dialer: { callIntervalMs: Number(env.BYAI_SANDBOX_CALL_INTERVAL_MS ?? 1000) },
	});
	console.log(`Byai sandbox listening on ${sandbox.url}`);
	console.log(`  APP_KEY:    ${sandbox.appKey}`);
	console.log(`  APP_SECRET: ${sandbox.appSecret}   (sandbox only; change with BYAI_SANDBOX_APP_SECRET)`);
	console.log(`  Companies:  3811, 3812, 3813 (9999 exists but is not bound to the key)`);
	console.log(`  Admin API:  ${sandbox.url}/admin/... (see sandbox/README.md)`);
	const stop = async () => {
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
