// The editor's desk in the live preview. `build watch` runs on a copy of
// the project: a note added through an article's Edit panel is on the page
// after the reload and in the file; an undated article gets its date from
// the desk page; tags are removed and added (by a word of the taxonomy)
// through the panel; a draft, shown in the preview with a banner, is published
// from it; a file changed on disk
// after the panel opened is not overwritten; a longer copy convert left
// beside an article is accepted from the review list, and a possible copy
// is marked as not a duplicate; axe finds no serious
// violation on the panel or the desk page, in light and dark.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildBinary, chromiumMissing, launchBrowser, newPage, projectDir, screenshotDir, siteSettings, tempDir, testTimeout } from './lib/harness.mjs';
import { axeViolations } from './lib/checks.mjs';

const skip = chromiumMissing;
// How long a save may take to show on the page.
const deadline = 5000;

// cutOff is the paragraph the longer copy adds.
const cutOff = 'The talks resume next week, the first scrape of this page stopped before this line.';

let browser, project, watcher, preview, log = '';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

const content = (name) => path.join(project, 'content', name + '.md');
const read = (name) => fs.readFileSync(content(name), 'utf8');

// articles are the content files, by kind.
function articles() {
  const names = fs.readdirSync(path.join(project, 'content')).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)).sort();
  const dated = names.filter((n) => /^date:/m.test(read(n)) && /^draft: false/m.test(read(n)));
  const undated = names.filter((n) => !/^date:/m.test(read(n)));
  return { dated, undated };
}

