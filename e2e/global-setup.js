'use strict';
// Before the e2e suites: n8n of every version of the matrix in the cache, chromium, and the package packed
// once. Runs outside the tests' time limits: a first install takes minutes.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { ensureN8n, packPackage, ROOT } = require('./n8n');
const { ensureChromium } = require('./browser');
const { e2eVersions, queueModeVersion } = require('./matrix');
const { ensurePostgres, ensureRedis } = require('./services');

module.exports = async () => {
	const started = Date.now();
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes', 'Byai', 'Byai.node.js'))) {
		process.stderr.write('[e2e] dist/ is missing: npm run build\n');
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	}
	for (const version of e2eVersions()) await ensureN8n(version);
	if (process.env.BYAI_E2E_EDITOR !== '0') await ensureChromium();
	if (queueModeVersion()) {
		// apt-get, when missing (one after the other: apt holds a lock)
		for (const ensure of [ensurePostgres, ensureRedis]) {
			await ensure().catch((error) => {
				throw new Error(`${error.message} (or set BYAI_E2E_QUEUE=0 to skip the queue-mode suite)`);
			});
		}
	}
	process.env.BYAI_E2E_TARBALL = packPackage(); // inherited by the test workers
	process.stderr.write(`[e2e] n8n ${e2eVersions().join(', ')} ready, package packed (${Math.round((Date.now() - started) / 1000)} s)\n`);
};
