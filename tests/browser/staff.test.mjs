// The staff workbench: the key kept for the session only; a survey from creation to publication with the sample
// files (a needs-review row settled by picking a candidate), the published service on the public map; directory
// edits with a stale ETag and a field error; verification and the stale list; sharing; the gap analysis.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { API_KEY, BASE_URL, REPO_ROOT, assertAccessible, assertNoErrors, launch, newPage, openMap, screenshot, signIn } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SURVEYS = join(REPO_ROOT, 'seed-data', 'surveys');
const TITLE = `登別市 広域リソース調査 ${new Date().toISOString()}`;

async function apiCall(page, method, path, data, headers = {}) {
  const response = await page.request.fetch(`${BASE_URL}${path}`, {
    method, headers: { 'X-Api-Key': API_KEY, ...headers }, data: data === undefined ? undefined : JSON.stringify(data),
  });
  return { status: response.status(), headers: response.headers(), body: response.status() === 204 ? null : await response.json() };
}

test('the API key is asked once per browser session and never stored in a cookie or localStorage', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/#/staff/surveys`);
  await assertAccessible(page, 'key form');
  await screenshot(page, 'staff-key');
  await signIn(page);
  await page.reload();
  await page.waitForSelector('.tabs'); // still signed in after a reload: the key is in sessionStorage
  const stored = await page.evaluate(() => ({ session: Object.values(sessionStorage), local: Object.values(localStorage), cookie: document.cookie }));
  assert.ok(stored.session.includes(API_KEY));
  assert.ok(!stored.local.includes(API_KEY));
  assert.equal(stored.cookie, '');
  assert.equal((await page.context().cookies()).length, 0);
  const other = await newPage(browser); // another browser session asks again
  await other.goto(`${BASE_URL}/#/staff/surveys`);
  await other.getByLabel('APIキー').waitFor();
  await other.context().close();
  await page.context().close();
});

let surveyPage;
test('a survey over a region: create, import targets, mark sent and declined, response by municipality and status', async () => {
  surveyPage = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  const page = surveyPage;
  await signIn(page, 'surveys');
  await page.getByLabel('題名').fill(TITLE);
  await page.getByLabel('対象地域').selectOption('noboribetsu-survey-2024');
  await page.getByLabel('開始日').fill('2024-02-05');
  await page.getByLabel('終了日').fill('2024-02-25');
  await page.getByRole('button', { name: '作成' }).click();
  await page.getByRole('heading', { name: TITLE }).waitFor();
  await page.getByLabel('対象団体の一覧（CSV・タブ区切り・XLSX・XLS）').setInputFiles(join(SURVEYS, 'npo-open-data-2024.csv'));
  await page.getByRole('button', { name: '対象を取り込む' }).click();
  await page.getByText(/87行: 追加 \d+/).waitFor({ timeout: 30000 });
  const table = page.getByTestId('response-table');
  assert.match(await table.textContent(), /01230/);
  // Mark the first target sent and the next declined; the table counts them by municipality and status.
  await page.getByRole('button', { name: '送付済みにする' }).first().click();
  await page.getByText('送付済み', { exact: true }).first().waitFor();
  await page.getByRole('button', { name: '辞退にする' }).nth(1).click();
  await page.waitForFunction(() => [...document.querySelectorAll('tbody td')].some((td) => td.textContent === '辞退'));
  const statuses = await page.evaluate(() => [...document.querySelectorAll('[data-testid=response-table] tbody tr')]
    .map((tr) => [...tr.children].map((c) => c.textContent)));
  const sum = (col) => statuses.reduce((n, row) => n + Number(row[col]), 0);
  assert.equal(sum(2), 1, 'one target sent'); assert.equal(sum(4), 1, 'one target declined');
  await page.getByRole('button', { name: '実施中にする（配布開始）' }).click();
  await page.locator('[data-testid=survey-status][data-status=fielding]').waitFor();
  await assertAccessible(page, 'surveys');
  await screenshot(page, 'staff-surveys');
  assertNoErrors(page);
});

