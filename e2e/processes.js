'use strict';
// Child processes that never outlive the process that started them: n8n, Postgres, Redis.
//
// Each child runs in its own process group (so a stop reaches what it started, n8n's task runner for one)
// and is registered with a guard: a small detached process that polls our pid and,
// once we are gone without having stopped them (killed, crashed, Ctrl+C), stops every registered group and
// removes the registered folders. A clean exit stops them itself (SIGKILL, synchronously).
//
// `node e2e/processes.js guard <pid> <registry>` is the guard; nobody else runs it.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

let registry;
const children = new Map();
const folders = new Set();

function writeRegistry() {
	fs.writeFileSync(registry, JSON.stringify({ pids: [...children.keys()], folders: [...folders] }));
}

/** Starts the guard for this process once; later calls only update what it watches. */
function guard() {
	if (registry) return;
	// One per copy of this module (jest gives every test file its own).
	registry = path.join(os.tmpdir(), `byai-guard-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`);
	writeRegistry();
	const watcher = spawn(process.execPath, [__filename, 'guard', String(process.pid), registry], { detached: true, stdio: 'ignore' });
	watcher.unref();
	process.once('exit', () => {
		for (const pid of children.keys()) signalGroup(pid, 'SIGKILL');
		for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
		fs.rmSync(registry, { force: true });
	});
}

/** A folder removed when this process ends, however it ends (unless BYAI_E2E_KEEP is set). */
function removeOnExit(folder) {
	if (process.env.BYAI_E2E_KEEP) return;
	guard();
	folders.add(folder);
	writeRegistry();
}

function forget(folder) {
	if (folders.delete(folder) && registry) writeRegistry();
}

/**
 * Spawns `command` in a process group of its own, guarded. Output goes to `logFile` (appended).
 * Returns { child, pid, exited (resolves with the exit code or signal), running(), signal(name), stop() }.
 * stop() sends `stopSignal` (default SIGTERM) to the group, waits up to `stopTimeoutMs`, then SIGKILLs it.
 */
function spawnGuarded(command, args, { logFile, stopSignal = 'SIGTERM', stopTimeoutMs = 20_000, ...options } = {}) {
	guard();
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	// It does not keep us alive (a test run that forgot a stop still ends): our exit or the guard stops it.
	child.unref();
	const exited = new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code, signal) => resolve(signal ?? code));
	});
	const running = () => child.exitCode === null && child.signalCode === null;
	children.set(child.pid, child);
	writeRegistry();
	exited.then(
		() => {
			// A group outlives its leader when the leader is SIGKILLed: take the rest along.
			signalGroup(child.pid, 'SIGKILL');
			children.delete(child.pid);
			writeRegistry();
		},
		() => {},
	);
	return {
		child,
		pid: child.pid,
		exited,
		running,
		signal: (name) => signalGroup(child.pid, name),
		async stop() {
			if (running()) {
				signalGroup(child.pid, stopSignal);
				const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), stopTimeoutMs);
				await exited.catch(() => {});
				clearTimeout(timer);
			}
		},
	};
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** The last lines of a log, stack frames left out. */
function tail(file, lines = 25) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').filter((line) => !/^\s+at /.test(line)).slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** Polls `check` every `intervalMs` until it returns a truthy value; fails with `describe()` after `timeoutMs`. */
async function waitFor(check, { timeoutMs, intervalMs = 300, describe }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(typeof describe === 'function' ? describe() : describe);
		await sleep(intervalMs);
	}
}

module.exports = { spawnGuarded, removeOnExit, forget, waitFor, freePort, portIsFree, tail, alive, sleep };

async function runGuard(parentPid, file) {
	while (alive(parentPid) && fs.existsSync(file)) await sleep(500);
	let watched;
	try {
		watched = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return; // stopped cleanly: nothing to do
	}
	for (const pid of watched.pids) signalGroup(pid, 'SIGTERM');
	const deadline = Date.now() + 15_000;
	while (watched.pids.some(alive) && Date.now() < deadline) await sleep(200);
	for (const pid of watched.pids) signalGroup(pid, 'SIGKILL');
	await sleep(200);
	for (const folder of watched.folders) fs.rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
	fs.rmSync(file, { force: true });
}

if (require.main === module && process.argv[2] === 'guard') {
	runGuard(Number(process.argv[3]), process.argv[4]).then(() => process.exit(0));
}
