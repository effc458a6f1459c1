// Scenario 3: a tag with hundreds of articles is split into pages of at
// most per_page entries; every link of every pager leads to the right
// page; and the pages together list each of the tag's articles exactly
// once. On the same generated archive: an article's old address (an
// alias) leads to it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { basePath, chromiumMissing, follow, launchBrowser, newPage, sharedSite, siteSettings, testTimeout, watchProblems } from './lib/harness.mjs';

const skip = chromiumMissing;
let browser, site, expected;
const { perPage } = siteSettings();

before(async () => {
  if (skip) return;
  site = await sharedSite('large');
  expected = site.expected;
  browser = await launchBrowser();
}, { timeout: testTimeout });
after(async () => {
  await browser?.close();
  await site?.close();
});

// readPage returns what a tag page shows: its number, its entries and its pager.
function readPage(page) {
  return page.evaluate(() => {
    const pager = document.querySelector('nav.pager');
    return {
      h1: document.querySelector('h1').textContent.trim(),
      meta: document.querySelector('main > p.meta')?.textContent ?? '',
      current: Number(pager?.querySelector('[aria-current="page"]')?.textContent),
      // One entry per listed article: its first link to an article.
      entries: [...document.querySelectorAll('main ol.articles > li')].map((li) => li.querySelector('a[href*="articles/"]')).filter(Boolean).map((a) => new URL(a.href).pathname),
      items: document.querySelectorAll('main ol.articles > li').length,
      numbered: [...(pager?.querySelectorAll('ol a') ?? [])].map((a) => ({ n: Number(a.textContent), href: a.href })),
      prev: pager?.querySelector('a[rel="prev"]')?.href ?? null,
      next: pager?.querySelector('a[rel="next"]')?.href ?? null,
      hidden: [...(pager?.querySelectorAll('a') ?? [])].filter((a) => !a.checkVisibility()).map((a) => a.textContent),
    };
  });
}

test('a long tag page paginates, and every pager link works', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const problems = watchProblems(page);
  const first = site.url('tags/iraq/');
  await page.goto(first);
  const p1 = await readPage(page);
  assert.equal(p1.h1, 'Iraq');
  const total = Number(p1.meta.match(/(\d+) articles/)?.[1]);
  assert.equal(total, expected.iraqSlugs.length, `the tag page counts ${expected.iraqSlugs.length} articles`);
  const pages = Math.ceil(total / perPage);
  assert.ok(pages > 2, `${total} articles at ${perPage} a page make ${pages} pages`);
  assert.match(p1.meta, new RegExp(`page 1 of ${pages}`));
  assert.ok(await page.locator('nav.pager').isVisible(), 'the pager is visible');

  // Walk the "Older" links to the last page.
  const byNumber = new Map(); // page number → its address and what it shows
  let info = p1;
  for (let n = 1; ; n++) {
    assert.equal(info.current, n, `page ${n} marks itself current`);
    assert.equal(info.h1, 'Iraq');
    assert.ok(info.entries.length > 0 && info.entries.length <= perPage, `page ${n} lists ${info.entries.length} articles (at most ${perPage})`);
    if (n < pages) assert.equal(info.entries.length, perPage, `page ${n} is full`);
    assert.equal(info.items, info.entries.length, `each entry on page ${n} links to its article`);
    // The pager may leave out far pages, but always links the first, the
    // last and the neighbours, in order, each once.
    const numbers = info.numbered.map((l) => l.n);
    assert.deepEqual(numbers, [...new Set(numbers)].sort((a, b) => a - b), `page ${n}'s numbered links are in order, each once`);
    assert.ok(!numbers.includes(n) && numbers.every((k) => k >= 1 && k <= pages), `page ${n} links only other, real pages: ${numbers}`);
    for (const k of [1, n - 1, n + 1, pages]) {
      if (k >= 1 && k <= pages && k !== n) assert.ok(numbers.includes(k), `page ${n}'s pager links page ${k}; it links ${numbers}`);
    }
    assert.equal(info.prev === null, n === 1, `page ${n} has a "Newer" link unless it is the first`);
    assert.equal(info.next === null, n === pages, `page ${n} has an "Older" link unless it is the last`);
    assert.ok(info.hidden.length === 0, `page ${n}'s pager links are all visible; hidden: ${info.hidden}`);
    byNumber.set(n, { url: page.url(), entries: info.entries, info });
    if (!info.next) break;
    await follow(page, page.locator('nav.pager a[rel="next"]'));
    info = await readPage(page);
  }
  assert.equal(byNumber.size, pages, 'the "Older" links reach the last page');

  // Every link of every pager points at the page it names.
  const urlOf = (n) => byNumber.get(n).url;
  for (const [n, { info: shown }] of byNumber) {
    for (const l of shown.numbered) assert.equal(l.href, urlOf(l.n), `link "${l.n}" on page ${n}`);
    if (shown.prev) assert.equal(shown.prev, urlOf(n - 1), `"Newer" on page ${n}`);
    if (shown.next) assert.equal(shown.next, urlOf(n + 1), `"Older" on page ${n}`);
  }

  // And each address works when clicked: numbered links from the last page
  // back to the first, then "N" from the first page and "Newer" from there.
  const clickNumber = async (k) => {
    await follow(page, page.locator('nav.pager ol a', { hasText: new RegExp(`^${k}$`) }));
    const got = await readPage(page);
    assert.equal(got.current, k, `link "${k}" leads to page ${k}`);
    assert.deepEqual(got.entries, byNumber.get(k).entries, `page ${k} lists the same articles however it is reached`);
  };
  for (let k = pages - 1; k >= 1; k--) await clickNumber(k);
  assert.equal(page.url(), first);
  await clickNumber(pages);
  await follow(page, page.locator('nav.pager a[rel="prev"]'));
  assert.equal(page.url(), urlOf(pages - 1));

  const listed = [...byNumber.values()].flatMap((p) => p.entries);
  assert.equal(listed.length, total, 'the pages list as many articles as the tag counts');
  assert.equal(new Set(listed).size, listed.length, 'no article is listed twice');
  const want = expected.iraqSlugs.map((s) => `${basePath}articles/${s}/`).sort();
  assert.deepEqual([...listed].sort(), want, 'the pages list exactly the published Iraq articles');
  assert.deepEqual(problems.check(), []);
});

test('the tags index counts the long tag the same and links to its first page', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const problems = watchProblems(page);
  await page.goto(site.url('tags/'));
  const item = page.locator('.tag-index li', { has: page.locator('a', { hasText: /^Iraq$/ }) });
  assert.equal(Number((await item.locator('.count').innerText()).replace(/\D/g, '')), expected.iraqSlugs.length);
  await follow(page, item.locator('a'));
  assert.equal(page.url(), site.url('tags/iraq/'));
  assert.deepEqual(problems.check(), []);
});

test('an old address sends the reader to the article\'s page', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const problems = watchProblems(page);
  await page.goto(site.url('articles/old-briefing-0010/'));
  await page.waitForURL(site.url('articles/generated-0010/'), { waitUntil: 'load' });
  assert.match(await page.locator('h1').first().innerText(), /briefing 0010/);
  assert.deepEqual(problems.check(), []);
  await page.context().close();
});
