'use strict';
// A real browser for the editor tests: Debian's chromium driven by playwright-core (no browser downloads).
const fs = require('fs');
const os = require('os');
const path = require('path');

const { run, withProgress } = require('./progress');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Installs chromium (and CJK fonts, so screenshots show the Chinese names) with apt-get when missing. */
async function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
		throw new Error(`${CHROMIUM} is missing: install it (Debian: sudo apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH`);
	}
	const started = Date.now();
	process.stderr.write('[browser] installing chromium and fonts-noto-cjk with apt-get (first use only; about 1-3 minutes)\n');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	let stage = 'apt-get update';
	await withProgress('browser', () => `installing chromium: ${stage}`, async () => {
		await run('apt-get', ['update'], { env });
		stage = 'apt-get install chromium fonts-noto-cjk (downloading and unpacking)';
		await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { env });
	});
	process.stderr.write(`[browser] chromium installed in ${Math.round((Date.now() - started) / 1000)} s\n`);
	return CHROMIUM;
}

/** Launches headless chromium with a fresh profile; close() also removes the profile. */
async function launchBrowser() {
	const { chromium, selectors } = require('playwright-core');
	selectors.setTestIdAttribute('data-test-id'); // n8n's attribute for getByTestId
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'byai-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: await ensureChromium(),
		headless: true,
		viewport: { width: 1600, height: 1000 },
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
	});
	const close = async () => {
		await context.close().catch(() => {});
		fs.rmSync(profile, { recursive: true, force: true });
	};
	return { context, close };
}

/** Signs in on n8n's sign-in page like a user (n8n ties its auth cookie to the browser it was issued to). */
async function signIn(page, n8n) {
	await page.goto(`${n8n.url}/signin`);
	await page.locator('[data-test-id="emailOrLdapLoginId"] input, input[type="email"]').first().fill(n8n.owner.email);
	await page.locator('[data-test-id="password"] input, input[type="password"]').first().fill(n8n.owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
}

module.exports = { ensureChromium, launchBrowser, signIn, CHROMIUM };
