// The search page. It answers a query from the site's own static index
// (its format is in internal/search's package documentation): the
// manifest first, then only the shards holding the query's words, the
// files of the tag asked for, the blocks of the results shown, and those
// articles' own pages for their excerpts. Documents are numbered in date
// order, so a year is a range of numbers and date order needs no table.
// Results are built with DOM methods; nothing from the index or a page is
// ever read as markup.
const form = document.getElementById('search');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const more = document.getElementById('search-more');
const fields = form.elements;
const index = form.dataset.index;
const root = form.dataset.base;
const pageSize = 20;
const excerptWords = 24;
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

let words = null;
let man = null;
let manText = '';
let files = new Map(); // file name → promise of its contents
let current = null;
let shown = 0;
let generation = 0;

// Gone is a file of the index that is not there: the index was updated
// since the manifest was read.
class Gone extends Error {}

function say(text) {
  status.textContent = text;
}

function unavailable() {
  form.classList.add('unavailable');
  say('Search is not available: the search index was not built for this site. Building the site (make) creates it.');
}

function get(name, json) {
  let p = files.get(name);
  if (!p) {
    p = fetch(index + name).then(async (res) => {
      if (!res.ok) throw new Gone(name);
      return json ? res.json() : new Uint8Array(await res.arrayBuffer());
    });
    p.catch(() => files.delete(name));
    files.set(name, p);
  }
  return p;
}

function option(select, value, count) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = count === undefined ? value : `${value} (${count})`;
  select.append(o);
}

// menus fills the tag and year menus from the manifest, keeping what is
// chosen.
function menus() {
  for (const [select, items] of [
    [fields.tag, [...man.tags].sort((a, b) => a[0].localeCompare(b[0])).map((t) => [t[0], t[1]])],
    [fields.year, man.years.map((y) => [String(y[0]), y[2]]).reverse()],
  ]) {
    const keep = select.value;
    select.replaceChildren(select.options[0]);
    for (const [value, count] of items) option(select, value, count);
    select.value = [...select.options].some((o) => o.value === keep) ? keep : '';
  }
}

// manifest reads the manifest again (the browser asks the server whether
// it changed); a new one replaces the files known.
async function manifest() {
  const res = await fetch(`${index}manifest.json`, { cache: 'no-cache' });
  if (!res.ok) throw new Error(res.statusText);
  const text = await res.text();
  if (text === manText) return;
  man = JSON.parse(text);
  manText = text;
  files = new Map();
  menus();
}

// varint reads an unsigned varint of b at p.at.
function varint(b, p) {
  let v = 0;
  let scale = 1;
  for (;;) {
    const x = b[p.at++];
    v += (x & 127) * scale;
    if (x < 128) return v;
    scale *= 128;
  }
}

const decoder = new TextDecoder();

// shard reads a shard's header: its words and where their postings are.
function shard(b) {
  const p = { at: 0 };
  const n = varint(b, p);
  const entries = [];
  let last = new Uint8Array(0);
  for (let i = 0; i < n; i++) {
    const shared = varint(b, p);
    const more = varint(b, p);
    const w = new Uint8Array(shared + more);
    w.set(last.subarray(0, shared));
    w.set(b.subarray(p.at, p.at + more), shared);
    p.at += more;
    last = w;
    const v = varint(b, p);
    entries.push({ word: decoder.decode(w), len: Math.floor(v / 2), bitmap: v % 2 === 1 });
  }
  let at = p.at;
  for (const e of entries) {
    e.at = at;
    at += e.len;
  }
  return entries;
}

// mark sets into[d] to at least base+rank for each document d of the
// postings e of shard b.
function mark(b, e, into, base) {
  if (e.bitmap) {
    for (let k = 0; k < e.len; k++) {
      const x = b[e.at + k];
      if (!x) continue;
      for (let bit = 0; bit < 8; bit++) {
        const d = k * 8 + bit;
        if (x & (1 << bit) && into[d] < base) into[d] = base;
      }
    }
    return;
  }
  const p = { at: e.at };
  const end = e.at + e.len;
  let d = -1;
  while (p.at < end) {
    const v = varint(b, p);
    d += Math.floor(v / 4) + 1;
    const r = base + (v % 4);
    if (into[d] < r) into[d] = r;
  }
}

