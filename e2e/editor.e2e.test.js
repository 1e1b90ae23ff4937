'use strict';
// The n8n editor in a real browser (Debian's chromium driven by playwright-core), on every n8n version of
// the matrix: a user signs in, adds the Byai Trigger and the Byai node from the node panel, and the node's
// live dropdowns load the sandbox's companies and the caller lines of the chosen company; saving the Byai API
// credential runs its test and shows the result.
// Screenshots: .e2e-artifacts/screenshots/<version>-<step>.png
const fs = require('fs');
const path = require('path');

const { startSandbox } = require('../sandbox');
const { startN8n, ROOT } = require('./n8n');
const { launchBrowser, signIn } = require('./browser');
const { e2eVersions } = require('./matrix');

const SHOTS = path.join(ROOT, '.e2e-artifacts', 'screenshots');
const COMPANIES = ['杭州示例科技有限公司 (3811)', '上海云呼信息技术有限公司 (3812)', '深圳测试保险代理有限公司 (3813)'];

const describeEditor = process.env.BYAI_E2E_EDITOR === '0' ? describe.skip : describe;

describeEditor.each(e2eVersions())('editor of n8n %s', (version) => {
	let sandbox;
	let n8n;
	let credential;
	let browser;
	let page;
	const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${version}-${name}.png`) });
	const ndv = () => page.getByTestId('ndv');
	const visibleText = (text) => page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true }).first();

	/** Opens the node panel from `opener`, searches "Byai" and opens our package's entry. */
	async function openByaiInNodePanel(opener) {
		await opener.click();
		await page.getByTestId('node-creator-search-bar').fill('Byai');
		await page.getByTestId('node-creator-item-name').filter({ hasText: /^Byai$/ }).first().click();
	}

	/**
	 * Opens a dropdown until `text` shows in it. Its options are fetched from Byai when the node opens and
	 * again when a parameter they depend on changes, so a click while they reload may show nothing.
	 */
	async function openDropdown(opener, text) {
		for (let attempt = 1; ; attempt++) {
			await opener.click();
			try {
				await visibleText(text).waitFor({ timeout: 5000 });
				return;
			} catch (error) {
				if (attempt === 5) throw error;
				process.stderr.write(`[editor] "${text}" not shown yet; opening the dropdown again\n`);
				await page.getByTestId('parameter-input-taskName').click(); // closes whatever opened
				await page.waitForTimeout(500);
			}
		}
	}

	async function closeNdv() {
		await page.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]').first().click();
		await ndv().waitFor({ state: 'hidden' });
	}

	beforeAll(async () => {
		fs.mkdirSync(SHOTS, { recursive: true });
		for (const name of fs.readdirSync(SHOTS)) if (name.startsWith(`${version}-`)) fs.rmSync(path.join(SHOTS, name));
		sandbox = await startSandbox({ port: 0, quiet: true });
		n8n = await startN8n({ version });
		credential = await n8n.createCredential({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url });
		browser = await launchBrowser();
		page = await browser.context.newPage();
		page.setDefaultTimeout(30_000);
		await signIn(page, n8n);
		await page.goto(`${n8n.url}/workflow/new`);
		await page.getByTestId('canvas-add-button').waitFor({ timeout: 60_000 });
	});

	afterEach(async () => {
		// The page as it was when a test ended (passed or not): the first thing to look at when one fails.
		const { currentTestName } = expect.getState();
		if (page && !currentTestName.includes('credential')) await page.screenshot({ path: path.join(SHOTS, `${version}-last-${currentTestName.includes('Trigger') ? 'trigger' : 'node'}.png`) }).catch(() => {});
	});

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await sandbox?.stop();
	});

	test('Byai Trigger: added from the node panel, it says which URL goes where and lists both webhook URLs', async () => {
		await openByaiInNodePanel(page.getByTestId('canvas-add-button'));
		await visibleText('On call finished').waitFor();
		await page.waitForTimeout(500); // the panel slides in
		await shot('1-node-panel-triggers');
		await visibleText('On call finished').click();
		await ndv().waitFor();
		await ndv().getByText('Byai has no API to register callbacks', { exact: false }).waitFor();
		await ndv().getByText('Webhook URLs').first().click();
		await ndv().getByText(/\/call-record$/).first().waitFor();
		await shot('2-trigger-test-urls');
		const text = await ndv().innerText();
		expect(text).toMatch(/webhook-test\/[0-9a-f-]{36}\/call-record/);
		expect(text).toMatch(/webhook-test\/[0-9a-f-]{36}\/task-status/);
		expect(text).toContain('通话记录回调地址');
		expect(text).toContain('任务回调地址');
		// (n8n 1.x hides a parameter that a credential's displayOptions depend on, taking it for an
		// authentication field: the toggle must stay visible there too.)
		expect(text).toContain('Verify Signature');
		// The production URLs, the ones to hand over to Byai.
		await ndv().getByText('Production URL').first().click();
		await ndv().getByText(/\/webhook\/[0-9a-f-]{36}\/task-status$/).first().waitFor();
		await shot('3-trigger-production-urls');
		expect(await ndv().innerText()).toMatch(new RegExp(`${n8n.url.replace(/[.:/]/g, '\\$&')}/webhook/[0-9a-f-]{36}/call-record`));
		await closeNdv();
		await page.getByTestId('canvas-node').filter({ hasText: 'Byai Trigger' }).first().waitFor();
	});

	test('Byai: Task → Create picked in the node panel; the companies, then the caller lines of the chosen company load', async () => {
		await openByaiInNodePanel(page.getByTestId('node-creator-plus-button'));
		await page.getByTestId('node-creator').getByText('Create a task', { exact: true }).click();
		await ndv().waitFor();
		await expect(page.getByTestId('parameter-input-resource').locator('input').inputValue()).resolves.toBe('Task');
		await expect(page.getByTestId('parameter-input-operation').locator('input').inputValue()).resolves.toBe('Create');
		await expect(page.getByTestId('node-credentials-select').locator('input').inputValue()).resolves.toBe('Byai sandbox');
		await shot('4-task-create');

		// Company: a resource locator whose list comes from the account (GET /openapi/v1/company/getCompanys).
		await openDropdown(page.getByTestId('resource-locator-companyId').getByTestId('rlc-input'), COMPANIES[0]);
		for (const company of COMPANIES) await visibleText(company).waitFor();
		await shot('5-companies');
		await visibleText(COMPANIES[0]).click();
		await expect(page.getByTestId('resource-locator-companyId').getByTestId('rlc-input').inputValue()).resolves.toContain('3811');

		// Caller lines of company 3811, with their type and availability.
		await openDropdown(page.getByTestId('parameter-input-callerLineIds'), '固话线路 · Landline');
		for (const line of ['手机线路 · Mobile', '固话线路 · Landline', '无主叫线路 · No Caller ID', 'SIP线路 · SIP', '备用手机线路 · Mobile · Unavailable']) {
			await visibleText(line).waitFor();
		}
		await shot('6-caller-lines');
		await visibleText('固话线路 · Landline').click();
		await page.getByTestId('parameter-input-taskName').click(); // closes the dropdown

		// The robot scripts of the same company.
		await openDropdown(page.getByTestId('parameter-input-robotDefId'), /课程体验邀约/);
		await shot('7-robot-scripts');
	});

	test("Byai API credential: n8n runs the credential's own test when it is opened and saved: success, and the advice for a wrong secret", async () => {
		// In a tab of its own: the workflow tab has unsaved changes.
		const tab = await browser.context.newPage();
		tab.setDefaultTimeout(30_000);
		try {
			await tab.goto(`${n8n.url}/home/credentials/${credential.id}`);
			const dialog = tab.getByTestId('credential-edit-dialog');
			const save = tab.getByTestId('credential-save-button');
			await dialog.getByText('Connection tested successfully').waitFor();
			const secret = dialog.getByTestId('credential-connection-parameter').filter({ hasText: 'APP_SECRET' }).locator('input').first();
			await secret.fill('not-the-secret');
			await save.click();
			await dialog.getByText('Couldn’t connect with these settings').waitFor();
			const moreDetails = dialog.getByText('More details');
			if (await moreDetails.count()) await moreDetails.first().click();
			await dialog.getByText('Check APP_KEY and APP_SECRET', { exact: false }).waitFor();
			await tab.screenshot({ path: path.join(SHOTS, `${version}-8-credential-wrong-secret.png`) });
			expect(await dialog.innerText()).not.toContain('not-the-secret');

			await secret.fill(sandbox.appSecret);
			await save.click();
			await dialog.getByText('Connection tested successfully').waitFor();
			await tab.screenshot({ path: path.join(SHOTS, `${version}-9-credential-tested.png`) });
		} finally {
			await tab.screenshot({ path: path.join(SHOTS, `${version}-last-credential.png`) }).catch(() => {});
			await tab.close();
		}
	});
});
