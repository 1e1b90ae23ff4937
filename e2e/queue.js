'use strict';
// n8n in queue mode on one machine, the way big accounts run it: Postgres, Redis, a main process (editor,
// REST API, timers; no production webhooks), webhook processors (`n8n webhook`: receive webhooks, create
// executions, enqueue them) and workers (`n8n worker`: run them). Used by the queue-mode e2e suite,
// `BYAI_QUEUE_MODE=1 npm start` and `npm run bench:queue`.
//
// What every process needs (read in n8n 2.41.1's config and commands): EXECUTIONS_MODE=queue, the same
// Postgres (DB_TYPE=postgresdb, DB_POSTGRESDB_*), the same Redis (QUEUE_BULL_REDIS_HOST/PORT), the same
// N8N_ENCRYPTION_KEY, and a user folder and port of its own; main and workers start a task-runner broker
// each (N8N_RUNNERS_BROKER_PORT, given by spawnN8n). Main starts first: it creates the database schema.
const fs = require('fs');
const os = require('os');
const path = require('path');

const { spawnN8n, startN8n, parseExecutionData, DEFAULT_VERSION } = require('./n8n');
const { startPostgres, startRedis } = require('./services');
const { freePort, removeOnExit, forget, sleep } = require('./processes');

const DATABASE = 'n8n';

/** The variables that put an n8n process into queue mode on these services. */
function queueEnv(postgres, redis) {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: DATABASE,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
}

/**
 * Starts Postgres, Redis, main, `webhookProcessors` webhook processors and `workers` workers.
 * - dir: where the services' data and the n8n user folders live (default: a temp folder, removed on exit);
 *   kept between starts when given (npm start).
 * - fast: Postgres without fsync (tests); mainPort / webhookPorts: fixed ports (default: free ones).
 * - env: extra variables for every n8n process; concurrency: jobs per worker (n8n's default is 10).
 * Returns { version, dir, postgres, redis, env, main (startN8n's REST client), webhooks and workers
 * (spawnN8n's processes), startWorker(index, port), restartWorker(index, { signal }), executions(workflowId),
 * stop() }.
 */
async function startQueueMode({ version = DEFAULT_VERSION, dir, fast = false, webhookProcessors = 2, workers: workerCount = 1, concurrency = 10, mainPort, webhookPorts = [], env = {} } = {}) {
	const temporary = !dir;
	if (temporary) {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'byai-queue-'));
		removeOnExit(dir);
	}
	fs.mkdirSync(dir, { recursive: true });
	const cluster = { version, dir, webhooks: [], workers: [] };
	/** Stops n8n's processes (workers finish their jobs), then Redis and Postgres; removes a temporary dir. */
	cluster.stop = async () => {
		const n8n = [cluster.main, ...cluster.webhooks, ...cluster.workers].filter(Boolean);
		await Promise.all(n8n.map((process_) => process_.stop().catch(() => {})));
		await cluster.redis?.stop().catch(() => {});
		await cluster.postgres?.stop().catch(() => {});
		if (temporary && !process.env.BYAI_E2E_KEEP) {
			fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
			forget(dir);
		}
	};
	try {
		cluster.postgres = await startPostgres({ dir, fast });
		await cluster.postgres.createDatabase(DATABASE);
		cluster.redis = await startRedis({ dir });
		cluster.env = { ...queueEnv(cluster.postgres, cluster.redis), ...env };

		const ports = await Promise.all(Array.from({ length: webhookProcessors }, (_, i) => webhookPorts[i] ?? freePort()));
		const webhookUrls = ports.map((port) => `http://127.0.0.1:${port}`);
		const common = { version, env: cluster.env, webhookUrl: webhookUrls[0] };
		cluster.main = await startN8n({
			...common,
			port: mainPort,
			userFolder: path.join(dir, 'main'),
			webhookUrls,
			// Production webhooks go to the webhook processors only.
			env: { ...cluster.env, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
		});

		/** Starts worker `index` (its user folder is worker-<index + 1>), on `port` or a free one. */
		cluster.startWorker = async (index, port) => {
			cluster.workers[index] = await spawnN8n({ ...common, command: 'worker', port, userFolder: path.join(dir, `worker-${index + 1}`), args: [`--concurrency=${concurrency}`] });
			return cluster.workers[index];
		};
		const startWebhook = async (port, index) => {
			cluster.webhooks[index] = await spawnN8n({ ...common, command: 'webhook', port, userFolder: path.join(dir, `webhook-${index + 1}`) });
		};
		// After main (which migrated the database), the others at once.
		await Promise.all([...ports.map(startWebhook), ...Array.from({ length: workerCount }, (_, index) => cluster.startWorker(index))]);
	} catch (error) {
		await cluster.stop();
		throw error;
	}

	/**
	 * Every execution of `workflowId` read from n8n's database, oldest first: { id, status, mode, retryOf,
	 * data (parsed; with `withData`) }. Faster than n8n's REST API for thousands, and it sees rows n8n's
	 * list leaves out.
	 */
	cluster.executions = async (workflowId, { withData = false } = {}) => {
		const rows = await cluster.postgres.psql(
			`SELECT json_build_object('id', e.id, 'status', e.status, 'mode', e.mode, 'retryOf', e."retryOf"${withData ? `, 'data', d.data` : ''})
			 FROM execution_entity e ${withData ? 'LEFT JOIN execution_data d ON d."executionId" = e.id' : ''}
			 WHERE e."workflowId" = '${workflowId.replace(/'/g, "''")}' ORDER BY e.id`,
			{ database: DATABASE },
		);
		return rows.map((row) => {
			const execution = JSON.parse(row);
			if (withData && execution.data) execution.data = parseExecutionData(version, execution.data);
			return execution;
		});
	};

	/** Kills worker `index` (SIGKILL: a crash; SIGTERM: a graceful stop) and starts a new one on its port. */
	cluster.restartWorker = async (index, { signal = 'SIGKILL', downMs = 0 } = {}) => {
		const old = cluster.workers[index];
		if (signal === 'SIGTERM') await old.stop();
		else {
			old.kill(signal);
			await old.exited;
		}
		await sleep(downMs);
		return cluster.startWorker(index, old.port);
	};
	return cluster;
}

module.exports = { startQueueMode };
