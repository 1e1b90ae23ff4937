'use strict';
const { VERSIONS } = require('./n8n');

/** The n8n versions the e2e suites run on: all known ones, or BYAI_E2E_N8N_VERSIONS=2.41.1,1.123.81. */
function e2eVersions() {
	const wanted = (process.env.BYAI_E2E_N8N_VERSIONS || Object.keys(VERSIONS).join(','))
		.split(',')
		.map((version) => version.trim())
		.filter(Boolean);
	for (const version of wanted) if (!VERSIONS[version]) throw new Error(`BYAI_E2E_N8N_VERSIONS: unknown n8n version "${version}" (known: ${Object.keys(VERSIONS).join(', ')})`);
	return wanted;
}

const QUEUE_MODE_VERSION = '2.41.1';

/** The n8n version the queue-mode suite runs on, unless BYAI_E2E_QUEUE=0 or the matrix leaves it out. */
function queueModeVersion() {
	return process.env.BYAI_E2E_QUEUE !== '0' && e2eVersions().includes(QUEUE_MODE_VERSION) ? QUEUE_MODE_VERSION : undefined;
}

module.exports = { e2eVersions, queueModeVersion, QUEUE_MODE_VERSION };
