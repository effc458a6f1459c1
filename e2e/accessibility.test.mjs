// Scenario 4: every kind of page passes axe-core without a serious or
// critical violation, in light and dark, and works from the keyboard: the
// first Tab reaches the skip link, the next ones the site's header links in
// order, Tab visits every link and control in document order and each
// shows a focus indicator, the skip link moves focus to the content, and
// Enter on a focused link follows it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations, focusLog, focusState, pageKinds, recordFocus, tabOrder, visit } from './lib/checks.mjs';
import { chromiumMissing, launchBrowser, newPage, sharedSite, testTimeout } from './lib/harness.mjs';

const skip = chromiumMissing;
let browser, seeds, large, kinds;

before(async () => {
  if (skip) return;
  [seeds, large] = await Promise.all([sharedSite('seeds'), sharedSite('large')]);
  kinds = pageKinds(seeds, large);
  browser = await launchBrowser();
}, { timeout: testTimeout });
after(async () => {
  await browser?.close();
  await seeds?.close();
  await large?.close();
});

async function open(kind) {
  const page = await newPage(browser);
  await visit(page, kind);
  return page;
}

// The page list is made in before(), so the kinds are named here to give
// each its own test; a kind the site lacks (search, say) is skipped.
const names = ['home', 'article', 'tags', 'tag', 'tag-paged', 'timeline', 'page', '404', 'search'];

describe('axe-core', () => {
  for (const name of names) {
    test(`${name} page: no serious or critical violation, light or dark`, { skip, timeout: testTimeout }, async (t) => {
      const kind = kinds.find((k) => k.kind === name);
      if (!kind) return t.skip(`the site has no ${name} page`);
      const page = await open(kind);
      const found = (await axeViolations(page)).map((v) => `light: ${v}`);
      // Only colours change in dark mode, so only contrast is checked again.
      await page.emulateMedia({ colorScheme: 'dark' });
      found.push(...(await axeViolations(page, ['color-contrast'])).map((v) => `dark: ${v}`));
      await page.context().close();
      assert.deepEqual(found, []);
    });
  }
});

describe('keyboard', () => {
  for (const name of names) {
    test(`${name} page: skip link first, then the header links; Tab reaches everything, visibly; Enter follows links`, { skip, timeout: testTimeout }, async (t) => {
      const kind = kinds.find((k) => k.kind === name);
      if (!kind) return t.skip(`the site has no ${name} page`);
      const page = await open(kind);
      const headerLinks = await page.$$eval('.site-header a[href]', (as) => as.map((a) => `a ${a.getAttribute('href')}`));
      assert.ok(headerLinks.length >= 3, 'the header has the site links');
      const order = await tabOrder(page);
      await recordFocus(page);

      // The first Tab: the skip link, shown on screen with a focus ring.
      await page.keyboard.press('Tab');
      const first = await focusState(page);
      assert.ok(first?.cls.split(' ').includes('skip'), `the first Tab reaches the skip link, not ${JSON.stringify(first)}`);
      assert.ok(first.onScreen, 'the focused skip link is on screen');

      // Then every focusable element, in document order, header links first.
      for (let i = 1; i < order.length; i++) await page.keyboard.press('Tab');
      const stops = await focusLog(page);
      assert.deepEqual(stops.slice(1, 1 + headerLinks.length).map((s) => s.key), headerLinks, 'after the skip link come the header links, in order');
      assert.deepEqual(stops.map((s) => s.key), order, 'Tab visits every link and control once, in document order');
      assert.ok(kind.kind === 'search' || stops.some((s) => s.inMain), 'Tab reaches the content');
      const unseen = stops.filter((f) => !f.indicated || !f.focusVisible)
        .map((f) => `${f.key} "${f.text}": outline ${f.outlineStyle}, :focus-visible ${f.focusVisible}`);
      assert.deepEqual(unseen, [], 'every focused element shows a focus indicator');

      // The skip link takes focus past the header, into the content.
      await visit(page, kind);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.hash === '#main');
      await page.keyboard.press('Tab');
      const afterSkip = await focusState(page);
      assert.ok(afterSkip && !afterSkip.inHeader && !afterSkip.cls.includes('skip'), `after the skip link, Tab goes to the content, not ${JSON.stringify(afterSkip)}`);

      // Enter on a focused header link opens it.
      const target = headerLinks.find((h) => new URL(h.slice(2), kind.url).href !== new URL(kind.url).href).slice(2);
      await visit(page, kind);
      for (let i = 0; i < 1 + order.indexOf(`a ${target}`); i++) await page.keyboard.press('Tab');
      assert.equal((await focusState(page))?.href, target);
      await Promise.all([page.waitForURL(new URL(target, kind.url).href), page.keyboard.press('Enter')]);
      await page.context().close();
    });
  }
});
