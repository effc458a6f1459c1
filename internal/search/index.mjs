// Indexes parts of a built site with Pagefind's Node API, one part after
// another, so the indexer's memory holds one part at a time, never the
// whole archive.
//
// Run by the Go command (internal/search), never by hand:
//
//	node --input-type=module -e "$(cat index.mjs)" PAGEFIND_MODULE < job.json
//
// The job on standard input is JSON:
//
//	{"parts": [{"key": "d2019-01", "out": "/abs/folder",
//	            "pages": [{"file": "/abs/page.html", "url": "/articles/x/"}]}]}
//
// Each part is indexed from its pages' own HTML (what data-pagefind-body,
// -filter, -sort and -meta mark), with one more filter, part:KEY, that
// lets the browser ask one part at a time (sorting by date across parts
// needs it), and written as a complete Pagefind bundle to its folder.
// Fragments are bundled in groups of a few pages: gzip then compresses a
// group's shared words once, which makes the index much smaller.
// One line of JSON per part goes to standard output, with the Pagefind
// process's peak memory (rss, bytes) and CPU time (cpu, ms) so far; 0
// where /proc does not say.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const pagefind = await import(pathToFileURL(process.argv[1]).href);
const groupPages = 8;

// usage is the most memory the Pagefind processes this one started have
// held (their VmHWM) and the CPU time they used: they run apart from Node,
// so Node's own figures and the system's accounting of finished processes
// leave them out.
function usage() {
  let rss = 0, cpu = 0;
  try {
    for (const pid of fs.readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').split(/\s+/).filter(Boolean)) {
      const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
      if (m) rss = Math.max(rss, Number(m[1]) * 1024);
      // utime and stime, in clock ticks of 10 ms, after the command's name
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu += (Number(f[11]) + Number(f[12])) * 10;
    }
  } catch {
    // not Linux, or the process is gone
  }
  return { rss, cpu };
}

function fail(what, errors) {
  throw new Error(`${what}: ${errors.join('; ')}`);
}

const job = JSON.parse(fs.readFileSync(0, 'utf8'));
try {
  for (const part of job.parts) {
    const start = Date.now();
    const { index, errors } = await pagefind.createIndex({
      maxFragments: Math.max(1, Math.ceil(part.pages.length / groupPages)),
    });
    if (!index) fail(part.key, errors);
    const attr = ` data-pagefind-filter="part:${part.key}"`;
    for (const page of part.pages) {
      const html = fs.readFileSync(page.file, 'utf8').replace(/ data-pagefind-body\b/, (m) => m + attr);
      const added = await index.addHTMLFile({ url: page.url, content: html });
      if (added.errors.length) fail(page.file, added.errors);
    }
    const written = await index.writeFiles({ outputPath: part.out });
    if (written.errors.length) fail(part.key, written.errors);
    const { rss, cpu } = usage();
    await index.deleteIndex();
    process.stdout.write(JSON.stringify({ key: part.key, pages: part.pages.length, ms: Date.now() - start, rss, cpu }) + '\n');
  }
} finally {
  await pagefind.close();
}
