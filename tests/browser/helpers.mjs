// Shared set-up of the browser tests: Debian's chromium driven by playwright-core against the API that
// scripts/test.sh started (RESOURCEMAP_URL) on a throwaway database with the sample directory.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const BASE_URL = process.env.RESOURCEMAP_URL ?? 'http://127.0.0.1:5080';
export const API_KEY = process.env.RESOURCEMAP_BROWSER_API_KEY ?? '';
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCREENSHOTS = process.env.RESOURCEMAP_SCREENSHOT_DIR ?? join(REPO_ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

/** A page that fails the test on any script error or CSP violation (nothing may come from elsewhere). */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) page.errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(BASE_URL) && !/^(data|blob):/.test(r.url())) page.errors.push(`request to another origin: ${r.url()}`); });
  return page;
}

export async function openMap(page, hash = '#/') {
  await page.goto(`${BASE_URL}/${hash}`);
  await page.waitForSelector('body[data-map-ready=true]', { timeout: 20000 });
}

export async function signIn(page, screen = 'surveys') {
  await page.goto(`${BASE_URL}/#/staff/${screen}`);
  await page.getByLabel(/APIキー|API key/).fill(API_KEY);
  await page.getByRole('button', { name: /開始|Start/ }).click();
  await page.waitForSelector('.tabs');
}

/** axe-core on the current page: no serious or critical violation. */
export async function assertAccessible(page, name) {
  // Evaluated through the DevTools protocol: the console's CSP (rightly) refuses an inline script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), [],
    `${name}: axe-core found serious or critical issues`);
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

export function assertNoErrors(page) {
  assert.deepEqual(page.errors, [], 'the page logged errors');
}