const utf8 = new TextEncoder();

function compare(a, b) {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

// term is what one query word matches: its documents, each with 1 + the
// rank of a word it begins, or 5 + the rank of the word itself.
async function term(w) {
  const prefix = [...w].length >= man.prefix;
  const firsts = man.words;
  let lo = 0;
  let hi = firsts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (compare(firsts[mid], w) <= 0) lo = mid;
    else hi = mid - 1;
  }
  let last = lo;
  while (prefix && last + 1 < firsts.length && firsts[last + 1].startsWith(w)) last++;
  const into = new Uint8Array(man.docs);
  const shards = [];
  for (let i = lo; i <= last && firsts.length > 0; i++) shards.push(get(`w${i}-${man.shards[i]}.bin`));
  for (const b of await Promise.all(shards)) {
    for (const e of shard(b)) {
      if (e.word === w) mark(b, e, into, 5);
      else if (prefix && e.word.startsWith(w)) mark(b, e, into, 1);
    }
  }
  return into;
}

// tagged is the documents of tag number i.
async function tagged(i) {
  const b = await get(`t${i}-${man.tags[i][2]}.bin`);
  const into = new Uint8Array(man.docs);
  mark(b, shard(b)[0], into, 1);
  return into;
}

// weight is a match's weight by its value in a term: a word in the title
// counts most, the query's own word more than a longer one it begins.
const weight = [0, 1, 1.4, 1.8, 3, 1.3, 1.8, 2.3, 3.9];

// find returns the documents that match, in the order asked for.
async function find(qwords, tag, year, sort) {
  const n = man.docs;
  let lo = 0;
  let hi = n;
  if (year) {
    const y = man.years.find((e) => String(e[0]) === year);
    if (!y) return [];
    [lo, hi] = [y[1], y[1] + y[2]];
  }
  const [terms, tags] = await Promise.all([
    Promise.all(qwords.map(term)),
    tag ? tagged(man.tags.findIndex((t) => t[0] === tag)) : null,
  ]);
  const score = new Float64Array(n).fill(1, lo, hi);
  let first = true;
  for (const t of terms) {
    let df = 0;
    for (let d = lo; d < hi; d++) if (t[d]) df++;
    const idf = Math.log(1 + n / Math.max(df, 1));
    for (let d = lo; d < hi; d++) {
      if (!t[d]) score[d] = 0;
      else if (score[d]) score[d] = (first ? 0 : score[d]) + weight[t[d]] * idf;
    }
    first = false;
  }
  const ids = [];
  for (let d = lo; d < hi; d++) if (score[d] && (!tags || tags[d])) ids.push(d);
  if (sort === 'asc') return ids;
  ids.reverse();
  if (sort === 'desc' || !qwords.length) return ids;
  return ids.sort((a, b) => score[b] - score[a] || b - a);
}

// doc is document d's row: address, title, date and tag numbers.
async function doc(d) {
  const b = Math.floor(d / man.block);
  const rows = await get(`d${b}-${man.blocks[b]}.json`, true);
  return rows[d - b * man.block];
}

function matches(w, qwords) {
  return qwords.some((q) => w === q || ([...q].length >= man.prefix && w.startsWith(q)));
}

// excerpt fills el with words of the article's page around the first
// query word found, the query's words marked.
async function excerpt(el, url, qwords) {
  let text = '';
  try {
    const res = await fetch(root + url);
    if (!res.ok) return;
    const page = new DOMParser().parseFromString(await res.text(), 'text/html');
    const art = page.querySelector('main article');
    if (!art) return;
    for (const part of art.querySelectorAll(':scope > header, :scope > footer')) part.remove();
    text = art.textContent.replace(/\s+/g, ' ').trim();
  } catch {
    return;
  }
  const runs = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  const hit = runs.findIndex((m) => words(m[0]).some((w) => matches(w, qwords)));
  const from = Math.max(0, hit - 8);
  const shown = runs.slice(from, from + excerptWords);
  if (!shown.length) return;
  const end = shown[shown.length - 1];
  let at = shown[0].index;
  if (from > 0) el.append('… ');
  for (const m of shown) {
    if (words(m[0]).some((w) => matches(w, qwords))) {
      el.append(text.slice(at, m.index));
      const mk = document.createElement('mark');
      mk.textContent = m[0];
      el.append(mk);
      at = m.index + m[0].length;
    }
  }
  el.append(text.slice(at, end.index + end[0].length));
  if (from + excerptWords < runs.length) el.append(' …');
}

