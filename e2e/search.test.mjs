// Search: the seed archive with its search index, served under a project
// subpath. Queries are typed and filters chosen as a reader would.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromiumMissing, launchBrowser, newPage, sharedSite, testTimeout, watchProblems } from './lib/harness.mjs';

const skip = chromiumMissing;
let browser, site, bare;

before(async () => {
  if (skip) return;
  site = await sharedSite('seeds');
  assert.ok(site.has('search-index/manifest.json'), 'the search index was built');
  bare = await sharedSite('bare');
  browser = await launchBrowser();
}, { timeout: testTimeout });
after(async () => {
  await browser?.close();
  await site?.close();
  await bare?.close();
});

const status = (page) => page.locator('#search-status');
const titles = (page) => page.locator('#search-results h3 a').allInnerTexts();

// search opens the search page, types a query and waits for the answer.
async function search(page, query) {
  await page.goto(site.url('search/'));
  await page.locator('#q').fill(query);
  await page.locator('#q').press('Enter');
  await page.waitForFunction(() => /match/.test(document.getElementById('search-status').textContent));
}

test('a word from one article\'s body finds that article first', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const problems = watchProblems(page);
  await search(page, 'Albu Kamal');
  const found = await titles(page);
  assert.equal(found[0], 'Kadhimi, Biden to Meet Soon, Discuss Withdrawal of US Troop');
  const first = page.locator('#search-results li').first();
  assert.match(await first.locator('.meta').innerText(), /Undated · .*Mustafa al-Kadhimi/, 'a result shows its date and tags');
  assert.match(await first.locator('.excerpt mark').first().innerText(), /Albu|Kamal/i, 'the snippet marks the words found');
  const href = await first.locator('h3 a').getAttribute('href');
  assert.ok(href.startsWith('/briefing-archive/articles/'), `result links stay under the base path: ${href}`);
  await Promise.all([page.waitForURL(site.url(href.slice('/briefing-archive/'.length))), first.locator('h3 a').click()]);
  assert.deepEqual(problems.check(), []);
});

test('a tag filter narrows the results to that tag', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  await search(page, 'Syria');
  const all = await titles(page);
  assert.ok(all.length >= 3, `"Syria" finds several articles: ${all}`);
  await page.locator('#tag').selectOption('Lebanon');
  await page.waitForFunction((n) => document.querySelectorAll('#search-results li').length < n, all.length);
  const narrowed = await titles(page);
  assert.ok(narrowed.length >= 1 && narrowed.length < all.length, `the filter narrows ${all.length} to ${narrowed.length}`);
  for (const meta of await page.locator('#search-results .meta').allInnerTexts()) assert.match(meta, /Lebanon/);
  assert.match(page.url(), /tag=Lebanon/, 'the filter is kept in the address');
});

test('a year filter and date order', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  await search(page, 'US');
  await page.locator('#sort').selectOption('desc');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'desc');
  // The list is drawn again once the sorted results are in: wait until it
  // is newest first, and say what it shows if it never gets there.
  await page.waitForFunction(() => {
    const dates = [...document.querySelectorAll('#search-results .meta')].map((m) => m.textContent.split(' · ')[0]).filter((d) => d !== 'Undated').map(Date.parse);
    return dates.length >= 2 && dates.every((d, i) => i === 0 || dates[i - 1] >= d);
  }).catch(() => {});
  const dates = (await page.locator('#search-results .meta').allInnerTexts()).map((m) => m.split(' · ')[0]).filter((d) => d !== 'Undated');
  const parsed = dates.map((d) => Date.parse(d));
  assert.ok(parsed.length >= 2, `several dated results: ${dates}`);
  assert.deepEqual(parsed, [...parsed].sort((a, b) => b - a), `newest first: ${dates}`);
  await page.locator('#year').selectOption('2025');
  await page.waitForFunction(() => [...document.querySelectorAll('#search-results .meta')].every((m) => m.textContent.includes('2025')));
});

test('a word from an editor\'s note finds its article', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  await search(page, 'lower number');
  const found = await titles(page);
  assert.equal(found.length, 1, `only the annotated article: ${found}`);
  assert.match(found[0], /^Iraq Says US Troop Drawdown Talks/);
});

test('a query with no match says so', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  await search(page, 'zyxwvutsq');
  assert.equal(await status(page).innerText(), 'No articles match \u201czyxwvutsq\u201d.');
  assert.equal(await page.locator('#search-results li').count(), 0);
});

test('the header\'s search box leads to the results, by keyboard', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  await page.goto(site.url());
  await page.locator('#site-q').focus();
  await page.keyboard.type('Houthi');
  await Promise.all([page.waitForURL(/\/briefing-archive\/search\/\?q=Houthi$/), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => /match/.test(document.getElementById('search-status').textContent));
  assert.equal((await titles(page))[0], 'Top Houthi Leaders Flee Sanaa Amid Trump-Ordered US Strikes');
  assert.equal(await page.locator('#q').inputValue(), 'Houthi', 'the query is in the page\'s own box');
});

test('results appear without shifting the layout', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  await page.goto(site.url('search/'));
  await page.evaluate(() => {
    window.shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.locator('#q').fill('Iraq');
  await page.waitForFunction(() => /match/.test(document.getElementById('search-status').textContent));
  // Layout shifts are reported as frames are drawn: wait for two.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const shift = await page.evaluate(() => window.shift);
  assert.ok(shift < 0.1, `cumulative layout shift ${shift.toFixed(3)} is under 0.1`);
});

test('without an index the search page says so plainly', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  await page.goto(bare.url('search/?q=Iraq'));
  await page.waitForFunction(() => /not available/.test(document.getElementById('search-status').textContent));
  assert.match(await status(page).innerText(), /the search index was not built/);
});
