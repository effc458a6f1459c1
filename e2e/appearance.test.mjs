// Scenario 5: every kind of page is readable in light and dark mode (text
// and links at least 4.5:1 against their background, by the WCAG formula),
// and prints as the article alone: no navigation, no pager, the text
// present and dark on white. Full-page screenshots of each kind, light and
// dark, at 1024 px and at a phone's 390 px, go to e2e/screenshots/ for
// people to look at. On a phone no page is wider than the screen, and the
// timeline's chart opens on its latest months with its scale in sight.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { contrastReport, pageKinds, visit } from './lib/checks.mjs';
import { chromiumMissing, launchBrowser, newPage, screenshotDir, sharedSite, testTimeout } from './lib/harness.mjs';

const skip = chromiumMissing;
let browser, seeds, large, kinds;

const groups = {
  'body text': 'main p, main li, main td, .article .body p',
  'muted text': 'main .meta, main .count, main time, .provenance li, figcaption, .date-source',
  'headings': 'main h1, main h2, main h3',
  'links': 'main a',
  'header links': '.site-header a',
  'footer': '.site-footer p, .site-footer a',
  'editor notes': '.note-by, .note-text p',
};
const minimum = 4.5;

before(async () => {
  if (skip) return;
  [seeds, large] = await Promise.all([sharedSite('seeds'), sharedSite('large')]);
  kinds = pageKinds(seeds, large);
  browser = await launchBrowser();
  fs.mkdirSync(screenshotDir, { recursive: true });
}, { timeout: testTimeout });
after(async () => {
  await browser?.close();
  await seeds?.close();
  await large?.close();
});

const low = (report) => Object.entries(report)
  .filter(([name, r]) => name !== 'page' && r.ratio < minimum)
  .map(([name, r]) => `${name} ${r.ratio}:1 (${r.color} on ${r.background}, "${r.text}")`);

// measure loads each kind of page once and looks at it in light, dark and
// print; the tests below judge what it saw.
let measured;
function measure() {
  measured ??= (async () => {
    const out = [];
    for (const kind of kinds) {
      const page = await newPage(browser, { viewport: { width: 1024, height: 768 } });
      await visit(page, kind);
      const seen = { kind };
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme, media: 'screen' });
        seen[colorScheme] = await contrastReport(page, groups);
        await page.screenshot({ path: path.join(screenshotDir, `${kind.kind}-${colorScheme}.png`), fullPage: true });
      }
      // On a phone: nothing wider than the screen, and a chart that opens
      // on its latest months.
      await page.setViewportSize({ width: 390, height: 844 });
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme, media: 'screen' });
        await page.screenshot({ path: path.join(screenshotDir, `${kind.kind}-phone-${colorScheme}.png`), fullPage: true });
      }
      seen.phone = await page.evaluate(() => {
        const box = document.querySelector('.chart-scroll');
        const bars = box ? [...box.querySelectorAll('rect.bar')] : [];
        const inBox = (el) => {
          const b = el.getBoundingClientRect(), c = box.getBoundingClientRect();
          return b.left >= c.left - 0.5 && b.right <= c.right + 0.5;
        };
        return {
          width: document.documentElement.scrollWidth,
          chart: box && {
            scrolls: box.scrollWidth > box.clientWidth,
            lastShown: inBox(bars.at(-1)), firstShown: inBox(bars[0]),
            last: bars.at(-1).getAttribute('data-month'),
            scaleShown: [...box.querySelectorAll('text.axis')].filter(inBox).map((t) => t.textContent),
          },
        };
      });
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.emulateMedia({ media: 'print', colorScheme: 'light' });
      seen.print = await page.evaluate(() => {
        const visible = (sel) => [...document.querySelectorAll(sel)].filter((el) => el.checkVisibility()).length;
        const body = document.querySelector('.article .body');
        return {
          nav: visible('.site-header nav'), skip: visible('.skip'), pager: visible('nav.pager'),
          pagersInPage: document.querySelectorAll('nav.pager').length,
          h1: visible('main h1'), entries: visible('main ol.articles > li'),
          articleText: body?.checkVisibility() ? body.innerText.length : 0,
        };
      });
      seen.printContrast = await contrastReport(page, groups);
      if (kind.kind === 'article' || kind.pager) {
        await page.screenshot({ path: path.join(screenshotDir, `${kind.kind}-print.png`), fullPage: true });
      }
      await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
      seen.printDarkContrast = await contrastReport(page, groups);
      await page.context().close();
      out.push(seen);
    }
    return out;
  })();
  return measured;
}

