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

module.exports = { e2eVersions };
