// Measures what a browser downloads for one search on a built site: serves
// the folder on 127.0.0.1, opens /search/?q=QUERY in the system Chromium,
// waits for the results and prints, as JSON, the requests made and the
// bytes of those under pagefind/ (the index) and of all of them.
//
//   node bench/searchbytes.mjs PUBLIC_DIR QUERY
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [arg, query] = process.argv.slice(2);
const dir = path.resolve(arg);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(dir, path.normalize(p));
  if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
let requests = 0, bytes = 0, indexBytes = 0;
try {
  const page = await browser.newPage();
  page.on('requestfinished', async (req) => {
    const sizes = await req.sizes();
    requests++;
    bytes += sizes.responseBodySize;
    if (new URL(req.url()).pathname.startsWith('/pagefind/')) indexBytes += sizes.responseBodySize;
  });
  await page.goto(`${origin}/search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => /match/.test(document.getElementById('search-status').textContent), null, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const results = await page.locator('#search-results li').count();
  console.log(JSON.stringify({ requests, bytes, indexBytes, results }));
} finally {
  await browser.close();
  server.close();
}
