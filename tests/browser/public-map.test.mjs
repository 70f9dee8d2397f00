// The public map at /: tiles render, filters narrow the list, the place box moves the map, a click asks who
// serves the point, the detail panel, English, a phone-sized screen, accessibility and the first-render budget.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { BASE_URL, assertAccessible, assertNoErrors, launch, newPage, openMap, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const resultCount = (page) => page.locator('.result-list .result').count();

test('the map renders service features from the vector tiles and lists them', async () => {
  const page = await newPage(browser);
  await openMap(page);
  await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.renderedServices) > 0, null, { timeout: 20000 });
  const rendered = Number(await page.locator('#map').getAttribute('data-rendered-services'));
  assert.ok(rendered >= 20, `expected the sample directory's sites on the map, got ${rendered}`);
  assert.ok(await resultCount(page) >= 20);
  // Tiles come from this API, nothing else: the page refused no resource and called no other origin.
  assertNoErrors(page);
  await assertAccessible(page, 'public map');
  await screenshot(page, 'map');
  await page.context().close();
});

test('the map page renders within 2 s (warm loads with the sample data)', async (t) => {
  const page = await newPage(browser);
  await openMap(page); // the first load fills the HTTP cache, as a returning visitor's browser would have it
  const times = [];
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await page.waitForSelector('body[data-map-ready=true]', { timeout: 20000 });
    times.push(await page.evaluate(() => performance.getEntriesByName('resourcemap:first-render')[0]?.startTime));
  }
  const median = times.sort((a, b) => a - b)[1];
  // 2 s on this 2-core machine. When other work saturates it (load per core over 2), the budget grows with the
  // square root of the load, so a busy shared machine does not fail the suite while a slow page still does.
  const loadPerCore = os.loadavg()[0] / os.cpus().length;
  const budget = 2000 * Math.max(1, Math.sqrt(loadPerCore / 2));
  t.diagnostic(`first render (tiles + list): ${times.map(Math.round).join(', ')} ms; median ${Math.round(median)} ms; budget ${Math.round(budget)} ms at load ${loadPerCore.toFixed(1)} per core`);
  assert.ok(median < budget, `first render took ${Math.round(median)} ms (budget ${Math.round(budget)} ms)`);
  await page.context().close();
});

test('a category filter narrows the list and the tiles', async () => {
  const page = await newPage(browser);
  await openMap(page);
  const before = await resultCount(page);
  await page.getByLabel('活動の種類').selectOption('ibasho');
  await page.waitForFunction((n) => document.querySelectorAll('.result-list .result').length < n, before, { timeout: 15000 });
  const after = await resultCount(page);
  assert.ok(after > 0 && after < before, `ibasho: ${after} of ${before}`);
  const dots = await page.locator('.result-list .dot').evaluateAll((els) => els.map((e) => e.className));
  assert.ok(dots.every((c) => c.includes('cat-ibasho')), 'only 居場所づくり services are listed');
  // Search by problem, as residents do: a problem keyword narrows further (or keeps the list when all match).
  const keyword = page.getByLabel('困りごと（キーワード）');
  const firstKeyword = await keyword.locator('option').nth(1).getAttribute('value');
  await keyword.selectOption(firstKeyword);
  await page.waitForTimeout(500);
  await page.waitForLoadState('networkidle');
  assert.ok(await resultCount(page) <= after);
  await screenshot(page, 'map-filtered');
  await page.context().close();
});

test('a place search moves the map to the town', async () => {
  const page = await newPage(browser);
  await openMap(page);
  const start = await page.evaluate(() => document.getElementById('map').dataset.center ?? '');
  await page.getByLabel('場所（住所・町名）').fill('北海道白老郡白老町大町6丁目');
  await page.getByRole('button', { name: '移動', exact: true }).click();
  await page.waitForFunction(() => /白老町/.test(document.getElementById('place-status')?.textContent ?? ''), null, { timeout: 15000 });
  await page.waitForFunction((s) => (document.getElementById('map').dataset.center ?? '') !== s, start, { timeout: 15000 });
  const [lng, lat] = (await page.locator('#map').getAttribute('data-center')).split(',').map(Number);
  // The map is centred on the point the offline geocoder gives for the town, not at the start view.
  const place = await (await page.request.get(`${BASE_URL}/api/geocode?address=${encodeURIComponent('北海道白老郡白老町大町6丁目')}`)).json();
  assert.equal(place.municipality_code, '01578');
  assert.ok(Math.abs(lng - place.lng) < 0.001 && Math.abs(lat - place.lat) < 0.001, `centre ${lng},${lat} vs ${place.lng},${place.lat}`);
  await page.context().close();
});

