// The repository stands alone: a copy of its files (what git tracks, plus new files not ignored), in a folder
// with nothing beside it, runs the sandbox and the contract test; and no file of it points outside the
// repository (to the reference folder the project grew up next to, or to a developer's machine).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { sign } from './sandbox/harness';

const ROOT = path.resolve(__dirname, '..');
const REPO_FILES = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
	.toString()
	.split('\0')
	.filter((file) => file && fs.existsSync(path.join(ROOT, file)));

let outside: string; // the copy's parent: holds the copy and nothing else
let copy: string;

beforeAll(() => {
	outside = fs.mkdtempSync(path.join(os.tmpdir(), 'byai-standalone-'));
	copy = path.join(outside, 'n8n-nodes-byai');
	for (const file of REPO_FILES) {
		fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
		fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
	}
	// What `npm ci` would install; inside the copy, so nothing lies beside it.
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});

afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));

/** The environment of a fresh shell: no override pointing the reference elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	delete env.BYAI_API_REFERENCE_DIR;
	return env;
}

test('the copy has the API reference and nothing beside it', () => {
	expect(fs.readdirSync(outside)).toEqual(['n8n-nodes-byai']);
	for (const file of ['endpoints.json', 'callbacks.json', 'README.md']) expect(fs.existsSync(path.join(copy, 'sandbox', 'byai-api', file))).toBe(true);
});

test('the sandbox runs from the copy and answers from its reference (signature, paging cap)', async () => {
	const child = spawn(process.execPath, ['sandbox/cli.js'], {
		cwd: copy,
		env: { ...cleanEnv(), BYAI_SANDBOX_PORT: '0', BYAI_SANDBOX_HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		const url = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`the sandbox did not start:\n${output}`)), 20_000);
			const check = () => {
				const match = /listening on (http:\/\/\S+)/.exec(output);
				if (match) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			};
			child.stdout.on('data', check);
			child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}):\n${output}`)));
		});
		const get = async (route: string) => {
			const datetime = new Date().toUTCString();
			const headers = { appkey: 'sandbox-app-key', datetime, sign: sign('sandbox-app-key', 'sandbox-app-secret', datetime) };
			return (await fetch(`${url}${route}`, { headers })).json();
		};
		expect(await get('/openapi/v1/company/getCompanys')).toMatchObject({ code: 200, data: expect.arrayContaining([expect.objectContaining({ companyId: 3811 })]) });
		// The cap comes from endpoints.json's paging limits.
		expect(await get('/openapi/v1/task/getTasks?companyId=3811&pageNum=1&pageSize=101')).toMatchObject({ code: 412, resultMsg: expect.stringContaining('pageSize') });
	} finally {
		child.kill('SIGTERM');
		await exited;
	}
});

test('the contract test passes in the copy', () => {
	const jest = path.join(copy, 'node_modules', 'jest', 'bin', 'jest.js');
	let output = '';
	try {
		output = execFileSync(process.execPath, [jest, '--ci', '--colors=false', 'test/sandbox/contract.test.ts'], { cwd: copy, env: cleanEnv(), stdio: 'pipe' }).toString();
	} catch (error) {
		const { stdout, stderr } = error as { stdout: Buffer; stderr: Buffer };
		throw new Error(`the contract test failed in the copy:\n${stdout}\n${stderr}`.slice(-6000));
	}
	expect(output).toMatch(/unit: [1-9]\d* passed, 0 failed/);
}, 180_000);

describe('no file points outside the repository', () => {
	// Built from pieces so that this file does not match itself.
	const FORBIDDEN = [new RegExp(['\\.\\.', 'shared'].join('/')), new RegExp(['', 'work', ''].join('/')), new RegExp(['', 'root', ''].join('/'))];
	const TEXT = /\.(ts|js|mjs|cjs|json|md|yml|yaml|sh|txt)$|(^|\/)(\.ci\/run|\.npmrc|\.gitignore)$/;
	const textFiles = REPO_FILES.filter((file) => TEXT.test(file) && file !== 'package-lock.json');

	test.each(FORBIDDEN.map((pattern) => [pattern.source]))('no file mentions %s', (source) => {
		const pattern = new RegExp(source);
		const offenders = textFiles.filter((file) => pattern.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
		expect(offenders).toEqual([]);
	});

	test('every relative link of the Markdown files leads to a file or folder of the repository', () => {
		const broken: string[] = [];
		for (const file of textFiles.filter((name) => name.endsWith('.md'))) {
			for (const [, target] of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
				if (/^([a-z]+:|#)/i.test(target)) continue;
				const resolved = path.normalize(path.join(path.dirname(file), target.split('#')[0]));
				const inside = !resolved.startsWith('..') && !path.isAbsolute(resolved);
				const exists = REPO_FILES.some((repoFile) => repoFile === resolved || repoFile.startsWith(`${resolved.replace(/\/$/, '')}/`));
				if (!inside || !exists) broken.push(`${file}: ${target}`);
			}
		}
		expect(broken).toEqual([]);
	});
});
