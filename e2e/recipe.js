'use strict';
// The exactly-once recipe (examples/callbacks-exactly-once.json + .sql) set up in a queue-mode n8n: its claim
// table in a database of its own, a Postgres credential for it, the workflow imported and (optionally)
// activated. Used by the queue-mode suite, npm start and bench/queue.js.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { withCredential, readExample, ROOT } = require('./n8n');
const { withCrm } = require('./crm');

const RECIPE = 'callbacks-exactly-once.json';
const CLAIMS_DATABASE = 'byai';
const LEASE = "interval '5 minutes'";

/**
 * Sets the recipe up in `cluster` (e2e/queue.js). Options:
 * - crmUrl: where Push to CRM posts (default: the example's placeholder);
 * - activate: publish it (default true);
 * - leaseSeconds: the take-over lease instead of the example's 5 minutes;
 * - takeOverOnDemand: the Every Minute schedule becomes a webhook (tests decide when take-overs run);
 * - claim: false makes Claim claim everything without recording it (to see what the storm does without it).
 * Returns { workflow, callRecordUrls (one per webhook processor), claims(), takeOver() }.
 */
async function installRecipe(cluster, { crmUrl, activate = true, leaseSeconds, takeOverOnDemand = false, claim = true } = {}) {
	const { postgres, main } = cluster;
	await postgres.createDatabase(CLAIMS_DATABASE);
	await postgres.psql(fs.readFileSync(path.join(ROOT, 'examples', RECIPE.replace(/\.json$/, '.sql')), 'utf8'), { database: CLAIMS_DATABASE });
	const data = { host: postgres.host, port: postgres.port, database: CLAIMS_DATABASE, user: postgres.user, password: '', ssl: 'disable' };
	const existing = (await main.credentials()).find((credential) => credential.type === 'postgres' && credential.name === 'Byai claims');
	const credential = existing ? await main.updateCredential(existing.id, data, existing.name, 'postgres') : await main.createCredential(data, 'Byai claims', 'postgres');

	const example = withCredential(readExample(RECIPE), credential, 'postgres');
	if (crmUrl) withCrm(example, { url: crmUrl });
	const takeOverPath = `byai-take-over-${crypto.randomUUID().slice(0, 8)}`;
	for (const node of example.nodes) {
		if (!claim && node.name === 'Claim') node.parameters.query = 'SELECT $1::text AS dedupe_key, $2::jsonb AS record, true AS claimed';
		if (leaseSeconds && node.name === 'Take Over Stale Claims') node.parameters.query = node.parameters.query.replace(LEASE, `interval '${leaseSeconds} seconds'`);
		if (takeOverOnDemand && node.type === 'n8n-nodes-base.scheduleTrigger') {
			Object.assign(node, { type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: crypto.randomUUID(), parameters: { httpMethod: 'POST', path: takeOverPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} } });
		}
	}
	const present = (await main.workflows()).find((workflow) => workflow.name === example.name);
	const workflow = present ?? (await main.createWorkflow(example, { activate }));
	const triggerId = example.nodes.find((node) => node.type.endsWith('.byaiTrigger')).webhookId;
	return {
		workflow,
		credential,
		callRecordUrls: cluster.webhooks.map((processor) => `${processor.url}/webhook/${triggerId}/call-record`),
		/** The claim table: { dedupe_key, state, attempts, execution_id } per row. */
		async claims() {
			const rows = await postgres.psql(`SELECT json_build_object('key', dedupe_key, 'state', state, 'attempts', attempts, 'executionId', execution_id, 'callId', record->>'callInstanceId') FROM byai_callback_claims`, { database: CLAIMS_DATABASE });
			return rows.map((row) => JSON.parse(row));
		},
		/** Runs Take Over Stale Claims now (takeOverOnDemand); resolves with its answer. */
		async takeOver() {
			const response = await fetch(`${cluster.webhooks[0].url}/webhook/${takeOverPath}`, { method: 'POST' });
			return { status: response.status, body: await response.text() };
		},
	};
}

module.exports = { installRecipe, CLAIMS_DATABASE, RECIPE };
