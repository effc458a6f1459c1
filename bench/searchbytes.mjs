// Measures what a browser downloads for searches on a built site: serves
// the folder on 127.0.0.1, gzipped as GitHub Pages serves it, opens
// /search/?QUERY in the system Chromium for each query given, with an
// empty cache each time, waits for the results and prints, as JSON, one
// line per query: its requests and the bytes that came over the wire, in
// all and by kind (the index, the articles' pages the excerpts are cut
// from, scripts, the search page itself), and the count of results.
//
//   node bench/searchbytes.mjs PUBLIC_DIR 'q=Baghdad' 'q=Baghdad&year=2021' …
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [arg, ...queries] = process.argv.slice(2);
const dir = path.resolve(arg);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(dir, path.normalize(p));
  if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404);
    return res.end();
  }
  const head = { 'content-type': types[path.extname(file)] || 'application/octet-stream' };
  let body = fs.readFileSync(file);
  if (/\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    body = zlib.gzipSync(body);
    head['content-encoding'] = 'gzip';
  }
  res.writeHead(200, head);
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
const kind = (p) => (p.startsWith('/search-index/') ? 'index' : p.startsWith('/articles/') ? 'pages' : p.startsWith('/js/') ? 'scripts' : 'page');
try {
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const got = { query, requests: 0, bytes: 0, index: 0, indexRequests: 0, pages: 0, scripts: 0, page: 0 };
    const pending = [];
    page.on('requestfinished', (req) => pending.push((async () => {
      const sizes = await req.sizes();
      const k = kind(new URL(req.url()).pathname);
      got.requests++;
      got.bytes += sizes.responseBodySize;
      got[k] += sizes.responseBodySize;
      if (k === 'index') got.indexRequests++;
    })()));
    const start = Date.now();
    await page.goto(`${origin}/search/?${query}`);
    await page.waitForFunction(() => /match/.test(document.getElementById('search-status').textContent), null, { timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    got.ms = Date.now() - start;
    await Promise.all(pending);
    got.status = await page.locator('#search-status').innerText();
    got.results = await page.locator('#search-results li').count();
    console.log(JSON.stringify(got));
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
