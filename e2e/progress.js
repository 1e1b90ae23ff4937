'use strict';
// Long first-use steps (an n8n install, a sqlite3 build, apt-get) run quietly but never silently: every
// BYAI_PROGRESS_INTERVAL_MS (20 s) they print their stage and the time so far.
const { spawn } = require('child_process');
const path = require('path');

const INTERVAL_MS = Number(process.env.BYAI_PROGRESS_INTERVAL_MS) || 20_000;

/** Runs work(); meanwhile prints `[tag] <stage()> (N s so far)` every interval. */
async function withProgress(tag, stage, work) {
	const started = Date.now();
	const timer = setInterval(() => process.stderr.write(`[${tag}] ${stage()} (${Math.round((Date.now() - started) / 1000)} s so far)\n`), INTERVAL_MS);
	try {
		return await work();
	} finally {
		clearInterval(timer);
	}
}

/** Runs a command; its output is kept and shown only if it fails (onOutput sees it as it comes, for progress). */
function run(command, args, { onOutput, ...options } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let output = '';
		const keep = (chunk) => {
			output = (output + chunk).slice(-20_000);
			onOutput?.(String(chunk));
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (code === 0) resolve(output);
			else reject(new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
		});
	});
}

module.exports = { withProgress, run, INTERVAL_MS };
