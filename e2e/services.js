'use strict';
// Postgres and Redis for queue mode (the e2e suite, npm start, the benchmarks): Debian's packages, installed
// with apt-get when missing and we are root (CI), run from a data folder of ours on free ports, never as
// system services. Each runs in the foreground under the process guard (e2e/processes.js): stop() stops it,
// and nothing is left running when our process dies.
const { execFile } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { promisify } = require('util');

const { spawnGuarded, waitFor, sleep, freePort, tail } = require('./processes');
const { which } = require('./n8n');

const run = promisify(execFile);
const log = (line) => process.stderr.write(`[services] ${line}\n`);

/**
 * apt-get install, as root only. Services the packages would start are kept from starting (policy-rc.d, as
 * in Debian's container images): we run our own. Waits for a lock held by another apt-get (at most 5 min).
 */
async function aptInstall(packages) {
	if (process.getuid?.() !== 0 || !which('apt-get')) throw new Error(`${packages.join(', ')} missing: install ${packages.join(' ')} (e.g. apt-get install ${packages.join(' ')})`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = async (args) => {
		for (let attempt = 1; ; attempt++) {
			try {
				return await run('apt-get', args, { env, maxBuffer: 64 * 1024 * 1024 });
			} catch (error) {
				const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
				if (!/Could not get lock|Unable to acquire|is held by process/.test(output) || attempt >= 30) throw new Error(`apt-get ${args.join(' ')} failed: ${output.slice(-2000)}`);
				await sleep(10_000);
			}
		}
	};
	try {
		log(`installing ${packages.join(', ')} with apt-get`);
		await apt(['update']);
		await apt(['install', '-y', '--no-install-recommends', ...packages]);
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
}

/** Folder of Postgres' server binaries (the newest of Debian's /usr/lib/postgresql/<version>/bin, else PATH). */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((version) => fs.existsSync(path.join(root, version, 'bin', 'postgres'))) : [];
	if (versions.length) return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
	const postgres = which('postgres');
	return postgres && fs.existsSync(path.join(path.dirname(postgres), 'initdb')) ? path.dirname(postgres) : undefined;
}

async function ensurePostgres() {
	if (!postgresBin()) await aptInstall(['postgresql']);
	return postgresBin();
}

async function ensureRedis() {
	if (!which('redis-server')) await aptInstall(['redis-server']);
	return which('redis-server');
}

/** Postgres refuses to run as root: as root, it runs as Debian's `postgres` user. */
async function postgresUser() {
	if (process.getuid?.() !== 0) return {};
	try {
		const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
		return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
	} catch {
		throw new Error('Postgres cannot run as root and there is no `postgres` user: install Debian\'s postgresql package (it creates the user)');
	}
}

/**
 * Makes `folder` and its parents traversable by other users (search permission only, o+x), for the postgres
 * user to reach its data: a private temp folder, or root's home for npm start's folder under the cache, is not.
 */
function allowTraversal(folder) {
	for (let current = folder; current !== path.dirname(current); current = path.dirname(current)) {
		const { mode } = fs.statSync(current);
		if ((mode & 0o001) === 0) {
			fs.chmodSync(current, mode | 0o001);
			if (!current.startsWith(folder)) log(`made ${current} traversable (o+x) for the postgres user`);
		}
	}
}

/**
 * Starts Postgres with its data in `<dir>/postgres` (created with initdb on first use, kept otherwise).
 * `fast` turns off what makes writes durable across a machine crash (tests on a shared disk); a restart of
 * Postgres itself loses nothing either way. Returns { host, port, user, dir, logFile, pid, psql(sql),
 * createDatabase(name), stop(), restart({ downMs }) }.
 */
async function startPostgres({ dir, port, fast = false, logFile = path.join(dir, 'postgres.log') }) {
	const bin = await ensurePostgres();
	const user = await postgresUser();
	const data = path.join(dir, 'postgres');
	const sockets = path.join(dir, 'postgres-sockets');
	fs.mkdirSync(sockets, { recursive: true });
	if (user.uid !== undefined) {
		allowTraversal(dir);
		fs.chownSync(sockets, user.uid, user.gid);
		fs.closeSync(fs.openSync(logFile, 'a'));
		fs.chownSync(logFile, user.uid, user.gid);
	}
	if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
		fs.rmSync(data, { recursive: true, force: true });
		fs.mkdirSync(data, { recursive: true, mode: 0o700 });
		if (user.uid !== undefined) fs.chownSync(data, user.uid, user.gid);
		await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { ...user, cwd: sockets });
	}
	port ??= await freePort();
	const settings = ['listen_addresses=127.0.0.1', `port=${port}`, `unix_socket_directories=${sockets}`, 'max_connections=200', ...(fast ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : [])];
	const args = ['-D', data, ...settings.flatMap((setting) => ['-c', setting])];
	const host = '127.0.0.1';
	const psqlBin = fs.existsSync(path.join(bin, 'psql')) ? path.join(bin, 'psql') : 'psql';

	let server;
	const start = async () => {
		// SIGINT is Postgres' fast shutdown: sessions end, the data is written, nothing to recover.
		server = spawnGuarded(path.join(bin, 'postgres'), args, { ...user, cwd: sockets, logFile, stopSignal: 'SIGINT', stopTimeoutMs: 30_000 });
		await waitFor(
			async () => {
				if (!server.running()) throw new Error(`Postgres exited during start-up; ${logFile}:\n${tail(logFile)}`);
				return run(path.join(bin, 'pg_isready'), ['-h', host, '-p', String(port), '-U', 'postgres', '-t', '1']).then(
					() => true,
					() => false,
				);
			},
			{ timeoutMs: 60_000, describe: () => `Postgres did not accept connections in 60 s; ${logFile}:\n${tail(logFile)}` },
		);
	};
	await start();

	const postgres = {
		host,
		port,
		user: 'postgres',
		dir: data,
		logFile,
		get pid() {
			return server.pid;
		},
		/** Runs SQL with psql; returns its unaligned, tab-separated output lines. */
		async psql(sql, { database = 'postgres' } = {}) {
			const { stdout } = await run(psqlBin, ['-h', host, '-p', String(port), '-U', 'postgres', '-d', database, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], { maxBuffer: 512 * 1024 * 1024 });
			return stdout.split('\n').filter(Boolean);
		},
		async createDatabase(name) {
			const exists = await postgres.psql(`SELECT 1 FROM pg_database WHERE datname = '${name}'`);
			if (!exists.length) await postgres.psql(`CREATE DATABASE "${name}"`);
		},
		stop: () => server.stop(),
		/** A fast shutdown and a start on the same data and port; resolves when it accepts connections again. */
		async restart({ downMs = 0 } = {}) {
			await server.stop();
			await sleep(downMs);
			await start();
		},
	};
	return postgres;
}