function when(date) {
  if (!date) return 'Undated';
  return `${Number(date.slice(8, 10))} ${months[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

async function card(d, qwords) {
  const [url, title, date, tags] = await doc(d);
  const li = document.createElement('li');
  const art = document.createElement('article');
  art.className = 'card';
  const h = document.createElement('h3');
  const a = document.createElement('a');
  a.href = root + url;
  a.textContent = title || url;
  h.append(a);
  const meta = document.createElement('p');
  meta.className = 'meta';
  const parts = [when(date)];
  if (tags.length) parts.push(tags.map((t) => man.tags[t][0]).join(', '));
  meta.textContent = parts.join(' · ');
  const ex = document.createElement('p');
  ex.className = 'excerpt';
  await excerpt(ex, url, qwords);
  art.append(h, meta, ex);
  li.append(art);
  return li;
}

// nextCards makes the cards of the next page of results, or null if a
// newer search started meanwhile.
async function nextCards(gen) {
  const page = current.ids.slice(shown, shown + pageSize);
  const cards = await Promise.all(page.map((d) => card(d, current.words)));
  if (gen !== generation) return null;
  shown += page.length;
  more.hidden = shown >= current.ids.length;
  return cards;
}

async function showMore(gen) {
  const cards = await again(() => nextCards(gen));
  if (cards) list.append(...cards);
}

// again runs f, and once more after reading the manifest again when a file
// it needed is gone: the index was updated meanwhile.
async function again(f) {
  try {
    return await f();
  } catch (err) {
    if (!(err instanceof Gone)) throw err;
    manText = '';
    await manifest();
    return f();
  }
}

// fromURL sets the form from the address; words typed while the index
// was loading are kept.
function fromURL() {
  const p = new URLSearchParams(location.search);
  if (p.has('q')) fields.q.value = p.get('q');
  for (const name of ['tag', 'year', 'sort']) {
    const v = p.get(name) || '';
    if ([...fields[name].options].some((o) => o.value === v)) fields[name].value = v;
  }
}

function toURL() {
  const p = new URLSearchParams();
  for (const name of ['q', 'tag', 'year', 'sort']) {
    if (fields[name].value) p.set(name, fields[name].value);
  }
  const qs = p.toString();
  history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
}

async function run() {
  const gen = ++generation;
  toURL();
  const q = fields.q.value.trim();
  const qwords = [...new Set(words(q))];
  const tag = fields.tag.value;
  const year = fields.year.value;
  if (!qwords.length && !tag && !year) {
    list.replaceChildren();
    more.hidden = true;
    say(q ? `No articles match \u201c${q}\u201d.` : 'Type words to search titles, captions, article text, tags and editors\u2019 notes.');
    return;
  }
  let cards;
  const what = q ? `\u201c${q}\u201d` : 'these filters';
  try {
    await manifest();
    cards = await again(async () => {
      const ids = await find(qwords, tag, year, fields.sort.value);
      if (gen !== generation) return null;
      current = { ids, words: qwords };
      shown = 0;
      return ids.length ? nextCards(gen) : [];
    });
  } catch {
    if (gen === generation) unavailable();
    return;
  }
  if (!cards || gen !== generation) return;
  // The old results stay until the new ones are ready, and the status
  // changes with them, so the two never disagree.
  list.replaceChildren(...cards);
  if (!current.ids.length) {
    more.hidden = true;
    say(`No articles match ${what}.`);
    return;
  }
  const n = current.ids.length;
  say(`${n} ${n === 1 ? 'article matches' : 'articles match'} ${what}.`);
}

let timer = 0;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 150);
}

try {
  ({ words } = await import(new URL(form.dataset.words, document.baseURI).href));
  await manifest();
} catch {
  man = null;
}
if (!man) {
  unavailable();
} else {
  fromURL();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  fields.q.addEventListener('input', soon);
  for (const name of ['tag', 'year', 'sort']) fields[name].addEventListener('change', run);
  more.addEventListener('click', () => showMore(generation));
  await run();
}
