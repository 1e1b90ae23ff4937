// The release pipeline, checked without GitHub: both workflow files parsed (triggers, permissions, steps), the
// publish step with provenance, and the release checklist that blocks publishing placeholder metadata.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const { problemsOf } = require('../.ci/check-release.js') as { problemsOf: (root: string, repository: string, tag: string) => string[] };

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	permissions?: Record<string, string>;
	needs?: string;
	steps: Step[];
}

const workflow = (name: string) => parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** The index of the first step running `command` (-1 if none). */
const stepRunning = (steps: Step[], command: string) => steps.findIndex((step) => step.run?.split('\n').some((line) => line.trim().split(' && ').includes(command)));

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');
	const jobs: Record<string, Job> = ci.jobs;

	test('runs on pull requests and on pushes to main, reading the repository only', () => {
		expect(ci.on).toHaveProperty('pull_request');
		expect(ci.on.push.branches).toEqual(['main']);
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	test('installs, lints, builds, scans and runs the unit tests, in that order', () => {
		const { steps } = jobs.check;
		expect(steps[0].uses).toMatch(/^actions\/checkout@v\d/);
		const order = ['npm ci', 'npm run lint', 'npm run build', 'npm run test:scan', 'npm run typecheck', 'npm run test:unit'].map((command) => stepRunning(steps, command));
		expect(order.every((index) => index > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});

	test('then the end-to-end suites in real n8n', () => {
		expect(jobs.e2e.needs).toBe('check');
		expect(stepRunning(jobs.e2e.steps, 'npm run test:e2e')).toBeGreaterThan(stepRunning(jobs.e2e.steps, 'npm run build'));
	});

	test('the scripts it runs exist', () => {
		for (const script of ['lint', 'build', 'test:scan', 'typecheck', 'test:unit', 'test:e2e']) expect(pkg.scripts[script]).toBeDefined();
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = workflow('publish.yml');
	const job: Job = publish.jobs.publish;
	const { steps } = job;

	test('runs on version tags only', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(Object.keys(publish.on.push)).toEqual(['tags']);
		const patterns: string[] = publish.on.push.tags;
		// GitHub's filter: * matches any characters except "/".
		const matches = (tag: string) => patterns.some((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(tag));
		expect(['0.1.0', '1.2.3', '2.0.0-rc.1', 'v0.2.0'].every(matches)).toBe(true);
		expect(['main', 'release', 'latest'].some(matches)).toBe(false);
	});

	test('may mint an OIDC token for provenance and only read the repository', () => {
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	});

	test('the release checklist runs first, on this repository and tag', () => {
		const checklist = stepRunning(steps, 'node .ci/check-release.js "$GITHUB_REPOSITORY" "$GITHUB_REF_NAME"');
		expect(checklist).toBe(1); // right after the checkout
	});

	test('installs, lints, builds and tests before it publishes', () => {
		const publishStep = stepRunning(steps, 'npm run release');
		for (const command of ['npm ci', 'npm run lint', 'npm run build', 'npm run test:scan', 'npm run typecheck', 'npm run test:unit']) {
			const index = stepRunning(steps, command);
			expect({ command, before: index > 0 && index < publishStep }).toEqual({ command, before: true });
		}
		expect(publishStep).toBe(steps.length - 1);
	});

	test('publishes with provenance: `n8n-node release`, which sets NPM_CONFIG_PROVENANCE in GitHub Actions', () => {
		expect(pkg.scripts.release).toBe('n8n-node release');
		const cli = fs.readFileSync(path.join(ROOT, 'node_modules/@n8n/node-cli/dist/commands/release.js'), 'utf8');
		expect(cli).toMatch(/GITHUB_ACTIONS[\s\S]*'publish'[\s\S]*NPM_CONFIG_PROVENANCE: 'true'/);
		const release = steps[stepRunning(steps, 'npm run release')];
		expect(release.env).toEqual({ NPM_TOKEN: '${{ secrets.NPM_TOKEN }}' }); // optional: Trusted Publishing needs none
		// Trusted Publishing needs npm ≥ 11.5.1; Node 20 ships npm 10.
		expect(stepRunning(steps, 'npm install -g npm@11')).toBeGreaterThan(0);
	});
});

describe('the release checklist (.ci/check-release.js)', () => {
	const REPOSITORY = 'byai-example/n8n-nodes-byai';
	let folder: string;
	const withPackage = (changes: Record<string, unknown>) => {
		fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ ...pkg, ...changes }));
		return folder;
	};
	const real = {
		homepage: `https://github.com/${REPOSITORY}#readme`,
		repository: { type: 'git', url: `git+https://github.com/${REPOSITORY}.git` },
		author: { name: 'Byai Example', email: 'maintainers@byai-example.com' },
	};

	beforeAll(() => {
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'byai-release-'));
		fs.copyFileSync(path.join(ROOT, 'CHANGELOG.md'), path.join(folder, 'CHANGELOG.md'));
	});
	afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

	test('blocks this repository as it is: the metadata is a placeholder', () => {
		const problems = problemsOf(ROOT, REPOSITORY, pkg.version);
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringContaining('repository.url is still the placeholder'),
				expect.stringContaining('homepage is still the placeholder'),
				expect.stringContaining('author.email is still the placeholder'),
			]),
		);
		// and as a command, the way the workflow runs it
		expect(() => execFileSync(process.execPath, ['.ci/check-release.js', REPOSITORY, pkg.version], { cwd: ROOT, stdio: 'pipe' })).toThrow(/release blocked: repository.url/);
	});

	test('passes real metadata of the repository it runs in, with the tag of the version and its changelog section', () => {
		expect(problemsOf(withPackage(real), REPOSITORY, pkg.version)).toEqual([]);
		expect(problemsOf(withPackage(real), REPOSITORY, `v${pkg.version}`)).toEqual([]);
	});

	test('blocks another repository, another version or a missing changelog section', () => {
		expect(problemsOf(withPackage(real), 'someone-else/n8n-nodes-byai', pkg.version)).toEqual([
			expect.stringContaining('repository.url'),
			expect.stringContaining('homepage'),
		]);
		expect(problemsOf(withPackage(real), REPOSITORY, '9.9.9')).toEqual([expect.stringContaining('does not match package.json version')]);
		expect(problemsOf(withPackage({ ...real, version: '9.9.9' }), REPOSITORY, '9.9.9')).toEqual([expect.stringContaining('CHANGELOG.md has no "## 9.9.9" section')]);
	});
});
