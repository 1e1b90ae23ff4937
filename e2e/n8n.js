'use strict';
// Real n8n for `npm start`, the e2e tests and the benchmarks.
//
// - ensureN8n(version): installs n8n into a cache outside the repo, once per version
//   (${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-byai/n8n-<version>), under a lock, in a staging folder that is
//   renamed into place only when complete: a killed install never leaves a half cache.
// - spawnN8n({version, command}): runs `n8n start`, `n8n webhook` or `n8n worker` with this package loaded the
//   way n8n's Community Nodes installer does (the packed tarball unpacked into
//   <user folder>/.n8n/nodes/node_modules, no dev or peer dependencies), guarded by e2e/processes.js.
// - startN8n({version}): main (spawnN8n's `start`), with the owner set up and a small REST client logged in
//   as the owner. Queue mode (several processes on Postgres and Redis) is e2e/queue.js.
//
// `node e2e/n8n.js install [version…]` fills the cache ahead of time (npm run n8n:install).
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { run, withProgress, INTERVAL_MS } = require('./progress');
const { spawnGuarded, removeOnExit, forget, waitFor, freePort, portIsFree, tail, alive } = require('./processes');

const ROOT = path.resolve(__dirname, '..');
const CACHE = process.env.BYAI_N8N_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-byai');
const ARTIFACTS = path.join(ROOT, '.e2e-artifacts');
const DEFAULT_VERSION = '2.41.1';

/**
 * The n8n versions we run.
 * - 2.x needs Node ≥ 24: the npm package node-<platform>-<arch>@24 provides it (installed next to n8n); its
 *   default expression engine (isolated-vm) loads from the prebuilt binaries that ship for Node 24.
 * - 1.123 runs on this machine's Node (20): its own xlsx dependency is a tarball URL outside the registry
 *   (overridden to the registry's 0.18.5), and isolated-vm has no binary for Node 20, so expressions use the
 *   legacy engine there.
 */
const VERSIONS = {
	'2.41.1': { nodePackage: 24 },
	'1.123.81': { overrides: { xlsx: '0.18.5' }, legacyExpressionsBelowNode: 22 },
};

