// Search over an index cut into many shards: the generated archive (two
// years of dated articles and some undated ones) with a few articles of
// two earlier years added, built with shards of 256 bytes, so words lie in
// many shards; searched as a reader would. Then the same archive in
// `build watch`, where an edit must reach the results.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { generateArchive } from './lib/generate.mjs';
import { buildBinary, chromiumMissing, launchBrowser, newPage, projectDir, serveSite, tempDir, testTimeout, watchProblems } from './lib/harness.mjs';

const skip = chromiumMissing;
const shardBytes = '256';
let browser, site, content, manifest;

// earlier are articles of 2021 and 2022, so the archive spans four years;
// each names the harbour of Umm Qasr, as one 2024 article will in watch.
const earlier = [
  ['umm-qasr-2021', 'Umm Qasr port reopens', '2021-05-04'],
  ['umm-qasr-2022', 'Umm Qasr dredging begins', '2022-08-19'],
];

// The archive's articles as their files say: title, date, notes, and the
// number of their reference line.
function articles(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const field = (k) => (text.match(new RegExp(`^${k}: "?([^"\\n]*)"?$`, 'm')) || [])[1] || '';
    return {
      file: f, title: field('title'), date: field('date'), draft: field('draft') === 'true',
      note: /^notes:\n {2}- by:/m.test(text), ref: (text.match(/Reference line (\d+)/) || [])[1] || '',
    };
  }).filter((a) => !a.draft);
}

before(async () => {
  if (skip) return;
  content = path.join(tempDir('shards-content'), 'content');
  generateArchive(content);
  for (const [name, title, date] of earlier) {
    fs.writeFileSync(path.join(content, `${name}.md`), `---\nid: ${JSON.stringify(name)}\ntitle: ${JSON.stringify(title)}\ndate: "${date}"\ndate_source: editor\nsources:\n  - "earlier.txt:1"\n---\nShips waited off Umm Qasr for the channel to open.\n`);
  }
  site = await serveSite({ content, name: 'shards', index: ['-shard-bytes', shardBytes] });
  assert.ok(site.has('search-index/manifest.json'), 'the search index was built');
  manifest = JSON.parse(site.read('search-index/manifest.json'));
  assert.ok(manifest.shards.length >= 10, `the index is cut into many shards: ${manifest.shards.length}`);
  assert.deepEqual(manifest.years.map((y) => y[0]), [2021, 2022, 2023, 2024], 'the archive spans four years');
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

// shardsOf is how many shards may hold words that begin with prefix.
function shardsOf(prefix) {
  const w = manifest.words;
  let i = w.findLastIndex((f) => f <= prefix);
  let n = 1;
  while (i + n < w.length && w[i + n].startsWith(prefix)) n++;
  return n;
}

test('a prefix whose words lie in two shards finds the articles of both', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const problems = watchProblems(page);
  // A shard that starts inside a run of reference numbers: the three
  // digits before its first number begin words of the shard before too.
  const cut = manifest.words.find((w) => /^\d{4}$/.test(w) && !w.endsWith('0'));
  assert.ok(cut, `a shard starts inside the reference numbers: ${manifest.words}`);
  const prefix = cut.slice(0, 3);
  assert.ok(shardsOf(prefix) >= 2, `words beginning ${prefix} lie in ${shardsOf(prefix)} shards`);
  const want = articles(content).filter((a) => a.ref.startsWith(prefix));
  assert.ok(want.some((a) => a.ref < cut) && want.some((a) => a.ref >= cut), 'both shards have articles');
  await search(page, site.url, `q=${prefix}`);
  assert.deepEqual((await titles(page)).sort(), want.map((a) => a.title).sort());
  assert.ok(await page.locator('#search-results .excerpt mark').count() >= want.length, 'each excerpt marks the number found');
  assert.deepEqual(problems.check(), []);
});

test('words of two shards and of articles in four years', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const noted = articles(content).filter((a) => a.note);
  assert.ok(new Set(noted.map((a) => a.date.slice(0, 4))).size >= 2, 'the annotated articles lie in two years or more');
  const shardOf = (w) => manifest.words.findLastIndex((f) => f <= w);
  assert.notEqual(shardOf('generated'), shardOf('note'), '"generated" and "note" are in different shards');
  await search(page, site.url, 'q=generated+note');
  assert.deepEqual((await titles(page)).sort(), noted.map((a) => a.title).sort(), 'the editors\' notes are found, both words in each');

  await search(page, site.url, 'q=umm+qasr&sort=asc');
  assert.deepEqual(await titles(page), earlier.map((e) => e[1]), 'the earlier years, oldest first');
  await search(page, site.url, 'q=umm+qasr&year=2022');
  assert.deepEqual(await titles(page), [earlier[1][1]], 'the year filter');
});