test('clicking the map lists who serves that point; a result opens the detail panel', async () => {
  const page = await newPage(browser);
  await openMap(page);
  // An empty spot inland of 登別 (no site under the cursor): the click asks for coverage.
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + 40, box.y + 40);
  await page.waitForSelector('#results-title:has-text("この地点を担当するサービス")', { timeout: 15000 });
  assert.ok(await resultCount(page) > 0, 'wide-area and prefecture services cover every point of the area');
  await page.locator('.result-list .result').first().click();
  const detail = page.locator('#detail');
  await detail.locator('#detail-title').waitFor();
  for (const label of ['活動内容', '開いている時間', '電話', '連絡手段', '所在地', '最終確認日'])
    assert.equal(await detail.locator('dt').getByText(label, { exact: true }).count(), 1, `the detail shows ${label}`);
  assert.match(await detail.textContent(), /\d{4}年\d{1,2}月\d{1,2}日/);
  await assertAccessible(page, 'map with detail');
  await screenshot(page, 'map-detail');
  await page.context().close();
});

test('the hours are in Japanese, and the English toggle switches the page', async () => {
  const page = await newPage(browser);
  await openMap(page);
  await page.getByLabel('名前・内容で探す').fill('サロン');
  await page.getByLabel('名前・内容で探す').press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('.result-name')].every((e) => true) && document.querySelectorAll('.result-list .result').length > 0);
  await page.locator('.result-list .result').first().click();
  await page.locator('#detail-title').waitFor();
  const hours = await page.locator('.hours li').allTextContents();
  if (hours.length) assert.match(hours[0], /^(月|火|水|木|金|土|日)曜|^祝日/);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.waitForSelector('body[data-map-ready=true]');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByLabel('Place (address or town)').waitFor();
  assert.ok(await page.getByRole('heading', { name: 'Map of local support against loneliness' }).isVisible());
  await screenshot(page, 'map-english');
  await page.getByRole('button', { name: '日本語に切り替え' }).click();
  await page.context().close();
});

test('on a phone-sized screen the map and the list stack and nothing overflows sideways', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await openMap(page);
  const map = await page.locator('#map').boundingBox();
  const place = await page.getByLabel('場所（住所・町名）').boundingBox();
  assert.ok(map.width <= 390 && map.height > 200, 'the map fills the width');
  assert.ok(place.y > map.y, 'the search sits below the map');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await assertAccessible(page, 'phone map');
  await screenshot(page, 'map-phone');
  await page.context().close();
});

test('every control is reachable by keyboard with a visible focus ring', async () => {
  const page = await newPage(browser);
  await openMap(page);
  const seen = new Set();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id || el.textContent?.trim().slice(0, 20), outline: style.outlineStyle, width: style.outlineWidth };
    });
    assert.notEqual(info.outline, 'none', `focus on ${info.id} is not visible`);
    seen.add(info.id);
  }
  for (const id of ['place', 'filter-keyword', 'filter-q', 'filter-category', 'filter-target', 'filter-anonymous', 'filter-open'])
    assert.ok(seen.has(id), `${id} is reachable by Tab`);
  await page.context().close();
});

test('the API keeps its own strict CSP; the console page gets one that allows only this origin', async () => {
  const page = await newPage(browser);
  const response = await page.goto(`${BASE_URL}/`);
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  const api = await page.request.get(`${BASE_URL}/api/taxonomy`);
  assert.match(api.headers()['content-security-policy'], /^default-src 'none'/);
  await page.context().close();
});
