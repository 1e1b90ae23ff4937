// The lint leg of n8n's verification gate (@n8n/scan-community-package), run as the gate runs it: ESLint with
// n8n's community rules, inline eslint-disable comments ignored, over the source (package.json, nodes/,
// credentials/) and over the package as published (the unpacked `npm pack` tarball: its JS and package.json).
// Any error fails (exit 1). Needs the build (dist/). Offline: the gate's provenance and download steps are
// not run; their requirements are met by .github/workflows/publish.yml.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'byai-scan-'));
process.env.TMPDIR = work; // the scanner makes a temp folder when loaded: keep it inside ours
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
const TARBALL_PATTERNS = ['**/*.js', 'package.json']; // what the gate lints in the published tarball

const say = (line) => process.stdout.write(`[scan] ${line}\n`);

function unpackTarball() {
	const [{ filename, files }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }).toString());
	const { n8n } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const missing = [...n8n.nodes, ...n8n.credentials].filter((file) => !files.some((packed) => packed.path === file));
	if (missing.length) throw new Error(`the tarball lacks ${missing.join(', ')}: run npm run build first`);
	const dir = path.join(work, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', ['-xzf', path.join(work, filename), '-C', dir, '--strip-components=1']);
	return { dir, count: files.length };
}

/** A package the gate must refuse (a deprecated helper behind an inline disable): proves the leg can fail. */
function canary() {
	const dir = path.join(work, 'canary');
	fs.mkdirSync(path.join(dir, 'nodes', 'Canary'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'n8n-nodes-canary', version: '0.0.1', keywords: ['n8n-community-node-package'] }));
	fs.writeFileSync(
		path.join(dir, 'nodes', 'Canary', 'Canary.node.js'),
		'// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions\nexports.call = async function () { return this.helpers.request({ uri: "http://127.0.0.1" }); };\n',
	);
	return dir;
}

let failed = false;
try {
	const canaryResult = await analyzePackage(canary(), TARBALL_PATTERNS);
	if (canaryResult.passed || !/no-deprecated-workflow-functions/.test(canaryResult.details ?? '')) {
		throw new Error(`the scanner passed a package it must refuse (inline disables not ignored?): ${JSON.stringify(canaryResult).slice(0, 500)}`);
	}
	const tarball = unpackTarball();
	for (const [leg, dir, patterns] of [
		['source (package.json, nodes/, credentials/)', ROOT, SOURCE_FILE_PATTERNS],
		[`npm pack tarball (${tarball.count} files)`, tarball.dir, TARBALL_PATTERNS],
	]) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed) say(`${leg}: passed`);
		else {
			failed = true;
			say(`${leg}: FAILED (${result.message})`);
			if (result.details) process.stdout.write(`${result.details}\n`);
		}
	}
} catch (error) {
	failed = true;
	say(`could not run: ${error.message}`);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
