'use strict';
// npm start: the Byai sandbox plus a real n8n with this package, a Byai credential for the sandbox and
// the example workflows, in one command. n8n is installed on first use into ~/.cache/n8n-nodes-byai.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { startN8n, ROOT } = require('./n8n');

async function main() {
	const version = process.env.N8N_VERSION || '2.41.1';
	const port = Number(process.env.N8N_PORT || 5678);
	const userFolder = process.env.BYAI_N8N_HOME || path.join(os.homedir(), '.cache', 'n8n-nodes-byai', `home-${version}`);
	fs.mkdirSync(userFolder, { recursive: true });

	console.log('Building the package…');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	const sandbox = await startSandbox({ port: Number(process.env.BYAI_SANDBOX_PORT || 8480), dialer: { callIntervalMs: 1000 } });
	console.log(`Byai sandbox: ${sandbox.url} (APP_KEY ${sandbox.appKey}, APP_SECRET ${sandbox.appSecret})`);
	console.log(`Starting n8n ${version} (first start installs it; later starts take about 30 s)…`);
	const n8n = await startN8n({ version, port, userFolder });

	const firstStart = !(await n8n.rest('GET', '/credentials')).some((credential) => credential.type === 'byaiApi');
	if (firstStart) {
		const credential = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url }, 'Byai sandbox');
		for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.json'))) {
			const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
			for (const node of workflow.nodes) if (node.credentials?.byaiApi) node.credentials.byaiApi = { id: credential.id, name: credential.name };
			await n8n.createWorkflow(workflow);
		}
	}
	console.log(`
n8n is ready: ${n8n.url}
  log in as ${n8n.owner.email} / ${n8n.owner.password}
  credential "Byai sandbox" points at ${sandbox.url}; example workflows are imported (inactive)
  sandbox callbacks: set the Byai Trigger's URLs with
    curl -X POST ${sandbox.url}/admin/callbacks/config -H 'content-type: application/json' \\
      -d '{"callRecordUrl":"<call-record URL>","taskStatusUrl":"<task-status URL>"}'
  n8n log: ${n8n.logFile}
Press Ctrl+C to stop.`);

	const stop = async () => {
		console.log('Stopping…');
		await n8n.stop();
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