const log = (line) => process.stderr.write(`[n8n] ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

function specOf(version) {
	const spec = VERSIONS[version];
	if (!spec) throw new Error(`unknown n8n version "${version}" (known: ${Object.keys(VERSIONS).join(', ')})`);
	return spec;
}

function nodePackageName() {
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	return `node-${platform}-${process.arch}`;
}

/** The Node binary that runs n8n `version` from install folder `dir`. */
function nodeBinary(version, dir) {
	return specOf(version).nodePackage ? path.join(dir, 'node_modules', nodePackageName(), 'bin', 'node') : process.execPath;
}

function which(command) {
	for (const folder of (process.env.PATH || '').split(path.delimiter)) {
		const candidate = path.join(folder, command);
		if (folder && fs.existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** node-gyp as bundled with npm: builds native modules offline against the headers we point it at. */
function nodeGyp() {
	const npmCli = process.env.npm_execpath && fs.existsSync(process.env.npm_execpath) ? process.env.npm_execpath : fs.realpathSync(which('npm'));
	let folder = path.dirname(npmCli);
	while (folder !== path.dirname(folder)) {
		const candidate = path.join(folder, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
		if (fs.existsSync(candidate)) return candidate;
		folder = path.dirname(folder);
	}
	throw new Error(`node-gyp not found next to npm (${npmCli})`);
}

/** Headers for this machine's Node: npm's `nodedir` setting, else the Node installation itself. */
function machineNodedir() {
	const fromNpm = process.env.npm_config_nodedir || (() => {
		try {
			return execFileSync('npm', ['config', 'get', 'nodedir'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
		} catch {
			return '';
		}
	})();
	if (fromNpm && fromNpm !== 'undefined' && fs.existsSync(path.join(fromNpm, 'include', 'node', 'node.h'))) return fromNpm;
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	if (fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) return prefix;
	return undefined; // node-gyp would download the headers
}

/** A C/C++ tool chain for node-gyp; installed with apt-get when missing and we are root (CI). */
async function ensureBuildTools() {
	const missing = ['make', 'g++', 'python3'].filter((tool) => !which(tool));
	if (!missing.length) return;
	if (process.getuid?.() === 0 && which('apt-get')) {
		log(`installing build tools (${missing.join(', ')}) with apt-get`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		let stage = 'apt-get update';
		await withProgress('n8n', () => `installing build tools: ${stage}`, async () => {
			await run('apt-get', ['update'], { env });
			stage = 'apt-get install make g++ python3';
			await run('apt-get', ['install', '-y', '--no-install-recommends', 'make', 'g++', 'python3'], { env });
		});
		return;
	}
	throw new Error(`building sqlite3 for n8n needs ${missing.join(', ')}: install them (e.g. apt-get install make g++ python3)`);
}

function bootId() {
	try {
		return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
	} catch {
		return '';
	}
}

/** Runs fn holding an exclusive lock (a directory; stale when its owner is gone or from another boot). */
async function withLock(lock, fn) {
	const waitStarted = Date.now();
	let told = 0; // ms waited when we last said so (0: not yet)
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, host: os.hostname(), boot: bootId(), since: new Date().toISOString() }));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner;
			try {
				owner = JSON.parse(fs.readFileSync(path.join(lock, 'owner.json'), 'utf8'));
			} catch {
				// being created right now, or left empty by a killed process: judge by its age
				const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
				if (age < 10_000) {
					await sleep(500);
					continue;
				}
			}
			const stale = !owner || (owner.host === os.hostname() && (owner.boot !== bootId() || !alive(owner.pid)));
			if (stale) {
				log(`removing a stale lock ${lock}${owner ? ` (pid ${owner.pid})` : ''}`);
				const doomed = `${lock}.stale-${process.pid}`;
				try {
					fs.renameSync(lock, doomed);
					fs.rmSync(doomed, { recursive: true, force: true });
				} catch {
					// another waiter took it over first
				}
				continue;
			}
			const waited = Date.now() - waitStarted;
			if (!told || waited - told >= INTERVAL_MS) {
				log(`waiting for another n8n install to finish (pid ${owner.pid}, lock ${lock}${told ? `; ${Math.round(waited / 1000)} s so far` : ''})`);
				told = waited || 1;
			}
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function readReady(dir) {
	let text;
	try {
		text = fs.readFileSync(path.join(dir, '.ready'), 'utf8');
	} catch {
		return undefined;
	}
	try {
		return JSON.parse(text);
	} catch {
		return { legacy: true }; // a marker of the first harness (a bare date): complete, details unknown
	}
}

/** The cache is usable when complete and, for the machine's Node, built for the same Node ABI. */
function isReady(version, dir) {
	let ready = readReady(dir);
	if (ready?.legacy && fs.existsSync(path.join(dir, 'node_modules', 'n8n', 'package.json'))) {
		const installed = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
		if (installed === version && fs.existsSync(nodeBinary(version, dir))) {
			writeReady(version, dir);
			ready = readReady(dir);
		}
	}
	if (!ready || ready.version !== version) return false;
	if (specOf(version).nodePackage) return fs.existsSync(nodeBinary(version, dir));
	return ready.modules === process.versions.modules;
}

async function buildSqlite(version, dir) {
	await ensureBuildTools();
	const node = nodeBinary(version, dir);
	const nodedir = specOf(version).nodePackage ? path.join(dir, 'node_modules', nodePackageName()) : machineNodedir();
	const sqlite = path.join(dir, 'node_modules', 'sqlite3');
	await withProgress('n8n', () => `n8n ${version}: building sqlite3 (compiling SQLite, about 1-2 minutes)`, () =>
		run(node, [nodeGyp(), 'rebuild', '-j', String(Math.max(1, os.cpus().length)), ...(nodedir ? [`--nodedir=${nodedir}`] : [])], {
			cwd: sqlite,
			env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` },
		}),
	);
	// Fails here, not at n8n's start-up, if the binding does not load.
	await run(node, ['-e', `require(${JSON.stringify(sqlite)})`], { cwd: dir });
}

/** How many package folders npm has made in `dir`'s node_modules so far (scopes counted by their packages). */
function packageFolders(dir) {
	const modules = path.join(dir, 'node_modules');
	const names = (folder) => fs.readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'));
	try {
		return names(modules).reduce((count, entry) => count + (entry.name.startsWith('@') ? names(path.join(modules, entry.name)).length : 1), 0);
	} catch {
		return 0; // npm is still resolving
	}
}