test('a year filter, a tag filter and date order hold across shards and years', { skip, timeout: testTimeout }, async () => {
  const page = await newPage(browser);
  const want = articles(content).filter((a) => a.date.startsWith('2024') && a.title.startsWith('Baghdad'));
  await search(page, site.url, 'q=Baghdad&year=2024&tag=Iraq&sort=desc');
  assert.match(await page.locator('#search-status').innerText(), new RegExp(`^${want.length} articles match`));
  const metas = await everything(page);
  assert.equal(metas.length, want.length, `every 2024 Baghdad article: ${metas.length} of ${want.length}`);
  const dates = metas.map((m) => Date.parse(m.split(' · ')[0]));
  assert.ok(dates.every((d) => new Date(d).getFullYear() === 2024), 'only 2024');
  assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
  for (const m of metas) assert.match(m, /Iraq/);
  assert.match(await page.locator('#tag option:checked').innerText(), /^Iraq \(\d+\)$/, 'the tag menu shows its count');

  await search(page, site.url, 'q=Amman&sort=asc');
  const asc = await everything(page);
  const jordan = articles(content).filter((a) => a.title.startsWith('Amman'));
  assert.equal(asc.length, jordan.length, 'every Amman article');
  const undated = asc.filter((m) => m.startsWith('Undated')).length;
  assert.ok(undated > 0 && asc.slice(0, undated).every((m) => m.startsWith('Undated')), 'undated first');
  const ascDates = asc.slice(undated).map((m) => Date.parse(m.split(' · ')[0]));
  assert.deepEqual(ascDates, [...ascDates].sort((a, b) => a - b), 'oldest first after them');
});

// Watch mode: the archive in a copy of the project; the index is updated in
// the background after the page is written, and an edit reaches the
// results. The test searches again until it does.
test('an edit in watch mode reaches the search results', { skip, timeout: testTimeout }, async (t) => {
  const project = tempDir('shards-watch');
  for (const name of ['templates', 'static', 'site.yaml', 'taxonomy.yaml']) {
    fs.cpSync(path.join(projectDir, name), path.join(project, name), { recursive: true });
  }
  fs.cpSync(content, path.join(project, 'content'), { recursive: true });
  const watcher = spawn(buildBinary(), ['watch', '-addr', '127.0.0.1:0', '-shard-bytes', shardBytes], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const first = logged(/first build: \d+ pages? written/);
  const [, base] = await logged(/previewing .* at (http:\/\/127\.0\.0\.1:\d+\/\S*)/);
  await first;
  const url = (p) => new URL(p, base).href;

  const page = await newPage(browser);
  await search(page, url, 'q=quokkaship');
  assert.match(await page.locator('#search-status').innerText(), /^No articles match/);

  const target = articles(content).find((a) => a.date.startsWith('2023-10'));
  const file = path.join(project, 'content', target.file);
  const rebuilt = logged(/: \d+ pages? written/);
  const saved = Date.now();
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').trimEnd() + '\n\nThe quokkaship docked in the harbour.\n');
  // The page is written first and the open pages reload; the index follows
  // in the background. Each search reads the manifest again, so the answer
  // changes once the update has written it. A search cut short by the
  // preview's reload is made again.
  await rebuilt;
  for (;;) {
    let got;
    try {
      await search(page, url, 'q=quokkaship');
      got = await page.evaluate(() => ({
        titles: [...document.querySelectorAll('#search-results h3 a')].map((a) => a.textContent),
        excerpt: document.querySelector('#search-results .excerpt')?.textContent || '',
      }));
    } catch (err) {
      if (/context was destroyed|navigat/i.test(String(err))) continue;
      throw err;
    }
    if (got.titles.length > 0) {
      t.diagnostic(`search results changed ${Date.now() - saved} ms after the save`);
      assert.deepEqual(got.titles, [target.title]);
      assert.match(got.excerpt, /quokkaship/i, 'the excerpt is cut from the new page');
      break;
    }
    assert.ok(watcher.exitCode === null, `build watch ended:\n${log}`);
  }
});
