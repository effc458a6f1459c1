// Search over an index built in parts: the generated archive (two years of
// dated articles and some undated ones) indexed in parts of at most 60
// pages, so it has several parts, searched as a reader would; then the
// same archive in `build watch`, where an edit must reach the results.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { generateArchive } from './lib/generate.mjs';
import { buildBinary, chromiumMissing, launchBrowser, newPage, projectDir, serveSite, tempDir, testTimeout, watchProblems } from './lib/harness.mjs';

const pagefindMissing = !fs.existsSync(path.join(projectDir, 'node_modules', 'pagefind', 'package.json'))
  && 'Pagefind is not installed (make index installs it) — search tests SKIPPED';
const skip = chromiumMissing || pagefindMissing;
const partPages = '60';
let browser, site, content, parts;

// The archive's articles as their files say: title, date, tag, notes.
function articles(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const field = (k) => (text.match(new RegExp(`^${k}: "?([^"\\n]*)"?$`, 'm')) || [])[1] || '';
    return { file: f, title: field('title'), date: field('date'), draft: field('draft') === 'true', note: /^notes:\n {2}- by:/m.test(text) };
  }).filter((a) => !a.draft);
}

before(async () => {
  if (skip) return;
  content = path.join(tempDir('parts-content'), 'content');
  generateArchive(content);
  site = await serveSite({ content, name: 'parts', index: ['-part-pages', partPages] });
  assert.ok(site.has('pagefind/parts.json'), 'the search index was built');
  parts = JSON.parse(site.read('pagefind/parts.json')).parts;
  assert.ok(parts.filter((p) => p.from).length >= 3, `the archive is indexed in several dated parts: ${JSON.stringify(parts)}`);
  browser = await launchBrowser();
}, { timeout: testTimeout });
after(async () => {
  await browser?.close();
  await site?.close();
});

const titles = (page) => page.locator('#search-results h3 a').allInnerTexts();
const matched = () => /match/.test(document.getElementById('search-status').textContent);

// search opens the search page at the given query string and waits for
// the answer.
async function search(page, url, query) {
  await page.goto(url(`search/?${query}`));
  await page.waitForFunction(matched, null, { timeout: 30_000 });
}

// everything clicks "More results" until every result is listed, and
// returns the results' date and tag lines.
async function everything(page) {
  const more = page.locator('#search-more');
  while (await more.isVisible()) {
    const n = await page.locator('#search-results li').count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#search-results li').length > n, n);
  }
  return page.locator('#search-results .meta').allInnerTexts();
}

// partOf is the key of the dated part holding an ISO date.
const partOf = (date) => parts.filter((p) => p.from && p.from <= date.slice(0, 7)).at(-1).key;

test('words found in several parts return every article that has them', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const problems = watchProblems(page);
  const noted = articles(content).filter((a) => a.note);
  assert.ok(new Set(noted.map((a) => partOf(a.date))).size >= 2, 'the annotated articles lie in two parts or more');
  await search(page, site.url, 'q=generated+note');
  assert.deepEqual((await titles(page)).sort(), noted.map((a) => a.title).sort(),
    'the editors\' notes are found in every part, and no part answers for one of the words alone');
  assert.deepEqual(problems.check(), []);
});

test('a year filter, a tag filter and date order hold across parts', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const want = articles(content).filter((a) => a.date.startsWith('2024') && a.title.startsWith('Baghdad'));
  assert.ok(new Set(want.map((a) => partOf(a.date))).size >= 3, 'the year spans three parts or more');
  await search(page, site.url, 'q=Baghdad&year=2024&tag=Iraq&sort=desc');
  const metas = await everything(page);
  assert.equal(metas.length, want.length, `every 2024 Baghdad article, from every part: ${metas.length} of ${want.length}`);
  const dates = metas.map((m) => Date.parse(m.split(' · ')[0]));
  assert.ok(dates.every((d) => new Date(d).getFullYear() === 2024), 'only 2024');
  assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first, across the parts\' borders');
  for (const m of metas) assert.match(m, /Iraq/);

  await search(page, site.url, 'q=Amman&sort=asc');
  const asc = await everything(page);
  const jordan = articles(content).filter((a) => a.title.startsWith('Amman'));
  assert.equal(asc.length, jordan.length, 'every Amman article');
  const undated = asc.filter((m) => m.startsWith('Undated')).length;
  assert.ok(undated > 0 && asc.slice(0, undated).every((m) => m.startsWith('Undated')), 'undated first, as one index sorts them');
  const ascDates = asc.slice(undated).map((m) => Date.parse(m.split(' · ')[0]));
  assert.deepEqual(ascDates, [...ascDates].sort((a, b) => a - b), 'oldest first after them');
});

// Watch mode: the archive in a copy of the project, indexed in the
// background in parts; an edit reaches the results once its part is
// indexed again.
test('an edit in watch mode reaches the search results', { skip, timeout: testTimeout }, async (t) => {
  const project = tempDir('parts-watch');
  for (const name of ['templates', 'static', 'site.yaml', 'taxonomy.yaml']) {
    fs.cpSync(path.join(projectDir, name), path.join(project, name), { recursive: true });
  }
  fs.cpSync(content, path.join(project, 'content'), { recursive: true });
  fs.symlinkSync(path.join(projectDir, 'node_modules'), path.join(project, 'node_modules'));
  const watcher = spawn(buildBinary(), ['watch', '-addr', '127.0.0.1:0', '-part-pages', partPages], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => watcher.kill('SIGKILL'));
  let log = '';
  const waiters = [];
  const onData = (d) => {
    log += d;
    for (const w of [...waiters]) {
      const m = log.slice(w.from).match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  watcher.stdout.on('data', onData);
  watcher.stderr.on('data', onData);
  watcher.on('exit', (code) => { for (const w of waiters) w.reject(new Error(`build watch exited with ${code}:\n${log}`)); });
  // logged waits for a line matching re written after this call.
  const logged = (re) => new Promise((resolve, reject) => waiters.push({ re, from: log.length, resolve, reject }));

  const first = logged(/index: \d+ pages in (\d+) parts \(\1 indexed\)/);
  const [, base] = await logged(/previewing .* at (http:\/\/127\.0\.0\.1:\d+\/\S*)/);
  await first;
  const url = (p) => new URL(p, base).href;

  const page = await newPage(browser);
  await search(page, url, 'q=quokkaship');
  assert.match(await page.locator('#search-status').innerText(), /^No articles match/);

  const target = articles(content).find((a) => a.date.startsWith('2023-10'));
  const file = path.join(project, 'content', target.file);
  const reindexed = logged(/index: \d+ pages in \d+ parts \(1 indexed\)/);
  const saved = Date.now();
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').trimEnd() + '\n\nThe quokkaship docked in the harbour.\n');
  await reindexed;
  t.diagnostic(`search index updated ${Date.now() - saved} ms after the save`);
  await search(page, url, 'q=quokkaship');
  assert.deepEqual(await titles(page), [target.title]);
});