function writeReady(version, dir) {
	const node = nodeBinary(version, dir);
	const [nodeVersion, modules] = execFileSync(node, ['-p', 'process.version + " " + process.versions.modules']).toString().trim().split(' ');
	fs.writeFileSync(path.join(dir, '.ready'), JSON.stringify({ version, node: nodeVersion, modules, at: new Date().toISOString() }, null, 2));
}

/** Ensures n8n `version` is installed in the cache; returns { dir, node, version }. Idempotent and safe to run concurrently. */
async function ensureN8n(version = DEFAULT_VERSION) {
	const spec = specOf(version);
	const dir = path.join(CACHE, `n8n-${version}`);
	const result = () => ({ dir, node: nodeBinary(version, dir), version });
	if (isReady(version, dir)) return result();
	fs.mkdirSync(CACHE, { recursive: true });
	return withLock(`${dir}.lock`, async () => {
		if (isReady(version, dir)) return result(); // another process finished it while we waited
		const started = Date.now();
		if (readReady(dir)?.version === version) {
			// complete, but sqlite3 was built for another Node (this machine's Node changed)
			log(`rebuilding sqlite3 of n8n ${version} for Node ${process.version}`);
			await buildSqlite(version, dir);
			writeReady(version, dir);
			log(`n8n ${version} ready in ${seconds(started)}`);
			return result();
		}
		// Leftovers of killed installs: we hold the lock, so nobody is using them.
		for (const name of fs.readdirSync(CACHE)) {
			if (name.startsWith(`n8n-${version}.staging-`) || name.startsWith(`n8n-${version}.old-`)) fs.rmSync(path.join(CACHE, name), { recursive: true, force: true });
		}
		const staging = `${dir}.staging-${process.pid}`;
		try {
			fs.mkdirSync(staging, { recursive: true });
			fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: `n8n-${version}-cache`, private: true, overrides: spec.overrides ?? {} }, null, 2));
			const packages = [`n8n@${version}`, ...(spec.nodePackage ? [`${nodePackageName()}@${spec.nodePackage}`] : [])];
			log(`installing ${packages.join(' ')} into ${dir} (first use only; about 5-9 minutes with the sqlite3 build)`);
			let fetches = 0; // npm logs each registry request (manifests, then tarballs) at loglevel http
			const countFetches = (text) => (fetches += text.match(/^npm http fetch /gm)?.length ?? 0);
			const npmStage = () => {
				const folders = packageFolders(staging);
				return `${folders ? `unpacking into ${folders} package folders` : 'resolving the dependency tree'}, ${fetches} registry requests so far`;
			};
			await withProgress('n8n', () => `n8n ${version}: npm install, ${npmStage()}`, () =>
				run('npm', ['install', ...packages, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'], { cwd: staging, onOutput: countFetches }),
			);
			log(`installed in ${seconds(started)}; building sqlite3 for ${spec.nodePackage ? `Node ${spec.nodePackage}` : `Node ${process.version}`}`);
			await buildSqlite(version, staging);
			writeReady(version, staging);
			if (fs.existsSync(dir)) fs.renameSync(dir, `${dir}.old-${process.pid}`); // an incomplete older install
			fs.renameSync(staging, dir);
			fs.rmSync(`${dir}.old-${process.pid}`, { recursive: true, force: true });
		} catch (error) {
			fs.rmSync(staging, { recursive: true, force: true });
			throw error;
		}
		log(`n8n ${version} ready in ${seconds(started)}: ${dir}`);
		return result();
	});
}

let packed;
/** `npm pack` of the built package, once per process (or the tarball named by BYAI_E2E_TARBALL). */
function packPackage() {
	if (process.env.BYAI_E2E_TARBALL && fs.existsSync(process.env.BYAI_E2E_TARBALL)) return process.env.BYAI_E2E_TARBALL;
	if (packed && fs.existsSync(packed)) return packed;
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes', 'Byai', 'Byai.node.js'))) throw new Error('dist/ is missing: run `npm run build` first');
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'byai-pack-'));
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', folder], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim().split('\n').pop();
	packed = path.join(folder, name);
	process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
	return packed;
}

