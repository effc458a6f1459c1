// Scenario 6: the live preview. `build watch` runs on a copy of the
// project; an article open in the browser reloads by itself when its file
// changes, shows the preview's error overlay (with the file and line) when
// its front matter breaks, and drops the overlay once the file is fixed.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildBinary, chromiumMissing, launchBrowser, newPage, projectDir, siteSettings, tempDir, testTimeout } from './lib/harness.mjs';

// The element internal/serve's reload script adds for a failed build.
const overlay = '#preview-error';
// How long the test waits for a change to show before it fails: long
// enough for the busiest machine, and never spent by a passing run. How
// long each change took is reported, not judged (make bench measures it).
const deadline = 60_000;

function watchSupport() {
  if (chromiumMissing) return chromiumMissing;
  const bin = buildBinary();
  const r = spawnSync(bin, ['watch', '-h'], { encoding: 'utf8' });
  const usage = `${r.stdout}${r.stderr}`;
  const flags = [...usage.matchAll(/^\s+-([\w-]+)/gm)].map((m) => m[1]);
  if (/unknown command/.test(usage) || !flags.includes('addr')) {
    return `${bin} has no "watch" command with an -addr flag (watch -h lists: ${flags.join(', ') || 'nothing'}) — live preview test SKIPPED`;
  }
  return false;
}
const skip = watchSupport();

let browser, project, watcher, log = '';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

// stopWatcher ends the watch process and waits for it, killing it if it
// does not stop on SIGTERM.
async function stopWatcher() {
  if (!watcher || watcher.exitCode !== null || watcher.signalCode !== null) return;
  const exited = new Promise((resolve) => watcher.once('exit', resolve));
  watcher.kill('SIGTERM');
  const timer = setTimeout(() => watcher.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

before(async () => {
  if (skip) return;
  project = tempDir('preview');
  for (const name of ['content', 'templates', 'static', 'seeds', 'site.yaml', 'taxonomy.yaml']) {
    const from = path.join(projectDir, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(project, name), { recursive: true });
  }
  browser = await launchBrowser();
}, { timeout: testTimeout });
after(async () => {
  await stopWatcher();
  await browser?.close();
});
process.on('exit', () => watcher?.kill('SIGKILL'));

async function startWatcher() {
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
      const res = await fetch(origin + base);
      if (res.ok) break;
    } catch {}
    if (Date.now() - start > 30_000) throw new Error(`the preview did not answer at ${origin}${base} within 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: (p) => origin + base + p };
}

// within waits for what the test expects, says what did not happen, and
// reports how long it took.
async function within(t, what, wait) {
  const start = Date.now();
  try {
    await wait;
  } catch (err) {
    throw new Error(`${what} did not happen within ${deadline} ms (${err.message.split('\n')[0]})`);
  }
  t.diagnostic(`${what}: ${Date.now() - start} ms`);
}

// save writes a file as an editor saving through a temporary file does,
// so the watcher sees the whole new file at once.
function save(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

// pickArticle finds a dated article and the first sentence of its body.
function pickArticle() {
  const dir = path.join(project, 'content');
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const lines = text.split('\n');
    const dateLine = lines.findIndex((l) => /^date:\s*"?\d{4}-\d{2}-\d{2}"?\s*$/.test(l));
    const end = lines.indexOf('---', 1);
    if (/^draft:\s*true/m.test(text) || dateLine < 0 || end < 0 || dateLine > end) continue;
    const para = lines.slice(end + 1).find((l) => /^[A-Z][^*_`[\]<>#]{40,}\.(\s|$)/.test(l));
    if (!para) continue;
    const sentence = para.slice(0, para.indexOf('.') + 1);
    return { file: path.join(dir, name), slug: name.slice(0, -3), text, sentence, dateLine };
  }
  throw new Error('no dated article with a plain first sentence in the content');
}

test('the preview reloads on a change, shows a broken file\'s error, and recovers', { skip, timeout: 5 * deadline }, async (t) => {
  try {
    const preview = await startWatcher();
    const a = pickArticle();
    const page = await newPage(browser);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const res = await page.goto(preview.url(`articles/${a.slug}/`));
    assert.equal(res.status(), 200);
    assert.ok((await page.locator('body').innerText()).includes(a.sentence), 'the article shows its first sentence');

    // 1. Edit a sentence: the page reloads by itself and shows it.
    const edited = 'This sentence was rewritten by the preview test.';
    const good = a.text.replace(a.sentence, edited);
    await page.evaluate(() => { window.previewTestMark = true; });
    save(a.file, good);
    await within(t, 'the page reloading with the edited sentence',
      page.waitForFunction((s) => document.body?.innerText.includes(s), edited, { timeout: deadline }));
    assert.equal(await page.evaluate(() => window.previewTestMark), undefined, 'the page was reloaded, not patched');
    assert.ok(!(await page.locator('body').innerText()).includes(a.sentence), 'the old sentence is gone');

    // 2. Break the front matter: an overlay names the file and the line.
    const lines = good.split('\n');
    lines[a.dateLine] = 'date: 2020-13-45';
    save(a.file, lines.join('\n'));
    const box = page.locator(overlay);
    await within(t, `the error overlay (${overlay}) appearing`, box.waitFor({ state: 'visible', timeout: deadline }));
    const message = await box.innerText();
    assert.ok(message.includes(`${a.slug}.md:${a.dateLine + 1}`), `the overlay names ${a.slug}.md:${a.dateLine + 1}; it says:\n${message}`);
    assert.ok((await page.locator('main').innerText()).includes(edited), 'the last good page stays under the overlay');

    // 3. Fix it, with a new sentence: the overlay goes and the page is current.
    const fixed = 'This sentence was written when the front matter was fixed.';
    save(a.file, good.replace(edited, fixed));
    await within(t, 'the page reloading with the fixed file',
      page.waitForFunction((s) => document.body?.innerText.includes(s), fixed, { timeout: deadline }));
    await within(t, 'the overlay going', box.waitFor({ state: 'detached', timeout: deadline }));
    assert.equal(await page.locator(overlay).count(), 0, 'no overlay after the fix');
    assert.deepEqual(errors, [], 'the preview script throws no error');
  } catch (err) {
    throw new Error(`${err.message}\n--- build watch output ---\n${log}`, { cause: err });
  } finally {
    await stopWatcher();
  }
  assert.ok(watcher.exitCode !== null || watcher.signalCode !== null, 'build watch has stopped');
});