test('answer import: dry run table, a needs-review row settled by picking a candidate, commit', async () => {
  const page = surveyPage;
  // The directory already holds an organisation with the same name as one answer without a 法人番号: once the
  // directory's NPOs are targets too, the answer matches two targets and needs review.
  const duplicate = await apiCall(page, 'POST', '/api/organizations', {
    name: 'NPO法人 のぼりべつ地域福祉ネットワーク', name_kana: null, legal_form: 'npo', corporate_number: null, description: null,
    website: null, email: null, phones: [], platform_member: false, platform_role: null, platform_joined_on: null, owner_municipality_code: '01230',
  }, { 'Content-Type': 'application/json' });
  assert.equal(duplicate.status, 201);
  await page.goto(`${BASE_URL}/#/staff/surveys`);
  await page.getByRole('heading', { name: TITLE }).waitFor();
  await page.getByLabel('台帳の団体を対象に加える（法人格）').selectOption('npo');
  await page.getByRole('button', { name: '対象に加える' }).click();
  await page.getByText(/追加 \d+、既存/).waitFor();

  await page.getByRole('link', { name: '回答の取込' }).click();
  await page.getByLabel('回答ファイル（CSV・タブ区切り・XLSX・XLS）').setInputFiles(join(SURVEYS, 'answers-2024.sjis.csv'));
  await page.getByRole('button', { name: '試行（ドライラン）' }).click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 30000 });
  assert.equal(await summary.getAttribute('data-rows'), '19');
  assert.equal(await summary.getAttribute('data-needs-review'), '1');
  const review = page.locator('.review');
  assert.equal(await review.count(), 1, 'one row needs review');
  const row = review.locator('xpath=ancestor::tr');
  assert.match(await row.textContent(), /のぼりべつ地域福祉ネットワーク/);
  const offered = await review.locator('option').allTextContents();
  assert.ok(offered.length >= 2 && offered.every((o) => o.includes('のぼりべつ地域福祉ネットワーク')), `same-named targets offered: ${offered}`);
  await screenshot(page, 'staff-import-review');
  // Pick the open-data target (the one named like the answer) and run the dry run again.
  const candidate = await review.locator('option', { hasText: '特定非営利活動法人' }).getAttribute('value');
  await review.getByLabel('候補').selectOption(candidate);
  await review.getByRole('button', { name: 'この候補に決める' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=import-summary]')?.dataset.needsReview === '0', null, { timeout: 30000 });
  assert.equal(await page.locator('.review').count(), 0);
  assert.equal(await summary.getAttribute('data-rejected'), '0');
  assert.equal(await summary.getAttribute('data-created'), '19');
  await assertAccessible(page, 'answer import');
  await page.getByTestId('commit').click();
  await page.getByRole('heading', { name: '取込結果' }).waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId('import-summary').getAttribute('data-created'), '19');
  await screenshot(page, 'staff-import-committed');
  assertNoErrors(page);
});

test('publish: the survey is closed and published, and its service appears on the public map', async () => {
  const page = surveyPage;
  await page.getByRole('link', { name: '公開', exact: true }).click();
  // The preview of field changes, where the API offers one (accept/skip per record); else a note says so.
  await page.getByTestId('preview').click();
  await page.locator('[data-testid=preview-summary], [data-testid=preview-unavailable]').first().waitFor({ timeout: 60000 });
  await page.getByTestId('publish').click();
  const result = page.getByTestId('publish-result');
  await result.waitFor({ timeout: 60000 });
  assert.ok(Number(await result.getAttribute('data-organizations')) >= 19, await result.textContent());
  await assertAccessible(page, 'publish');
  await screenshot(page, 'staff-publish');
  // The resident's view: the settled row's organisation is on the map and in the list.
  await openMap(page);
  await page.getByLabel('名前・内容で探す').fill('地域福祉ネットワーク');
  await page.getByLabel('名前・内容で探す').press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('.result-meta')].some((e) => e.textContent.includes('のぼりべつ地域福祉ネットワーク')), null, { timeout: 20000 });
  await page.waitForFunction(() => Number(document.getElementById('map').dataset.renderedServices) > 0, null, { timeout: 20000 });
  await page.locator('.result-list .result').first().click();
  await page.locator('#detail-title').waitFor();
  assert.match(await page.locator('#detail').textContent(), /富士町/);
  await screenshot(page, 'map-published');
  await page.context().close();
});