before(async () => {
  if (skip) return;
  project = tempDir('desk');
  for (const name of ['content', 'templates', 'static', 'seeds', 'site.yaml', 'taxonomy.yaml']) {
    const from = path.join(projectDir, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(project, name), { recursive: true });
  }
  // One article is a draft, for the desk to publish: one no other article
  // links to, since a link to a draft stops the build.
  const all = fs.readdirSync(path.join(project, 'content')).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3));
  const draft = articles().dated.findLast((n) => all.every((o) => o === n || !read(o).includes(n)));
  fs.writeFileSync(content(draft), read(draft).replace(/^draft: false$/m, 'draft: true'));
  // One is listed for review, as convert lists a possible duplicate.
  const review = articles().dated[2];
  fs.writeFileSync(content(review), read(review).replace(/^tags:/m, 'review: possible duplicate of another article\ntags:'));
  // One has a longer copy waiting beside it, as convert leaves one for an
  // article whose body an editor changed.
  const longer = articles().undated.at(-1);
  const [, front, body] = read(longer).match(/^---\n([\s\S]*?\n)---\n([\s\S]*)$/);
  fs.mkdirSync(path.join(project, 'content', '.incoming'));
  fs.writeFileSync(path.join(project, 'content', '.incoming', longer + '.md'),
    '---\n' + front.replace(/^tags:/m, 'review: ' + JSON.stringify(`a new copy of ${longer}.md, whose body an editor has changed: it has 1 paragraph the article lacks`) + '\ntags:') +
    '---\n' + body.trimEnd() + '\n\n' + cutOff + '\n');
  // One is flagged as a possible copy of another, in convert's words.
  const copy = articles().undated.at(-2);
  fs.writeFileSync(content(copy), read(copy).replace(/^tags:/m, 'review: ' + JSON.stringify(`possibly a copy of ${longer}.md (similarity 0.62): if it is the same story, keep one file, take into it what the other adds and delete the other; if not, remove this line`) + '\ntags:'));

  const port = await freePort();
  const base = new URL(siteSettings(project).baseURL).pathname;
  const origin = `http://127.0.0.1:${port}`;
  watcher = spawn(buildBinary(), ['watch', '-addr', `127.0.0.1:${port}`], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  watcher.stdout.on('data', (d) => { log += d; });
  watcher.stderr.on('data', (d) => { log += d; });
  const start = Date.now();
  for (;;) {
    if (watcher.exitCode !== null) throw new Error(`build watch exited with ${watcher.exitCode}:\n${log}`);
    try {
      if ((await fetch(origin + base)).ok) break;
    } catch {}
    if (Date.now() - start > 30_000) throw new Error(`the preview did not answer within 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  preview = { url: (p) => origin + base + p, desk: origin + base + '.preview/desk/', draft, review, longer, copy };
  browser = await launchBrowser();
}, { timeout: testTimeout });

after(async () => {
  await browser?.close();
  if (watcher && watcher.exitCode === null && watcher.signalCode === null) {
    const exited = new Promise((resolve) => watcher.once('exit', resolve));
    watcher.kill('SIGTERM');
    await exited;
  }
});
process.on('exit', () => watcher?.kill('SIGKILL'));

// withLog adds the preview's output to a failure.
async function withLog(f) {
  try {
    await f();
  } catch (err) {
    throw new Error(`${err.message}\n--- build watch output ---\n${log}`, { cause: err });
  }
}

async function openPanel(page) {
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.locator('#desk-dialog').waitFor({ state: 'visible' });
}

function shoot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  return page.screenshot({ path: path.join(screenshotDir, name), fullPage: false });
}

test('a note added in the panel is on the page after the reload, and in the file', { skip, timeout: testTimeout }, () => withLog(async () => {
  const name = articles().dated[0];
  const page = await newPage(browser);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  assert.equal((await page.goto(preview.url(`articles/${name}/`))).status(), 200);
  await openPanel(page);
  await shoot(page, 'desk-panel.png');
  await page.getByLabel('Your name').fill('Dana Desk');
  await page.getByLabel('Note (Markdown)').fill('Checked against the **wire** copy. <script>window.pwned = 1</script>');
  await page.getByRole('button', { name: 'Preview note' }).click();
  await page.locator('#desk-note-preview strong', { hasText: 'wire' }).waitFor();
  await page.evaluate(() => { window.deskTestMark = true; });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForFunction(() => !window.deskTestMark && document.querySelector('.notes .author')?.textContent.includes('Dana Desk'), null, { timeout: deadline });
  const note = page.locator('.note', { hasText: 'Dana Desk' });
  assert.match(await note.innerText(), /Checked against the wire copy\. <script>window\.pwned = 1<\/script>/, 'the note is shown as typed, the script as text');
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'the script in the note did not run');
  assert.match(read(name), /- by: Dana Desk\n\s+date: "\d{4}-\d{2}-\d{2}"\n\s+text: /, 'the file holds the note');
  // The name is remembered for the next note.
  await openPanel(page);
  assert.equal(await page.getByLabel('Your name').inputValue(), 'Dana Desk');
  assert.deepEqual(errors, []);
}));

for (const scheme of ['light', 'dark']) {
  test(`axe finds no serious violation on the panel and the desk page (${scheme})`, { skip, timeout: testTimeout }, () => withLog(async () => {
    const page = await newPage(browser, { colorScheme: scheme });
    await page.goto(preview.url(`articles/${articles().dated[0]}/`));
    await openPanel(page);
    assert.deepEqual(await axeViolations(page), [], 'the article page with the panel open');
    await page.goto(preview.desk);
    await page.locator('#desk-list > li').first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the desk page');
    await page.getByRole('button', { name: /^To review/ }).click();
    await page.locator('#desk-list > li', { hasText: 'possible duplicate' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the review list');
    if (scheme === 'dark') await shoot(page, 'desk-page-dark.png');
  }));
}

test('the desk accepts the longer copy of an article: its page reloads with the new paragraph', { skip, timeout: testTimeout }, () => withLog(async () => {
  const articlePage = await newPage(browser);
  await articlePage.goto(preview.url(`articles/${preview.longer}/`));
  await articlePage.locator('article').waitFor();
  assert.ok(!(await articlePage.locator('article').innerText()).includes(cutOff), 'the page lacks the paragraph before');
  await articlePage.evaluate(() => { window.deskTestMark = true; });

  const page = await newPage(browser);
  await page.goto(preview.desk + '?show=review');
  const row = page.locator('#desk-list > li', { hasText: 'A new copy waits' });
  await row.waitFor();
  await shoot(page, 'desk-accept.png');
  await row.getByRole('button', { name: /^Accept the longer text/ }).click();
  await page.locator('#desk-status', { hasText: 'has the new copy' }).waitFor();
  const text = read(preview.longer);
  const body = text.slice(text.indexOf('\n---\n') + 5);
  assert.ok(body.includes(cutOff), 'the file holds the new paragraph');
  const print = crypto.createHash('sha256').update(body).digest('hex').slice(0, 20);
  assert.match(text, new RegExp(`^fingerprint: ${print}$`, 'm'), 'the fingerprint is the new body\'s');
  assert.ok(!fs.existsSync(path.join(project, 'content', '.incoming', preview.longer + '.md')), 'the copy is deleted');
  assert.equal(await row.count(), 0, 'the row is gone');
  await articlePage.waitForFunction((p) => !window.deskTestMark && document.querySelector('article')?.innerText.includes(p), cutOff, { timeout: deadline });
}));

test('the desk says a possible copy is not a duplicate', { skip, timeout: testTimeout }, () => withLog(async () => {
  const page = await newPage(browser);
  await page.goto(preview.desk + '?show=review');
  const row = page.locator('#desk-list > li', { hasText: 'Possibly a copy of' });
  await row.waitFor();
  await shoot(page, 'desk-copy.png');
  await row.getByRole('button', { name: `Keep this, hide the other (${preview.longer}.md)` }).waitFor();
  await row.getByRole('button', { name: 'Not a duplicate' }).click();
  await page.locator('#desk-status', { hasText: 'are different stories' }).waitFor();
  assert.doesNotMatch(read(preview.copy), /^review:/m, 'the review line is gone');
  assert.doesNotMatch(read(preview.copy) + read(preview.longer), /^draft: true/m, 'neither is hidden');
  assert.equal(await row.count(), 0, 'the row is gone');
}));

test('the desk dates an undated article, clears a review and publishes a draft', { skip, timeout: testTimeout }, () => withLog(async () => {
  const page = await newPage(browser);
  await page.goto(preview.desk);
  const undated = page.locator('#desk-list > li');
  await undated.first().waitFor();
  const count = await page.locator('[data-show="undated"] .desk-count').innerText();
  assert.equal(count, `(${articles().undated.length})`, 'the undated count');
  await shoot(page, 'desk-page.png');
  const first = undated.first();
  const title = await first.locator('h2').innerText();
  const name = articles().undated.find((n) => read(n).includes(title.slice(0, 20)));
  await first.locator('input[type="date"]').fill('2021-05-06');
  await first.getByRole('button', { name: 'Set date' }).click();
  await page.locator('#desk-status', { hasText: 'Dated' }).waitFor();
  assert.match(read(name), /^date: "2021-05-06"\ndate_source: editor$/m, 'the file holds the date, set by the editor');
  assert.equal(await page.locator('[data-show="undated"] .desk-count').innerText(), `(${articles().undated.length})`, 'the count after dating one');

  const draftPage = await newPage(browser);
  await draftPage.goto(preview.url(`articles/${preview.draft}/`));
  await draftPage.getByText('Draft — not published').waitFor();
  await shoot(draftPage, 'desk-draft.png');
  await draftPage.evaluate(() => { window.deskTestMark = true; });

  await page.getByRole('button', { name: /^Drafts/ }).click();
  const publish = page.getByRole('button', { name: /^Publish/ });
  await publish.first().waitFor();
  await publish.first().click();
  await page.locator('#desk-status', { hasText: 'Published' }).waitFor();
  assert.match(read(preview.draft), /^draft: false$/m, 'the draft is published in its file');

  await page.getByRole('button', { name: /^To review/ }).click();
  const row = page.locator('#desk-list > li', { hasText: 'possible duplicate of another article' });
  await row.getByRole('button', { name: 'Mark reviewed' }).click();
  await page.locator('#desk-status', { hasText: 'Reviewed' }).waitFor();
  assert.doesNotMatch(read(preview.review), /^review:/m, 'the review flag is cleared in the file');
  assert.equal(await page.locator('[data-show="review"] .desk-count').innerText(), '(0)');

  // The draft's open page reloads without its banner.
  await draftPage.waitForFunction(() => !window.deskTestMark && document.querySelector('article') && !document.body.innerText.includes('Draft — not published'), null, { timeout: deadline });
}));

test('tags: an automatic one removed, one added by a word of the taxonomy', { skip, timeout: testTimeout }, () => withLog(async () => {
  const name = articles().dated[3];
  const page = await newPage(browser);
  await page.goto(preview.url(`articles/${name}/`));
  const first = (await page.locator('article header .tags a').first().innerText()).trim();
  await openPanel(page);
  await page.getByRole('button', { name: 'Remove tag ' + first }).click();
  await page.getByLabel('Add a tag').fill('Kadhemi');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Remove tag Mustafa al-Kadhimi' }).waitFor();
  await page.evaluate(() => { window.deskTestMark = true; });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForFunction(() => !window.deskTestMark && document.querySelector('article'), null, { timeout: deadline });
  const tags = await page.locator('article header .tags a').allInnerTexts();
  assert.ok(tags.includes('Mustafa al-Kadhimi') && !tags.includes(first), `the page's tags after the save: ${tags}`);
  assert.match(read(name), new RegExp(`^exclude_tags:\n  - ${first}$`, 'm'), 'the file excludes the automatic tag');
  assert.match(read(name), /^tags:\n  - Mustafa al-Kadhimi$/m, 'the file has the tag by its name');
}));

