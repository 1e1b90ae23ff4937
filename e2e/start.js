'use strict';
// npm start: the Byai sandbox plus a real n8n with this package, a Byai credential for the sandbox and the
// example workflows, in one command, in the foreground until Ctrl+C.
//
//   N8N_VERSION        2.41.1 (default, runs on Node 24 installed next to it) or 1.123.81 (this machine's Node)
//   N8N_PORT           5678      n8n's port (the editor)
//   BYAI_SANDBOX_PORT  8480      the sandbox's port
//   BYAI_N8N_HOME      ~/.cache/n8n-nodes-byai/home-<version>   n8n's user folder (kept between starts;
//                      delete it to start over); in queue mode queue-<version>, with Postgres' and Redis' data
//   BYAI_QUEUE_MODE=1  queue mode (n8n 2.x): Postgres, Redis, main, webhook processor(s) and worker(s) (e2e/queue.js)
//   BYAI_QUEUE_WEBHOOK_PROCESSORS (1), BYAI_QUEUE_WORKERS (1); webhook processor i listens on N8N_PORT + i
// n8n is installed on first use into ~/.cache/n8n-nodes-byai/n8n-<version> (a few minutes, once).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { startN8n, withCredential, readExample, CACHE, DEFAULT_VERSION, VERSIONS, ROOT } = require('./n8n');
const { startModelServer } = require('./model-server');
const { demoScript, modelCredential, withModelCredential } = require('./demo-model');
const { startQueueMode } = require('./queue');
const { installRecipe, RECIPE } = require('./recipe');

const CREDENTIAL_NAME = 'Byai sandbox';

