// Shared set-up for the browser tests: the build command, sites built into
// temporary folders, a small static server that mimics GitHub Pages under
// a project subpath, the system Chromium, and a watcher that records every
// console error, page error and failed request of a page.
//
// Environment:
//
//	E2E_BIN       the build command to use (run.sh builds bin/build and sets it)
//	E2E_PROJECT   the project folder to build from (default: the repository);
//	              point it at a copy with a deliberate bug to see tests fail
//	E2E_CHROMIUM  the browser (default /usr/bin/chromium)
//	E2E_SITES     a file naming the shared sites lib/sites.mjs serves (run.sh
//	              sets it); without it each test file builds its own

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { generateArchive } from './generate.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const e2eDir = path.join(repoRoot, 'e2e');
export const projectDir = path.resolve(process.env.E2E_PROJECT || repoRoot);
export const chromiumPath = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const chromiumMissing = fs.existsSync(chromiumPath)
  ? false
  : `chromium not found at ${chromiumPath} — browser tests SKIPPED`;
export const screenshotDir = path.join(e2eDir, 'screenshots');
export const axePath = path.join(e2eDir, 'node_modules', 'axe-core', 'axe.min.js');

// The subpath every static site is built for, as on a GitHub project site.
export const basePath = '/briefing-archive/';

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

// launchBrowser starts the system Chromium; playwright-core never
// downloads one.
export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

// tempDir makes a folder that is removed when the process exits.
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `briefing-e2e-${prefix}-`));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let builtBinary;
// buildBinary returns the build command, compiling it into a temporary
// folder when run.sh has not provided one.
export function buildBinary() {
  if (process.env.E2E_BIN) return path.resolve(process.env.E2E_BIN);
  if (!builtBinary) {
    builtBinary = path.join(tempDir('bin'), 'build');
    execFileSync('go', ['build', '-o', builtBinary, './cmd/build'], { cwd: repoRoot, stdio: 'inherit' });
  }
  return builtBinary;
}

// siteSettings reads the two settings the tests need from the project's
// site.yaml, with the documented defaults.
export function siteSettings(dir = projectDir) {
  let text = '';
  try {
    text = fs.readFileSync(path.join(dir, 'site.yaml'), 'utf8');
  } catch {}
  const get = (key) => text.match(new RegExp(`^${key}:\\s*["']?([^"'#\\s]+)`, 'm'))?.[1];
  return {
    perPage: Number(get('per_page') || 50),
    baseURL: get('base_url') || 'http://127.0.0.1:1313/',
  };
}

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
};

