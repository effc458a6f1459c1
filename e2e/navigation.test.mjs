// Scenario 1: a reader moves through the seed archive by clicking real
// links, under a project subpath, without a single console error or
// failed request; a missing page answers 404 with a usable page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { basePath, chromiumMissing, follow, launchBrowser, newPage, sharedSite, testTimeout, watchProblems } from './lib/harness.mjs';

const skip = chromiumMissing;
let browser, site;

before(async () => {
  if (skip) return;
  site = await sharedSite('seeds');
  browser = await launchBrowser();
}, { timeout: testTimeout });
after(async () => {
  await browser?.close();
  await site?.close();
});

async function watchedPage() {
  const page = await newPage(browser);
  return { page, problems: watchProblems(page) };
}

const h1 = (page) => page.locator('h1').first().innerText();
const path = (url) => new URL(url).pathname;

test('home → article → tag → timeline → back, by clicking links', { skip, timeout: testTimeout }, async () => {
  const { page, problems } = await watchedPage();
  await page.goto(site.url());
  const siteTitle = await page.locator('.site-header .site-title').innerText();
  assert.equal(await h1(page), siteTitle, 'the home page is titled with the site name');

  // The first listed article that has tags, so there is a tag to follow.
  const listed = await page.locator('main ol.articles a[href*="articles/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  // Links are written relative to the page: the file is the one the link
  // resolves to.
  const file = (h) => `${path(new URL(h, page.url())).slice(basePath.length)}index.html`;
  const withTags = listed.find((h) => site.read(file(h)).includes('class="tags"'));
  assert.ok(withTags, `one of the home page's articles has tags (listed: ${listed})`);
  const articleLink = page.locator(`main ol.articles a[href="${withTags}"]`).first();
  const articleTitle = await articleLink.innerText();
  const articleURL = await follow(page, articleLink);
  assert.match(path(articleURL), /^\/briefing-archive\/articles\/[^/]+\/$/);
  assert.equal(page.url(), articleURL);
  assert.equal(await h1(page), articleTitle);
  assert.ok((await page.locator('article .body').innerText()).length > 100, 'the article shows its body');

  const tagLink = page.locator('main article .tags a').first();
  const tagName = await tagLink.innerText();
  const tagURL = await follow(page, tagLink);
  assert.match(path(tagURL), /^\/briefing-archive\/tags\/[^/]+\/$/);
  assert.equal(await h1(page), tagName);
  if ((await page.locator('nav.pager').count()) === 0) {
    const titles = await page.locator('main ol.articles a[href*="articles/"]').allInnerTexts();
    assert.ok(titles.includes(articleTitle), `the tag page lists "${articleTitle}"; it lists ${JSON.stringify(titles)}`);
  }

  const timelineURL = await follow(page, page.locator('.site-header nav a', { hasText: 'Timeline' }));
  assert.equal(path(timelineURL), '/briefing-archive/timeline/');
  assert.equal(await h1(page), 'Timeline');
  assert.ok((await page.locator('main li a').allInnerTexts()).includes(articleTitle), 'the timeline lists the article');

  await page.goBack();
  assert.equal(page.url(), tagURL);
  assert.equal(await h1(page), tagName);
  await page.goBack();
  assert.equal(page.url(), articleURL);
  assert.equal(await h1(page), articleTitle);
  await page.goBack();
  assert.equal(page.url(), site.url());
  assert.equal(await h1(page), siteTitle);

  await page.goForward();
  await follow(page, page.locator('.site-header .site-title'));
  assert.equal(page.url(), site.url());

  assert.deepEqual(problems.check(), []);
});

test('every article on the timeline opens from its link, and the header links work from it', { skip, timeout: testTimeout }, async () => {
  const { page, problems } = await watchedPage();
  await page.goto(site.url('timeline/'));
  const links = page.locator('main .timeline-list a');
  const n = await links.count();
  assert.ok(n > 0, 'the timeline lists articles');
  for (let i = 0; i < n; i++) {
    const link = links.nth(i);
    const title = await link.innerText();
    await follow(page, link);
    assert.match(path(page.url()), /^\/briefing-archive\/articles\/[^/]+\/$/);
    assert.equal(await h1(page), title);
    await page.goBack();
    assert.equal(path(page.url()), '/briefing-archive/timeline/');
  }
  for (const [text, want, heading] of [['Tags', 'tags/', 'Tags'], ['Home', '', null], ['Timeline', 'timeline/', 'Timeline']]) {
    await follow(page, page.locator('.site-header nav a', { hasText: new RegExp(`^${text}$`) }));
    assert.equal(page.url(), site.url(want));
    if (heading) assert.equal(await h1(page), heading);
  }
  assert.deepEqual(problems.check(), []);
});

test('a missing page answers 404 with the site\'s 404 page, whose links work', { skip, timeout: testTimeout }, async () => {
  const { page, problems } = await watchedPage();
  const missing = site.url('articles/no-such-article/');
  problems.expectStatus(missing, 404);
  const res = await page.goto(missing);
  assert.equal(res.status(), 404);
  assert.equal(await h1(page), 'Page not found');
  // The stylesheet loads from the nested address: the page is styled.
  const styled = await page.evaluate(() => [...document.styleSheets].some((s) => s.href?.includes('/css/site.css') && s.cssRules.length > 0));
  assert.ok(styled, 'site.css is loaded on the 404 page');
  await follow(page, page.locator('main a', { hasText: 'home page' }));
  assert.equal(page.url(), site.url());
  assert.deepEqual(problems.check(), []);
});

test('an editor\'s note links another article, under the subpath', { skip, timeout: testTimeout }, async () => {
  const { page, problems } = await watchedPage();
  await page.goto(site.url('articles/iraq-says-us-troop-drawdown-talks-will-go-on-as-long-as/'));
  const link = page.locator('.note-text a', { hasText: 'January 2020 piece' });
  const target = await follow(page, link);
  assert.equal(path(target), `${basePath}articles/us-ready-for-negotiations-with-iraq-on-american-military/`);
  assert.match(await h1(page), /US Ready for Negotiations/);
  assert.deepEqual(problems.check(), []);
});

test('the footer opens the archive\'s About and Methodology pages', { skip, timeout: testTimeout }, async () => {
  const { page, problems } = await watchedPage();
  await page.goto(site.url());
  await follow(page, page.locator('.site-footer a', { hasText: 'About' }));
  assert.equal(path(page.url()), `${basePath}about/`);
  assert.equal(await h1(page), 'About this archive');
  await follow(page, page.locator('main a', { hasText: 'Methodology' }));
  assert.equal(await h1(page), 'Methodology');
  await follow(page, page.locator('main a', { hasText: 'timeline' }).first());
  assert.equal(path(page.url()), `${basePath}timeline/`);
  assert.deepEqual(problems.check(), []);
});
