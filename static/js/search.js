// The search page. Pagefind's index is a folder of small files; its
// script fetches only the parts a query needs. Results are built with DOM
// methods, so nothing from the index is ever read as markup except the
// <mark> elements of excerpts, which are rebuilt from text.
const form = document.getElementById('search');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const more = document.getElementById('search-more');
const fields = form.elements;
const pageSize = 20;

let pagefind = null;
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
  try {
    pagefind = await import(form.dataset.pagefind);
    await pagefind.options({ baseUrl: form.dataset.base, excerptLength: 24 });
  } catch {
    form.classList.add('unavailable');
    say('Search is not available: the search index was not built for this site. Building with Node installed (make) creates it.');
    return false;
  }
  const filters = await pagefind.filters();
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
  const opts = { filters };
  if (fields.sort.value) opts.sort = { date: fields.sort.value };
  const search = await pagefind.search(q || null, opts);
  if (gen !== generation || !search) return;
  current = search.results;
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