// serveDir serves root under basePath the way GitHub Pages does: folders
// get their index.html, a folder without its slash is redirected, and a
// miss gets 404.html with status 404.
function serveDir(root) {
  const send = (res, status, file, head) => {
    res.writeHead(status, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(head ? undefined : fs.readFileSync(file));
  };
  const server = http.createServer((req, res) => {
    const { pathname, search } = new URL(req.url, 'http://localhost');
    const head = req.method === 'HEAD';
    let file;
    try {
      file = path.join(root, decodeURIComponent(pathname.slice(basePath.length)));
    } catch {}
    if (!pathname.startsWith(basePath) || !file?.startsWith(root)) return send(res, 404, path.join(root, '404.html'), head);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st?.isDirectory() && !pathname.endsWith('/')) {
      res.writeHead(301, { location: pathname + '/' + search });
      return res.end();
    }
    if (st?.isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return send(res, 404, path.join(root, '404.html'), head);
    send(res, 200, file, head);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// serveSite builds a site for a local subpath and serves it. content is a
// content folder (default: the project's own); without index the build's
// search index is removed, so the search page has none; an array of flags
// for the build in place of true is passed on (-shard-bytes, say). It
// returns url(p) for a page's address, out (the built folder) and close().
export async function serveSite({ content, name = 'site', index = false } = {}) {
  const bin = buildBinary();
  const out = path.join(tempDir(name), 'public');
  const server = await serveDir(out);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const args = ['-base-url', origin + basePath, '-out', out];
  if (content) args.push('-content', content);
  if (Array.isArray(index)) args.push(...index);
  try {
    execFileSync(bin, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    server.close();
    throw new Error(`${bin} ${args.join(' ')} failed:\n${err.stderr}${err.stdout}`);
  }
  if (!index) fs.rmSync(path.join(out, 'search-index'), { recursive: true, force: true });
  return {
    ...siteHandle(origin, out),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// The sites the test files share. None of them changes them, so they are
// built once for the whole run: seeds is the project's own content with its
// search index, bare the same without the index, large the generated
// archive (with expected, what generateArchive says it must show).
const shared = {
  seeds: () => serveSite({ name: 'seeds', index: true }),
  bare: () => serveSite({ name: 'bare' }),
  large: async () => {
    const content = tempDir('large-content');
    const expected = generateArchive(content);
    return { ...(await serveSite({ name: 'large', content })), expected };
  },
};
export const sharedNames = Object.keys(shared);

// buildShared builds and serves a shared site in this process.
export function buildShared(name) {
  return shared[name]();
}

// sharedSite returns a shared site by name: the one run.sh's server
// serves (E2E_SITES), whose close() leaves it running for the other files,
// or else one this test file builds and serves, and closes.
export async function sharedSite(name) {
  if (!shared[name]) throw new Error(`no shared site ${name}; there are ${sharedNames.join(', ')}`);
  if (!process.env.E2E_SITES) return buildShared(name);
  const { origin, out, expected } = JSON.parse(fs.readFileSync(process.env.E2E_SITES, 'utf8'))[name];
  return { ...siteHandle(origin, out), expected, close: async () => {} };
}

// siteHandle is what tests use of a site served at origin from out.
function siteHandle(origin, out) {
  return {
    origin,
    out,
    url: (p = '') => origin + basePath + p.replace(/^\//, ''),
    has: (p) => fs.existsSync(path.join(out, p)),
    read: (p) => fs.readFileSync(path.join(out, p), 'utf8'),
  };
}

// watchProblems records everything that goes wrong on a page: console
// errors, uncaught exceptions, failed requests and HTTP errors. Call
// expectStatus(url, status) for a response a test asks for on purpose, and
// check() to get the list of problems (empty when all is well).
export function watchProblems(page) {
  const seen = [];
  const expected = new Map();
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push({ kind: 'console', url: m.location()?.url || '', text: m.text() });
  });
  page.on('pageerror', (e) => seen.push({ kind: 'pageerror', url: page.url(), text: String(e.stack || e) }));
  page.on('requestfailed', (r) => {
    // A request cut off by the next navigation (the favicon, say) is
    // aborted, not failed; a missing file shows up as its HTTP status.
    const text = r.failure()?.errorText || '';
    if (text !== 'net::ERR_ABORTED') seen.push({ kind: 'requestfailed', url: r.url(), text });
  });
  page.on('response', (r) => {
    if (r.status() >= 400) seen.push({ kind: 'status', url: r.url(), status: r.status(), text: `HTTP ${r.status()}` });
  });
  return {
    expectStatus(url, status) { expected.set(url, status); },
    check() {
      return seen.filter((p) => {
        const want = expected.get(p.url);
        if (want === undefined) return true;
        // The browser logs a console error for the intended error response too.
        return !(p.kind === 'status' ? p.status === want : p.kind === 'console' && p.text.includes(`status of ${want}`));
      }).map((p) => `${p.kind}: ${p.text} ${p.url}`);
    },
  };
}

// follow clicks a visible link, as a reader would, and waits for the page
// it points to. It returns the address it expected.
export async function follow(page, link) {
  const href = await link.getAttribute('href');
  if (!(await link.isVisible())) throw new Error(`link ${href} is not visible`);
  const target = new URL(href, page.url()).href;
  await Promise.all([page.waitForURL(target, { waitUntil: 'load' }), link.click()]);
  return target;
}

// testTimeout bounds each test, so a browser that hangs fails the test
// with a message instead of stalling the run.
export const testTimeout = 120_000;

// waitLimit bounds every wait for the browser: long enough for the
// busiest machine, so it is never spent by a passing test, and short
// enough that a page that never gets there fails within testTimeout.
export const waitLimit = 50_000;

// newPage opens a page in a fresh browser context (no shared history or
// cache), with bounded waits for every action and navigation.
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(waitLimit);
  context.setDefaultNavigationTimeout(waitLimit);
  return context.newPage();
}
