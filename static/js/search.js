// The search page. The index is built in parts (a stretch of months, or a
// bucket of undated articles, each a Pagefind bundle); pagefind/parts.json
// lists them. The first part's script is loaded and the others are merged
// into it, so every query searches them all, each fetching only the small
// files the query needs. Results are built with DOM methods, so nothing
// from the index is ever read as markup except the <mark> elements of
// excerpts, which are rebuilt from text.
const form = document.getElementById('search');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const more = document.getElementById('search-more');
const fields = form.elements;
const pageSize = 20;

let pagefind = null;
let parts = [];
let current = [];
let shown = 0;
let generation = 0;

function say(text) {
  status.textContent = text;
}

function option(select, value, count) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = count === undefined ? value : `${value} (${count})`;
  select.append(o);
}

async function load() {
  const index = form.dataset.index;
  const options = { baseUrl: form.dataset.base, excerptLength: 24 };
  let manifest;
  try {
    const res = await fetch(`${index}parts.json`);
    if (!res.ok) throw new Error(res.statusText);
    manifest = await res.json();
    parts = manifest.parts;
    pagefind = await import(`${index}${parts[0].key}/pagefind.js`);
    await pagefind.options(options);
    await Promise.all(parts.slice(1).map((p) => pagefind.mergeIndex(`${index}${p.key}/`, options)));
  } catch {
    form.classList.add('unavailable');
    say('Search is not available: the search index was not built for this site. Building with Node installed (make) creates it.');
    return false;
  }
  const filters = manifest.filters;
  const tags = Object.keys(filters.tag || {}).sort((a, b) => a.localeCompare(b));
  for (const t of tags) option(fields.tag, t, filters.tag[t]);
  const years = Object.keys(filters.year || {}).sort().reverse();
  for (const y of years) option(fields.year, y, filters.year[y]);
  return true;
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

// excerpt copies Pagefind's excerpt into el, keeping only text and <mark>.
function excerpt(el, html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  for (const node of tpl.content.childNodes) {
    if (node.nodeName === 'MARK') {
      const m = document.createElement('mark');
      m.textContent = node.textContent;
      el.append(m);
    } else {
      el.append(document.createTextNode(node.textContent));
    }
  }
}

function card(data) {
  const li = document.createElement('li');
  const art = document.createElement('article');
  art.className = 'card';
  const h = document.createElement('h3');
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h.append(a);
  const meta = document.createElement('p');
  meta.className = 'meta';
  const parts = [data.meta.date || 'Undated'];
  const tags = (data.filters && data.filters.tag) || [];
  if (tags.length) parts.push(tags.join(', '));
  meta.textContent = parts.join(' · ');
  const ex = document.createElement('p');
  ex.className = 'excerpt';
  excerpt(ex, data.excerpt || '');
  art.append(h, meta, ex);
  li.append(art);
  return li;
}

// nextCards makes the cards of the next page of results, or null if a
// newer search started meanwhile.
async function nextCards(gen) {
  const page = current.slice(shown, shown + pageSize);
  const data = await Promise.all(page.map((r) => r.data()));
  if (gen !== generation) return null;
  shown += page.length;
  more.hidden = shown >= current.length;
  return data.map(card);
}

async function showMore(gen) {
  const cards = await nextCards(gen);
  if (cards) list.append(...cards);
}

// find returns the results of a search over every part. Pagefind leaves
// out of a query the words an index does not hold at all, so a part
// without one of several words would answer for the others alone: those
// parts are left out here, as one index would leave out their pages. By
// relevance Pagefind merges the parts' results itself. By date each part
// knows only its own order, so the parts are asked one by one (the part
// filter) and their results put end to end in the parts' date order;
// undated articles sort before every date, as in one index.
async function find(q, filters, sort) {
  const words = q ? q.replace(/"/g, ' ').trim().split(/\s+/) : [];
  let asked = parts;
  if (words.length > 1) {
    const all = { any: parts.map((p) => p.key) };
    const counts = await Promise.all(words.map(async (w) => (await pagefind.search(w, { filters: { part: all } })).filters.part || {}));
    asked = parts.filter((p) => counts.every((c) => c[p.key] > 0));
  }
  if (!sort && asked.length === parts.length) {
    return (await pagefind.search(q, { filters })).results;
  }
  const year = filters.year && filters.year[0];
  if (year) asked = asked.filter((p) => !p.from || (p.from.slice(0, 4) <= year && year <= p.to.slice(0, 4)));
  const undated = asked.filter((p) => !p.from);
  const dated = asked.filter((p) => p.from);
  const order = sort === 'asc' ? [...undated, ...dated] : [...dated.reverse(), ...undated];
  const searches = await Promise.all(order.map((p) => pagefind.search(q, { filters: { ...filters, part: [p.key] }, sort: sort ? { date: sort } : {} })));
  const results = searches.flatMap((s) => s.results);
  return sort ? results : results.sort((a, b) => b.score - a.score);
}

async function run() {
  const gen = ++generation;
  toURL();
  const q = fields.q.value.trim();
  const filters = {};
  if (fields.tag.value) filters.tag = [fields.tag.value];
  if (fields.year.value) filters.year = [fields.year.value];
  if (!q && !filters.tag && !filters.year) {
    list.replaceChildren();
    more.hidden = true;
    say('Type words to search titles, captions, article text and editors\u2019 notes.');
    return;
  }
  const results = await find(q || null, filters, fields.sort.value);
  if (gen !== generation || !results) return;
  current = results;
  shown = 0;
  const what = q ? `\u201c${q}\u201d` : 'these filters';
  if (current.length === 0) {
    list.replaceChildren();
    more.hidden = true;
    say(`No articles match ${what}.`);
    return;
  }
  // The old results stay until the new ones are ready, and the status
  // changes with them, so the two never disagree.
  const cards = await nextCards(gen);
  if (!cards) return;
  list.replaceChildren(...cards);
  say(`${current.length} ${current.length === 1 ? 'article matches' : 'articles match'} ${what}.`);
}

let timer = 0;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 150);
}

if (await load()) {
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