test('a file changed on disk after the panel opened is not overwritten', { skip, timeout: testTimeout }, () => withLog(async () => {
  const name = articles().dated[1];
  const page = await newPage(browser);
  await page.goto(preview.url(`articles/${name}/`));
  await openPanel(page);
  // A comment changes the file but not the page, so the page stays open.
  const changed = read(name).replace(/^title:/m, '# edited elsewhere\ntitle:');
  fs.writeFileSync(content(name), changed);
  await page.getByLabel('Title').fill('A title from the panel');
  await page.getByRole('button', { name: 'Save' }).click();
  const alert = page.locator('#desk-dialog [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /changed on disk.*nothing was saved/s);
  await shoot(page, 'desk-conflict.png');
  assert.equal(read(name), changed, 'the file is as the other edit left it');
}));

test('the panel and the desk work from the keyboard on a phone', { skip, timeout: testTimeout }, () => withLog(async () => {
  const page = await newPage(browser, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await page.goto(preview.url(`articles/${articles().dated[0]}/`));
  await page.getByRole('button', { name: 'Edit', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#desk-dialog').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement?.closest('#desk-dialog') !== null), true, 'focus moves into the panel');
  const box = await page.locator('#desk-dialog').boundingBox();
  assert.ok(box.width <= 375, `the panel fits the phone's width (${box.width})`);
  await shoot(page, 'desk-panel-phone.png');
  await page.keyboard.press('Escape');
  await page.locator('#desk-dialog').waitFor({ state: 'hidden' });
}));