test('directory: a stale ETag shows the conflict, a bad field is marked, verify works, the stale list lists', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  await signIn(page, 'directory');
  await page.getByLabel('名称・キーワード').fill('社会福祉協議会');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await page.locator('#editor').waitFor({ state: 'attached' });
  await page.locator('.card button.link').first().click();
  const editor = page.locator('form.editor');
  await editor.waitFor();
  // Someone else changes the record after it was opened here …
  const opened = await editor.getAttribute('data-etag');
  const name = await page.getByLabel('名称', { exact: true }).inputValue();
  const found = await apiCall(page, 'GET', `/api/organizations?q=${encodeURIComponent(name)}`);
  const record = found.body.items.find((o) => o.name === name);
  const current = await apiCall(page, 'GET', `/api/organizations/${record.id}`);
  assert.equal(current.headers.etag, opened);
  const other = await apiCall(page, 'PATCH', `/api/organizations/${record.id}`, { description: `別の職員が更新しました。${opened}` },
    { 'Content-Type': 'application/merge-patch+json', 'If-Match': opened });
  assert.equal(other.status, 200);
  // … so saving here with the old ETag is refused and says so.
  const mine = `このブラウザからの更新 ${Date.now()}`;
  await page.getByLabel('説明').fill(mine);
  await page.getByRole('button', { name: '保存' }).click();
  const conflict = page.locator('.problem.conflict');
  await conflict.waitFor();
  assert.equal(await conflict.getAttribute('data-status'), '412');
  assert.match(await conflict.textContent(), /他の人が先にこの記録を更新しました/);
  await assertAccessible(page, 'directory conflict');
  await screenshot(page, 'staff-directory-conflict');
  await conflict.getByRole('button', { name: '最新の内容を読み込む' }).click();
  await page.waitForFunction((v) => document.querySelector('#edit-description')?.value === v, `別の職員が更新しました。${opened}`);
  // A field the API rejects is marked next to the field.
  await page.getByLabel('メール').fill('not-an-email');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('#edit-email[aria-invalid=true]').waitFor();
  assert.ok(await page.locator('#edit-email-error').textContent());
  await page.getByLabel('メール').fill('');
  await page.getByLabel('説明').fill(mine);
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('保存しました。').waitFor();
  await page.getByRole('button', { name: '変更なしとして確認' }).click();
  await page.getByText('変更なしとして確認しました。').waitFor();
  await page.getByRole('button', { name: '一覧を表示' }).click();
  await page.waitForFunction(() => document.querySelector('[aria-labelledby=stale-title] table, [aria-labelledby=stale-title] p:not(.note)'));
  await screenshot(page, 'staff-directory');
  assertNoErrors(page);
  await page.context().close();
});

test('sharing: which services in 西胆振 can a resident of 白老町 use', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await signIn(page, 'sharing');
  await page.getByLabel('住んでいる市町村（コード）').fill('01578');
  await page.getByLabel('広域').selectOption('nishi-iburi');
  await page.getByLabel('活動の種類').selectOption('ibasho');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  const table = page.getByTestId('capacity-table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').count();
  const expected = await apiCall(page, 'GET', '/api/sharing/capacity?for=01578&region=nishi-iburi&category=ibasho&limit=200');
  assert.equal(rows, expected.body.items.length);
  assert.ok(rows > 0);
  // Each row says why a 白老町 resident may use it, as the API does.
  const reasons = await table.locator('td[data-reasons]').evaluateAll((tds) => tds.map((td) => td.dataset.reasons));
  assert.deepEqual(reasons, expected.body.items.map((i) => i.usable_because.join(' ')));
  assert.match(await table.textContent(), /他市町村の住民も受入れ/);
  await assertAccessible(page, 'sharing');
  await screenshot(page, 'staff-sharing');
  await page.context().close();
});

test('gap analysis of a region: a table and a map coloured by gaps', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await signIn(page, 'gaps');
  await page.getByLabel('広域').selectOption('nishi-iburi');
  await page.getByRole('button', { name: '分析' }).click();
  const table = page.getByTestId('gaps-table');
  await table.waitFor({ timeout: 30000 });
  const report = await apiCall(page, 'GET', '/api/analytics/coverage?region=nishi-iburi');
  assert.equal(await table.locator('tbody tr').count(), report.body.municipalities.length);
  assert.equal(await table.locator('td.gap').count(), report.body.gaps.length);
  await page.locator('.gap-map canvas').waitFor();
  await page.waitForTimeout(1500);
  await assertAccessible(page, 'gap analysis');
  await screenshot(page, 'staff-gaps');
  assertNoErrors(page);
  await page.context().close();
});

test('the workbench menu and forms are reachable by keyboard with a visible focus ring, in English too', async () => {
  const page = await newPage(browser);
  await signIn(page, 'sharing');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByLabel('Residents of (municipality code)').waitFor();
  const reached = [];
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      // Past the last control focus leaves the page for the browser's own UI: nothing to see there.
      if (!el || el === document.body) return { name: 'body', outline: 'n/a' };
      return { name: el.id || el.textContent?.trim(), outline: getComputedStyle(el).outlineStyle };
    });
    assert.notEqual(info.outline, 'none', `focus on ${info.name} is not visible`);
    reached.push(info.name);
  }
  for (const name of ['Surveys', 'Answer import', 'Publish', 'Directory', 'Sharing', 'Gap analysis', 'sharing-for', 'sharing-region', 'sharing-category'])
    assert.ok(reached.includes(name), `${name} is reachable by Tab (reached: ${reached.join(', ')})`);
  await assertAccessible(page, 'workbench in English');
  await page.getByRole('button', { name: '日本語に切り替え' }).click();
  assertNoErrors(page);
  await page.context().close();
});
