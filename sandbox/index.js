'use strict';
// The Byai sandbox: a local server that behaves like the Byai OpenAPI (see README.md).
const { ByaiAccount } = require('./tasks');
const { endpointTable } = require('./endpoints');
const { CallbackDispatcher } = require('./callbacks');
const { Faults } = require('./faults');
const { createServer } = require('./server');
const { createAdmin } = require('./admin');

const DEFAULTS = { host: '127.0.0.1', port: 8480, seed: 42, appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' };

/**
 * Starts a sandbox. Options: port (0 = any), host, seed, appKey, appSecret, quiet,
 * dialer {callIntervalMs, paused}, callbackRetryScheduleMs.
 */
async function startSandbox(options = {}) {
	const settings = { ...DEFAULTS, ...options };
	const sandbox = {
		credentials: { appKey: settings.appKey, appSecret: settings.appSecret },
		clockOffsetMs: 0,
		clock: () => Date.now() + sandbox.clockOffsetMs,
		log: settings.quiet ? () => {} : (line) => console.log(`[byai-sandbox] ${line}`),
	};
	sandbox.callbacks = new CallbackDispatcher({ retryScheduleMs: settings.callbackRetryScheduleMs, log: sandbox.log });
	sandbox.faults = new Faults();
	sandbox.account = new ByaiAccount({ seed: settings.seed, callbacks: sandbox.callbacks, clock: sandbox.clock, dialer: settings.dialer });
	sandbox.endpoints = endpointTable(sandbox.account, sandbox.callbacks);
	sandbox.reset = (seed = settings.seed) => {
		sandbox.clockOffsetMs = 0;
		sandbox.callbacks.reset();
		sandbox.faults.clear();
		sandbox.requestLog().length = 0;
		sandbox.account.reset(Number(seed));
	};
	sandbox.admin = createAdmin(sandbox);
	const server = createServer(sandbox);
	sandbox.requestLog = () => server.requestLog;

	const sockets = new Set();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	try {
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(settings.port, settings.host, resolve);
		});
	} catch (error) {
		sandbox.account.close();
		sandbox.callbacks.stop();
		throw error;
	}
	const { port } = server.address();

	return {
		url: `http://${settings.host}:${port}`,
		port,
		appKey: settings.appKey,
		appSecret: settings.appSecret,
		internals: sandbox,
		/** Closes the server, its sockets, the dialer and every callback timer or request. */
		async stop() {
			sandbox.account.close();
			sandbox.callbacks.stop();
			const closed = new Promise((resolve) => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await closed;
		},
	};
}

module.exports = { startSandbox, DEFAULTS };
