'use strict';
// The Byai sandbox: a local server that behaves like the Byai OpenAPI (see README.md).
const { ByaiAccount } = require('./api');
const { CallbackDispatcher } = require('./callbacks');
const { Faults } = require('./faults');
const { createServer } = require('./server');
const { createAdmin } = require('./admin');
const { callRecordPayload, taskPayload } = require('./calls');
const { ByaiError } = require('./util');

const DEFAULTS = { host: '127.0.0.1', port: 8480, seed: 42, appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' };

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

	let dialerTimer;
	sandbox.restartDialer = () => {
		clearInterval(dialerTimer);
		dialerTimer = setInterval(() => sandbox.account.tick(), sandbox.account.dialerConfig.callIntervalMs);
		dialerTimer.unref();
	};
	sandbox.reset = (seed) => {
		sandbox.account.reset(seed ?? settings.seed);
		sandbox.callbacks.reset();
		sandbox.faults.clear();
		sandbox.clockOffsetMs = 0;
		sandbox.requestLog().length = 0;
		Object.assign(sandbox.account.dialerConfig, { paused: false, callIntervalMs: settings.dialer?.callIntervalMs ?? 20 });
		sandbox.restartDialer();
	};
	/** A realistic payload of a callback type: from existing calls/tasks when ids are given, else a fresh one. */
	sandbox.callbackPayload = ({ type, taskId, callInstanceId, grade = 'B', status, companyId = 3811 }) => {
		const { account } = sandbox;
		const anyCall = () => {
			if (callInstanceId !== undefined) return account.calls.get(Number(callInstanceId));
			const { taskId: seeded } = account.seedDoneCalls(companyId, 1);
			return account.tasks.get(seeded).done[0];
		};
		switch (type) {
			case 'callRecord':
				return callRecordPayload(anyCall());
			case 'manualIntentionChange':
				return account.changeIntention(anyCall().sceneInstance.callInstanceId, grade);
			case 'taskStatus': {
				const task = taskId !== undefined ? account.task(Number(taskId)) : account.tasks.get(account.seedDoneCalls(companyId, 1).taskId);
				return taskPayload({ ...task, status: status ?? task.status });
			}
			case 'inboundCallRecord':
				return account.inboundCall(companyId);
			default:
				throw new ByaiError(412, `unknown callback type "${type}" (callRecord, taskStatus, manualIntentionChange, inboundCallRecord)`);
		}
	};

	sandbox.admin = createAdmin(sandbox);
	const server = createServer(sandbox);
	sandbox.requestLog = () => server.requestLog;
	sandbox.restartDialer();

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(settings.port, settings.host, resolve);
	});
	const { port } = server.address();
	const sockets = new Set();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	return {
		url: `http://${settings.host}:${port}`,
		port,
		appKey: settings.appKey,
		appSecret: settings.appSecret,
		internals: sandbox,
		async stop() {
			clearInterval(dialerTimer);
			sandbox.callbacks.stop();
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

module.exports = { startSandbox, DEFAULTS };