async function main() {
	const version = process.env.N8N_VERSION || DEFAULT_VERSION;
	if (!VERSIONS[version]) throw new Error(`N8N_VERSION=${version}: known versions are ${Object.keys(VERSIONS).join(', ')}`);
	const queueMode = ['1', 'true'].includes(process.env.BYAI_QUEUE_MODE ?? '');
	if (queueMode && Number(version.split('.')[0]) < 2) throw new Error(`BYAI_QUEUE_MODE=1 runs n8n 2.x (N8N_VERSION=${version})`);
	const port = Number(process.env.N8N_PORT || 5678);
	const sandboxPort = Number(process.env.BYAI_SANDBOX_PORT || 8480);
	const userFolder = process.env.BYAI_N8N_HOME || path.join(CACHE, `${queueMode ? 'queue' : 'home'}-${version}`);

	console.log('Building the package…');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });

	let sandbox;
	try {
		sandbox = await startSandbox({ port: sandboxPort, dialer: { callIntervalMs: Number(process.env.BYAI_SANDBOX_CALL_INTERVAL_MS || 1000) } });
	} catch (error) {
		if (error.code === 'EADDRINUSE') throw new Error(`port ${sandboxPort} is in use: stop what runs there or set BYAI_SANDBOX_PORT`);
		throw error;
	}
	console.log(`Byai sandbox: ${sandbox.url} (APP_KEY ${sandbox.appKey}, APP_SECRET ${sandbox.appSecret})`);
	// The AI agent example's model: a scripted stand-in, so the demo runs offline (examples/ai-agent-assistant.json).
	const model = await startModelServer({ script: demoScript });
	console.log(`Starting n8n ${version}${queueMode ? ' in queue mode' : ''} on port ${port} (the first start installs it, a few minutes; later starts take seconds)…`);
	// Byai works in China time; n8n's own default zone is America/New_York.
	const env = { GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE || 'Asia/Shanghai' };
	let n8n;
	let cluster;
	try {
		if (queueMode) {
			const webhookProcessors = Number(process.env.BYAI_QUEUE_WEBHOOK_PROCESSORS || 1);
			cluster = await startQueueMode({
				version,
				dir: userFolder,
				mainPort: port,
				webhookPorts: Array.from({ length: webhookProcessors }, (_, i) => port + 1 + i),
				webhookProcessors,
				workers: Number(process.env.BYAI_QUEUE_WORKERS || 1),
				env,
			});
			n8n = cluster.main;
		} else {
			n8n = await startN8n({ version, port, userFolder, env });
		}
	} catch (error) {
		await sandbox.stop();
		await model.stop();
		throw error;
	}
	// Production webhooks: main's in regular mode, the (first) webhook processor's in queue mode.
	const webhookBase = cluster ? cluster.webhooks[0].url : n8n.url;

	// The credential follows the sandbox (its URL may change between starts).
	const data = { appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url };
	const existing = (await n8n.credentials()).find((credential) => credential.type === 'byaiApi' && credential.name === CREDENTIAL_NAME);
	const credential = existing ? await n8n.updateCredential(existing.id, data, CREDENTIAL_NAME) : await n8n.createCredential(data, CREDENTIAL_NAME);
	const modelCredentialSaved = await modelCredential(n8n, model);

	// The examples, once (later edits in the editor are kept). The campaign is activated so that its
	// webhook answers right away; the others stay inactive (two talk to a placeholder CRM, the AI agent
	// chats in the editor).
	// In queue mode the exactly-once recipe gets its claim table and a Postgres credential; it stays inactive
	// (its CRM is a placeholder). In regular mode there is no Postgres for it: it is not imported.
	if (cluster) await installRecipe(cluster, { activate: false });
	const present = new Set((await n8n.workflows()).map((workflow) => workflow.name));
	const imported = [];
	for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.json') && name !== RECIPE).sort()) {
		const workflow = withModelCredential(withCredential(readExample(file), credential), modelCredentialSaved);
		if (present.has(workflow.name)) continue;
		await n8n.createWorkflow(workflow, { activate: file === 'campaign-from-list.json' });
		imported.push(workflow.name);
	}

	// The sandbox calls back the Byai Trigger of the A/B leads example. Until that workflow is activated,
	// Byai's retries fail and the calls show up in Callback → Get Many Failed (the recovery example).
	const leads = readExample('a-b-leads-to-crm.json').nodes.find((node) => node.type.endsWith('.byaiTrigger'));
	const hook = `${webhookBase}/webhook/${leads.webhookId}`;
	await fetch(`${sandbox.url}/admin/callbacks/config`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ callRecordUrl: `${hook}/call-record`, taskStatusUrl: `${hook}/task-status` }),
	});

	console.log(`
n8n ${version} is ready: ${n8n.url}
  sign in as   ${n8n.owner.email} / ${n8n.owner.password}
  credential   "${CREDENTIAL_NAME}" → ${sandbox.url}
  workflows    ${imported.length ? `imported ${imported.map((name) => `"${name}"`).join(', ')}` : 'the examples were imported on an earlier start'}
  try it       curl -X POST ${webhookBase}/webhook/byai-campaign -H 'content-type: application/json' \\
                 -d '{"companyId":3811,"customers":[{"phone":"13500000001","name":"张三","产品名称":"白金卡","到期日期":"2026-12-31"}]}'
  callbacks    the sandbox posts to ${hook}/call-record and /task-status
               (activate "Byai: call finished → push A/B leads to a CRM" to receive them)
  AI agent     open "Byai: AI agent assistant" → Open chat; its model is a scripted stand-in at ${model.baseUrl}
  n8n folder   ${userFolder}
  n8n log      ${path.relative(process.cwd(), n8n.logFile)}${cluster ? queueSummary(cluster) : ''}
Press Ctrl+C to stop.`);

	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		console.log(`\nStopping n8n${cluster ? ', Redis, Postgres' : ''} and the sandbox…`);
		await (cluster ?? n8n).stop();
		await sandbox.stop();
		await model.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	for (const process_ of cluster ? [cluster.main, ...cluster.webhooks, ...cluster.workers] : [n8n]) {
		process_.exited.then((code) => {
			if (stopping) return;
			console.error(`n8n ${process_.command} exited unexpectedly (${code}); see ${process_.logFile}`);
			stop(1);
		});
	}
}

/** What runs in queue mode, for the start message. */
function queueSummary({ postgres, redis, webhooks, workers }) {
	const relative = (file) => path.relative(process.cwd(), file);
	return `
  queue mode   Postgres 127.0.0.1:${postgres.port} (database n8n; claims of the recipe in "byai"), Redis 127.0.0.1:${redis.port}
               webhook processors ${webhooks.map((processor) => processor.url).join(', ')} (production webhooks; main serves none)
               workers ${workers.length} (health ${workers.map((worker) => worker.url).join(', ')})
               logs ${[...webhooks, ...workers].map((process_) => relative(process_.logFile)).join(', ')}
               "${readExample(RECIPE).name}" is imported inactive: set its CRM URL, then activate it`;
}

main().catch((error) => {
	console.error(error.message ?? error);
	process.exit(1);
});