for (const colorScheme of ['light', 'dark']) {
  test(`text and links are at least ${minimum}:1 in ${colorScheme} mode, on every kind of page`, { skip, timeout: testTimeout }, async () => {
    const found = [];
    for (const { kind, [colorScheme]: report } of await measure()) {
      const lum = report.page.luminance;
      assert.ok(colorScheme === 'dark' ? lum < 0.1 : lum > 0.8, `${kind.kind}: the page background follows ${colorScheme} mode (luminance ${lum})`);
      const needed = kind.kind === 'search' ? ['header links'] : ['body text', 'links', 'header links'];
      for (const g of needed) assert.ok(report[g], `${kind.kind}: found ${g} to measure`);
      for (const line of low(report)) found.push(`${kind.kind}: ${line}`);
    }
    assert.deepEqual(found, []);
  });
}

test('print shows the content without navigation or pager, dark on white', { skip, timeout: testTimeout }, async () => {
  const found = [];
  for (const { kind, print: shown, printContrast } of await measure()) {
    assert.equal(shown.nav, 0, `${kind.kind}: the site navigation is hidden in print`);
    assert.equal(shown.skip, 0, `${kind.kind}: the skip link is hidden in print`);
    assert.equal(shown.pager, 0, `${kind.kind}: the pager is hidden in print`);
    assert.equal(shown.h1, 1, `${kind.kind}: the heading prints`);
    if (kind.pager) {
      assert.ok(shown.pagersInPage > 0, `${kind.kind}: the page has a pager to hide`);
      assert.ok(shown.entries > 0, `${kind.kind}: the list prints`);
    }
    if (kind.kind === 'article') assert.ok(shown.articleText > 200, `the article's text prints (${shown.articleText} characters)`);
    assert.ok(printContrast.page.luminance > 0.9, `${kind.kind}: prints on white`);
    for (const line of low(printContrast)) found.push(`${kind.kind}: ${line}`);
  }
  assert.deepEqual(found, []);
});

// A reader whose system is in dark mode still prints dark text on white:
// The print styles reset the colour variables the dark scheme sets.
test('print is dark on white even when the reader\'s system is in dark mode', { skip }, async () => {
  const found = [];
  for (const { kind, printDarkContrast } of await measure()) {
    for (const line of low(printDarkContrast)) found.push(`${kind.kind}: ${line}`);
  }
  assert.deepEqual(found, []);
});

test('on a 390 px phone no page is wider than the screen', { skip, timeout: testTimeout }, async () => {
  const wide = (await measure()).filter((m) => m.phone.width > 390).map((m) => `${m.kind.kind}: ${m.phone.width}px`);
  assert.deepEqual(wide, []);
});

test('on a phone the timeline chart opens on its latest months, with its scale', { skip, timeout: testTimeout }, async () => {
  const { phone } = (await measure()).find((m) => m.kind.kind === 'timeline');
  assert.ok(phone.chart, 'the timeline has a chart');
  assert.ok(phone.chart.scrolls, 'the seed chart is wider than a phone, so it scrolls');
  assert.ok(phone.chart.lastShown, `the latest month (${phone.chart.last}) is in sight`);
  assert.ok(!phone.chart.firstShown, 'the oldest month is scrolled out of sight');
  assert.ok(phone.chart.scaleShown.length >= 2, `the scale is in sight (${phone.chart.scaleShown})`);
});