/** Sends one command to Redis (RESP); resolves with the raw reply. */
function redisCommand(port, ...words) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		socket.setTimeout(5000, () => socket.destroy(new Error('no answer from Redis in 5 s')));
		socket.on('connect', () => socket.write(`*${words.length}\r\n${words.map((word) => `$${Buffer.byteLength(String(word))}\r\n${word}\r\n`).join('')}`));
		socket.on('data', (chunk) => {
			reply += chunk;
			if (reply.endsWith('\r\n')) socket.end();
		});
		socket.on('end', () => resolve(reply.trim()));
		socket.on('error', reject);
	});
}

/**
 * Starts Redis with its data in `<dir>/redis`. With `persistent` (the default, as a production Redis for
 * n8n should be) it keeps an append-only file, so queued jobs survive a restart of Redis. Returns { host,
 * port, persistent, logFile, pid, command(...words), stop(), restart({ downMs }) }.
 */
async function startRedis({ dir, port, persistent = true, logFile = path.join(dir, 'redis.log') }) {
	const binary = await ensureRedis();
	const data = path.join(dir, 'redis');
	fs.mkdirSync(data, { recursive: true });
	port ??= await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--daemonize', 'no', '--protected-mode', 'no', '--save', '', '--appendonly', persistent ? 'yes' : 'no'];
	let server;
	const start = async () => {
		server = spawnGuarded(binary, args, { cwd: data, logFile });
		await waitFor(
			async () => {
				if (!server.running()) throw new Error(`Redis exited during start-up; ${logFile}:\n${tail(logFile)}`);
				return (await redisCommand(port, 'PING').catch(() => '')) === '+PONG';
			},
			{ timeoutMs: 30_000, describe: () => `Redis did not answer in 30 s; ${logFile}:\n${tail(logFile)}` },
		);
	};
	await start();
	return {
		host: '127.0.0.1',
		port,
		persistent,
		logFile,
		get pid() {
			return server.pid;
		},
		command: (...words) => redisCommand(port, ...words),
		stop: () => server.stop(),
		/** A shutdown (which writes the append-only file) and a start on the same data and port. */
		async restart({ downMs = 0 } = {}) {
			await server.stop();
			await sleep(downMs);
			await start();
		},
	};
}

module.exports = { startPostgres, startRedis, ensurePostgres, ensureRedis };