/** Unpacks the tarball where n8n's community-node installer puts packages (its files only, no dependencies to fetch). */
function installPackage(userFolder, tarball = packPackage()) {
	const nodes = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodes, 'node_modules', 'n8n-nodes-byai');
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
	const { version } = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
	fs.writeFileSync(path.join(nodes, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-byai': version } }, null, 2));
	return target;
}

/** Keeps the newest n8n logs in .e2e-artifacts/. */
function pruneLogs(keep = 30) {
	const logs = fs
		.readdirSync(ARTIFACTS)
		.filter((name) => /^n8n-.*\.log$/.test(name))
		.map((name) => ({ name, time: fs.statSync(path.join(ARTIFACTS, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
	for (const { name } of logs.sort((a, b) => b.time - a.time).slice(keep)) fs.rmSync(path.join(ARTIFACTS, name), { force: true });
}

/** n8n's stored execution data (flatted JSON, read with n8n's own copy of flatted) as an object. */
function parseExecutionData(version, text) {
	const dir = path.join(CACHE, `n8n-${version}`);
	return require(require.resolve('flatted', { paths: [path.join(dir, 'node_modules', 'n8n')] })).parse(text);
}

/** The owner account of every n8n we start (npm start prints it; the README documents it). */
const OWNER = { email: 'owner@byai-sandbox.test', firstName: 'Byai', lastName: 'Sandbox', password: 'Byai-Sandbox-2026' };

/**
 * How each kind of n8n process tells it is ready: main once its REST API answers (/healthz answers before
 * start-up has finished), a webhook processor and a worker on their readiness endpoint (a worker's on its
 * health server, which also checks Redis).
 */
const READY_PATH = { start: '/rest/settings', webhook: '/healthz/readiness', worker: '/healthz/readiness' };

/**
 * Starts one n8n process with the package loaded from its packed tarball and resolves once it is ready:
 * `command` is `start` (main), `webhook` (a webhook processor) or `worker`. Options: port (default: a free
 * one; a worker's health server), userFolder (default: a temp folder, removed by stop()), env (extra
 * variables: queue mode's come from e2e/queue.js), logFile, args (after the command, e.g. --concurrency=5),
 * webhookUrl (the base URL of production webhooks the editor shows; default: this process's).
 * Returns { version, command, url, port, pid, userFolder, logFile, startupMs, exited, stop(), kill(signal) }.
 * The caller must have built the package (npm run build).
 */
async function spawnN8n({ version = DEFAULT_VERSION, command = 'start', port, userFolder, env = {}, logFile, args = [], webhookUrl } = {}) {
	const { dir, node } = await ensureN8n(version);
	const major = Number(version.split('.')[0]);
	const temporary = !userFolder;
	userFolder ??= fs.mkdtempSync(path.join(os.tmpdir(), `byai-n8n-${version}-`));
	fs.mkdirSync(userFolder, { recursive: true });
	if (temporary) removeOnExit(userFolder);
	installPackage(userFolder);
	if (port !== undefined && !(await portIsFree(port))) throw new Error(`port ${port} is in use: stop what runs there or choose another port (N8N_PORT)`);
	port ??= await freePort();
	const brokerPort = await freePort();
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	pruneLogs();
	logFile ??= path.join(ARTIFACTS, `n8n-${version}-${command}-${new Date().toISOString().replace(/[:.]/g, '-')}-${port}.log`);
	const url = `http://127.0.0.1:${port}`;
	const spec = specOf(version);
	const legacyExpressions = spec.legacyExpressionsBelowNode && Number(process.versions.node.split('.')[0]) < spec.legacyExpressionsBelowNode;
	const started = Date.now();
	const server = spawnGuarded(node, [path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), command, ...args], {
		cwd: userFolder,
		logFile,
		env: {
			...process.env,
			NODE_ENV: 'production',
			NO_PROXY: ['127.0.0.1', 'localhost', process.env.NO_PROXY].filter(Boolean).join(','),
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: `${url}/`,
			[major >= 2 ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL']: `${webhookUrl ?? url}/`,
			...(command === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' } : {}),
			N8N_RUNNERS_ENABLED: 'true',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_ENCRYPTION_KEY: 'byai-e2e-encryption-key',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
			N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_LOG_LEVEL: process.env.BYAI_N8N_LOG_LEVEL || 'info',
			N8N_LOG_OUTPUT: 'console',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			DB_SQLITE_POOL_SIZE: '2',
			...(legacyExpressions ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			...env,
		},
	});
	const stop = async () => {
		await server.stop();
		if (temporary && !process.env.BYAI_E2E_KEEP) {
			fs.rmSync(userFolder, { recursive: true, force: true, maxRetries: 3 });
			forget(userFolder);
		}
	};
	const readyUrl = `${url}${READY_PATH[command]}`;
	try {
		await waitFor(
			async () => {
				if (!server.running()) throw new Error(`n8n ${version} ${command} exited during start-up (${await server.exited}); ${logFile}:\n${tail(logFile)}`);
				try {
					const answer = await fetch(readyUrl);
					return answer.ok && (command !== 'start' || (answer.headers.get('content-type') ?? '').includes('json'));
				} catch {
					return false; // not listening yet
				}
			},
			{ timeoutMs: 180_000, describe: () => `n8n ${version} ${command} was not ready in 3 minutes; ${logFile}:\n${tail(logFile)}` },
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		version,
		command,
		url,
		port,
		pid: server.pid,
		userFolder,
		logFile,
		startupMs: Date.now() - started,
		/** Resolves with n8n's exit code (or signal) when the process ends (by stop() or otherwise). */
		exited: server.exited,
		running: server.running,
		/** Graceful: SIGTERM (n8n finishes or hands back its executions), SIGKILL after 20 s. */
		stop,
		/** Sends `signal` to the process and what it started (SIGKILL: a crash, an OOM kill). */
		kill: (signal = 'SIGKILL') => server.signal(signal),
	};
}

/**
 * Starts n8n's main process (see spawnN8n); resolves when n8n answers its REST API, with the owner set up
 * and logged in, with a small REST client. `webhookUrls`: where production webhooks are served, if not by
 * this process (queue mode's webhook processors); activate() waits until each of them has registered them.
 */
async function startN8n({ webhookUrls, ...options } = {}) {
	const main = await spawnN8n({ ...options, command: 'start' });
	const { version, url } = main;

	let cookie = '';
	async function rest(method, route, body) {
		const response = await fetch(`${url}/rest${route}`, {
			method,
			headers: { 'content-type': 'application/json', cookie, 'browser-id': 'byai-e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = { raw: text };
		}
		if (!response.ok) throw Object.assign(new Error(`${method} /rest${route} → ${response.status}: ${text.slice(0, 500)}`), { status: response.status, body: json });
		return json.data ?? json;
	}
	const list = (result) => result.results ?? result;

	// A fresh user folder asks for its owner; a reused one (npm start) logs in.
	const { userManagement } = await rest('GET', '/settings');
	const login = () => rest('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	if (userManagement?.showSetupOnFirstLoad === false) await login();
	else await rest('POST', '/owner/setup', OWNER).catch(login);

	const n8n = {
		...main,
		owner: OWNER,
		rest,
		cookie: () => cookie,
		async createCredential(data, name = 'Byai sandbox', type = 'byaiApi') {
			return rest('POST', '/credentials', { name, type, data });
		},
		async updateCredential(id, data, name = 'Byai sandbox', type = 'byaiApi') {
			return rest('PATCH', `/credentials/${id}`, { name, type, data });
		},
		async credentials() {
			return list(await rest('GET', '/credentials'));
		},
		async workflows() {
			return list(await rest('GET', '/workflows'));
		},
		/** Creates a workflow; with activate, publishes it (production webhooks and triggers start). */
		async createWorkflow(workflow, { activate = false } = {}) {
			const { id: _id, active: _active, versionId: _versionId, ...rest_ } = workflow;
			const created = await rest('POST', '/workflows', { ...rest_, active: false });
			return activate ? n8n.activate(created) : created;
		},
		/** Activates (2.x: publishes) a saved workflow and waits until its POST webhooks answer. */
		async activate({ id, versionId, nodes = [] }) {
			const activated = await rest('POST', `/workflows/${id}/activate`, { versionId });
			// n8n registers production webhooks a moment after answering. A GET to a POST-only webhook tells
			// "not registered for GET requests" once it is registered, and runs nothing.
			const paths = nodes.flatMap((node) => {
				if (!node.webhookId || node.disabled) return [];
				if (node.type.endsWith('.byaiTrigger')) return [`${node.webhookId}/call-record`, `${node.webhookId}/task-status`];
				if (node.type === 'n8n-nodes-base.webhook' && node.parameters?.httpMethod === 'POST') return [node.parameters.path || node.webhookId];
				return [];
			});
			const deadline = Date.now() + 15_000;
			for (const base of webhookUrls ?? [url]) {
				for (const webhookPath of paths) {
					while (Date.now() < deadline) {
						const probe = await fetch(`${base}/webhook/${webhookPath}`);
						if (!/is not registered\./.test(await probe.text())) break;
						await sleep(100);
					}
				}
			}
			return activated;
		},
		async deactivate({ id }) {
			return rest('POST', `/workflows/${id}/deactivate`, {});
		},
		/** Executions of a workflow, newest first (summaries without data). */
		async executions(workflowId) {
			const all = [];
			for (;;) {
				const lastId = all.length ? `&lastId=${all[all.length - 1].id}` : '';
				const page = list(await rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100${lastId}`));
				all.push(...page);
				if (page.length < 100) return all;
			}
		},
		/** One execution with its run data decoded: { status, data: { resultData: { runData, error } } }. */
		async execution(id) {
			const execution = await rest('GET', `/executions/${id}`);
			return { ...execution, data: typeof execution.data === 'string' ? parseExecutionData(version, execution.data) : execution.data };
		},
		/** The JSON of every item a node output in an execution (first run, first output). */
		async nodeOutput(executionId, nodeName) {
			const { data } = await n8n.execution(executionId);
			const runs = data.resultData.runData[nodeName];
			if (!runs) throw new Error(`node "${nodeName}" did not run in execution ${executionId}: ${JSON.stringify(data.resultData.error ?? {}).slice(0, 500)}`);
			if (runs[0].error) throw new Error(`node "${nodeName}" failed: ${runs[0].error.message} ${runs[0].error.description ?? ''}`);
			return (runs[0].data?.main?.[0] ?? []).map((item) => item.json);
		},
		/** Waits until `workflowId` has `count` finished executions; returns them (newest first). */
		async waitForExecutions(workflowId, count, { timeoutMs = 60_000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			let executions = [];
			for (;;) {
				executions = await n8n.executions(workflowId);
				const done = executions.filter((execution) => execution.finished || ['success', 'error', 'crashed', 'canceled'].includes(execution.status));
				if (done.length >= count && done.length === executions.length) return executions;
				if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: expected ${count} finished executions within ${timeoutMs / 1000} s, found ${executions.length} (${done.length} finished)`);
				await sleep(300);
			}
		},
	};
	return n8n;
}

/**
 * Replaces the placeholder credential of `type` in every node with a real one (examples ship with
 * BYAI_CREDENTIAL_ID, and POSTGRES_CREDENTIAL_ID for Postgres).
 */
function withCredential(workflow, credential, type = 'byaiApi') {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) if (node.credentials?.[type]) node.credentials[type] = { id: credential.id, name: credential.name };
	return copy;
}

function readExample(name) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8'));
}

module.exports = { ensureN8n, withLock, spawnN8n, startN8n, parseExecutionData, which, installPackage, packPackage, withCredential, readExample, freePort, VERSIONS, DEFAULT_VERSION, CACHE, OWNER, ROOT, ARTIFACTS };

if (require.main === module) {
	const [command, ...versions] = process.argv.slice(2);
	if (command !== 'install') {
		process.stderr.write('usage: node e2e/n8n.js install [version…]   (known versions: ' + Object.keys(VERSIONS).join(', ') + ')\n');
		process.exit(2);
	}
	(async () => {
		for (const version of versions.length ? versions : Object.keys(VERSIONS)) {
			const { dir, node } = await ensureN8n(version);
			log(`n8n ${version}: ${dir} (Node ${execFileSync(node, ['-v']).toString().trim()})`);
		}
	})().catch((error) => {
		log(error.message);
		process.exit(1);
	});
}
