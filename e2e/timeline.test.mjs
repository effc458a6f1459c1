// Scenario 2: the timeline's chart is drawn, shows every month from the
// first to the last, and each bar agrees with the month it links to: its
// count is the number of articles listed in that month's section, and its
// drawn height is proportional to that count.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromiumMissing, launchBrowser, newPage, sharedSite, testTimeout, watchProblems } from './lib/harness.mjs';

const skip = chromiumMissing;
let browser, seeds, large, expected;

before(async () => {
  if (skip) return;
  [seeds, large] = await Promise.all([sharedSite('seeds'), sharedSite('large')]);
  expected = large.expected;
  browser = await launchBrowser();
}, { timeout: testTimeout });
after(async () => {
  await browser?.close();
  await seeds?.close();
  await large?.close();
});

// readChart measures every bar as drawn, and every month section.
function readChart(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg.chart');
    const box = svg.getBoundingClientRect();
    const scale = box.height / svg.viewBox.baseVal.height;
    const bars = [...svg.querySelectorAll('rect.bar')].map((r) => {
      const b = r.getBoundingClientRect();
      const section = document.getElementById(`m${r.getAttribute('data-month')}`);
      return {
        month: r.getAttribute('data-month'),
        count: Number(r.getAttribute('data-count')),
        height: b.height,
        bottom: b.bottom,
        link: r.closest('a')?.getAttribute('href') ?? null,
        section: section && {
          isMonth: section.matches('section.month'),
          items: section.querySelectorAll('li').length,
        },
      };
    });
    const sections = [...document.querySelectorAll('section.month')].map((s) => ({ id: s.id, items: s.querySelectorAll('li').length }));
    return { width: box.width, height: box.height, scale, bars, sections };
  });
}

const nextMonth = (m) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

async function checkTimeline(site, monthCounts) {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  const problems = watchProblems(page);
  await page.goto(site.url('timeline/'));
  assert.ok(await page.locator('svg.chart').isVisible(), 'the chart is visible');
  const c = await readChart(page);
  assert.ok(c.width > 100 && c.height > 50, `the chart is drawn at a readable size (${c.width}×${c.height})`);
  assert.ok(c.bars.length > 0, 'the chart has bars');

  for (let i = 1; i < c.bars.length; i++) {
    assert.equal(c.bars[i].month, nextMonth(c.bars[i - 1].month), 'the chart shows every month, in order');
  }
  const full = c.bars.filter((b) => b.count > 0);
  const maxCount = Math.max(...full.map((b) => b.count));
  const tallest = Math.max(...full.map((b) => b.height));
  const unit = c.scale; // one unit of the chart's drawing, in CSS pixels
  for (const b of c.bars) {
    if (b.count > 0) {
      assert.ok(b.section?.isMonth, `bar ${b.month} (${b.count}) has a month section #m${b.month}`);
      assert.equal(b.section.items, b.count, `bar ${b.month} says ${b.count}; its month section lists ${b.section.items}`);
      assert.ok(b.link?.endsWith(`#m${b.month}`), `bar ${b.month} links to its month, not ${b.link}`);
      assert.ok(b.height > 0, `bar ${b.month} is drawn`);
      const want = Math.max((tallest * b.count) / maxCount, 2 * unit);
      assert.ok(Math.abs(b.height - want) <= 1.5 * unit + 0.5,
        `bar ${b.month}: ${b.count} of at most ${maxCount} is ${b.height.toFixed(1)}px tall; proportional is ${want.toFixed(1)}px`);
    } else {
      assert.equal(b.section, null, `empty month ${b.month} has no section`);
      assert.ok(b.height < Math.min(...full.map((f) => f.height)), `empty month ${b.month} is lower than every full one`);
    }
    assert.ok(Math.abs(b.bottom - c.bars[0].bottom) < 1, `bar ${b.month} stands on the axis`);
  }
  const barMonths = new Set(full.map((b) => `m${b.month}`));
  for (const s of c.sections) assert.ok(barMonths.has(s.id), `month section #${s.id} has a bar`);
  assert.equal(c.sections.length, full.length);

  if (monthCounts) {
    const drawn = Object.fromEntries(full.map((b) => [b.month, b.count]));
    assert.deepEqual(drawn, monthCounts, 'the bars show the archive\'s articles per month');
  }

  // A bar is a link to its month: clicking the tallest one scrolls to it.
  const top = full.find((b) => b.count === maxCount);
  await page.locator(`svg.chart rect.bar[data-month="${top.month}"]`).click();
  await page.waitForURL((u) => u.hash === `#m${top.month}`);
  const inView = await page.evaluate((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return r.top >= -1 && r.top < innerHeight;
  }, `m${top.month}`);
  assert.ok(inView, `clicking bar ${top.month} shows its month section`);
  assert.deepEqual(problems.check(), []);
}

test('the seed archive\'s chart matches its month sections', { skip, timeout: testTimeout }, () => checkTimeline(seeds));

test('a large archive\'s chart matches its month sections and the generated dates', { skip, timeout: testTimeout }, () => checkTimeline(large, expected.monthCounts));
