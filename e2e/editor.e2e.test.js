'use strict';
// The editor in a real browser (Debian's chromium driven by playwright-core): the Byai node's live
// dropdowns load the sandbox's companies and caller lines, and the trigger shows which URLs to hand over.
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const { startSandbox } = require('../sandbox');
const { startN8n, ROOT } = require('./n8n');

const VERSION = (process.env.BYAI_E2E_N8N_VERSIONS || '2.41.1').split(',')[0].trim();
const SHOTS = path.join(ROOT, '.e2e-artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Debian's chromium (no browser downloads here), with CJK fonts so screenshots show the Chinese names. */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: install it with "sudo apt-get install chromium fonts-noto-cjk" (or set CHROMIUM_PATH)`);
	execFileSync('apt-get', ['update'], { stdio: 'ignore' });
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

let sandbox;
let n8n;
let browser;
let page;
let workflowId;

beforeAll(async () => {
	fs.mkdirSync(SHOTS, { recursive: true });
	ensureChromium();
	sandbox = await startSandbox({ port: 0, quiet: true });
	n8n = await startN8n({ version: VERSION });
	const credential = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
	const workflow = await n8n.createWorkflow({
		name: 'Editor check',
		nodes: [
			{ parameters: { events: ['callFinished', 'taskStatusChanged'], options: {} }, name: 'Byai Trigger', type: 'n8n-nodes-byai.byaiTrigger', typeVersion: 1, position: [0, 0], webhookId: crypto.randomUUID(), id: crypto.randomUUID() },
			{ parameters: { resource: 'task', operation: 'create' }, name: 'Create Task', type: 'n8n-nodes-byai.byai', typeVersion: 1, position: [300, 0], credentials: { byaiApi: { id: credential.id, name: credential.name } }, id: crypto.randomUUID() },
		],
		connections: { 'Byai Trigger': { main: [[{ node: 'Create Task', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	workflowId = workflow.id;
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
	page = await context.newPage();
	// Sign in like a user (n8n ties its auth cookie to the browser it was issued to).
	await page.goto(`${n8n.url}/signin`);
	await page.locator('[data-test-id="emailOrLdapLoginId"] input, input[type="email"]').first().fill(n8n.owner.email);
	await page.locator('[data-test-id="password"] input, input[type="password"]').first().fill(n8n.owner.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
});

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await sandbox?.stop();
});

const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${VERSION}-${name}.png`) });

async function openNode(name) {
	await page.goto(`${n8n.url}/workflow/${workflowId}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).first();
	await node.waitFor({ timeout: 60_000 });
	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 30_000 });
}

test('Task → Create: the company list and the caller lines of that company load from the account', async () => {
	await openNode('Create Task');
	await shot('1-task-create');
	await page.locator('[data-test-id="ndv"]').getByPlaceholder('Choose...').first().click();
	await page.getByText('杭州示例科技有限公司 (3811)').waitFor({ timeout: 30_000 });
	await shot('2-companies');
	for (const company of ['上海云呼信息技术有限公司 (3812)', '深圳测试保险代理有限公司 (3813)']) await expect(page.getByText(company).count()).resolves.toBeGreaterThan(0);
	await page.getByText('杭州示例科技有限公司 (3811)').click();
	await page.locator('[data-test-id="parameter-input-callerLineIds"]').click();
	await page.getByText('固话线路 · Landline').first().waitFor({ timeout: 30_000 });
	await expect(page.getByText('备用手机线路 · Mobile · Unavailable').count()).resolves.toBeGreaterThan(0);
	await shot('3-caller-lines');
});

test('Byai Trigger: the notice says which URL goes where, and both webhook URLs are listed', async () => {
	await openNode('Byai Trigger');
	await page.getByText('Byai has no API to register callbacks', { exact: false }).first().waitFor({ timeout: 30_000 });
	await page.getByText('Webhook URLs').first().click();
	await shot('4-trigger');
	const content = await page.content();
	expect(content).toContain('/call-record');
	expect(content).toContain('/task-status');
	expect(content).toContain('通话记录回调地址');
});
