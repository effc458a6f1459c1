// Checks that run inside a page: axe-core, keyboard focus and the contrast
// of text against what is drawn behind it.

import fs from 'node:fs';
import path from 'node:path';
import { axePath } from './harness.mjs';

// pageKinds lists one address of each kind of page. seeds is the seed
// site; large, if given, adds the second page of its long Iraq tag, whose
// pager the seed site does not have.
export function pageKinds(seeds, large) {
  const articles = fs.readdirSync(path.join(seeds.out, 'articles')).sort();
  const html = (slug) => fs.readFileSync(path.join(seeds.out, 'articles', slug, 'index.html'), 'utf8');
  // The fullest article: one with an editor's note and tags, if there is one.
  const article = articles.find((s) => html(s).includes('class="notes"') && html(s).includes('class="tags"')) ?? articles[0];
  const tags = fs.readdirSync(path.join(seeds.out, 'tags'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const size = (t) => seeds.read(`tags/${t}/index.html`).split('/articles/').length;
  const tag = tags.sort((a, b) => size(b) - size(a) || a.localeCompare(b))[0];
  const kinds = [
    { kind: 'home', url: seeds.url('') },
    { kind: 'article', url: seeds.url(`articles/${article}/`) },
    { kind: 'tags', url: seeds.url('tags/') },
    { kind: 'tag', url: seeds.url(`tags/${tag}/`) },
    { kind: 'timeline', url: seeds.url('timeline/') },
    { kind: '404', url: seeds.url('no-such-page/'), status: 404 },
  ];
  if (seeds.has('about/index.html')) kinds.push({ kind: 'page', url: seeds.url('about/') });
  if (large) kinds.push({ kind: 'tag-paged', url: large.url('tags/iraq/page/2/'), pager: true });
  // The search page fills itself in from script: wait for it to settle.
  if (seeds.has('search/index.html')) kinds.push({ kind: 'search', url: seeds.url('search/'), settle: true });
  return kinds;
}

// visit opens a page of pageKinds and checks its status.
export async function visit(page, kind) {
  const res = await page.goto(kind.url, { waitUntil: kind.settle ? 'networkidle' : 'load' });
  if (res.status() !== (kind.status ?? 200)) throw new Error(`${kind.url} answered ${res.status()}, not ${kind.status ?? 200}`);
  return res;
}

// axeViolations runs axe-core on the page and returns its serious and
// critical violations, one line each. rules limits it to some rules.
export async function axeViolations(page, rules) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate((rules) => window.axe.run(document, { resultTypes: ['violations'], ...(rules && { runOnly: rules }) }), rules);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${n.failureSummary?.split('\n').slice(1, 2).join('').trim()})`).join('; ')}`);
}

// describeFocus is run in the page: what an element is, and whether it
// shows that it has focus.
function describeFocus(el) {
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  return {
    key: `${el.tagName.toLowerCase()} ${el.getAttribute('href') ?? el.id ?? ''}`,
    text: (el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 60),
    href: el.getAttribute('href'),
    cls: el.getAttribute('class') || '',
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: cs.outlineStyle,
    indicated: outline || (cs.boxShadow !== '' && cs.boxShadow !== 'none'),
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    inMain: Boolean(el.closest('main')),
    inHeader: Boolean(el.closest('.site-header')),
  };
}

// focusState describes the focused element, or gives null when nothing is.
export function focusState(page) {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    return (${describeFocus})(el);
  })()`);
}

// recordFocus makes the page note every element that gets focus, as it
// gets it; focusLog returns the notes.
export async function recordFocus(page) {
  await page.evaluate(`(() => {
    const describe = ${describeFocus};
    window.focusLog = [];
    document.addEventListener('focusin', (e) => window.focusLog.push(describe(e.target)), true);
  })()`);
}
export const focusLog = (page) => page.evaluate(() => window.focusLog);

// tabOrder lists the elements Tab should visit, in document order: the
// visible links, buttons and form fields, and anything with tabindex ≥ 0.
export function tabOrder(page) {
  return page.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter((el) => !el.disabled && el.tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true }))
    .map((el) => `${el.tagName.toLowerCase()} ${el.getAttribute('href') ?? el.id ?? ''}`));
}

// contrastReport measures, for each group of text on the page, the lowest
// WCAG contrast ratio between its colour and the colours behind it. Each
// group samples up to six visible elements that hold text of their own.
// The result's page.luminance is the body background's, 0 (black) to 1.
export function contrastReport(page, groups) {
  return page.evaluate((groups) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    // Any CSS colour (rgb, hex, oklch, color-mix…) to [r, g, b, a].
    const rgba = (css) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return [r, g, b, a / 255];
    };
    const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
    const probe = document.createElement('div');
    probe.style.backgroundColor = 'Canvas';
    document.body.append(probe);
    const canvasColor = rgba(getComputedStyle(probe).backgroundColor);
    probe.remove();
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
      return layers.reverse().reduce((under, layer) => over(layer, under), canvasColor);
    };
    const lum = ([r, g, b]) => {
      const c = [r, g, b].map((v) => {
        v /= 255;
        return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const ratio = (a, b) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const out = { page: { luminance: Math.round(lum(background(document.body)) * 1000) / 1000 } };
    for (const [name, selector] of Object.entries(groups)) {
      const els = [...document.querySelectorAll(selector)].filter((el) => ownText(el) && el.checkVisibility({ visibilityProperty: true, opacityProperty: true })).slice(0, 6);
      if (!els.length) continue;
      let worst = null;
      for (const el of els) {
        const bg = background(el);
        const fg = over(rgba(getComputedStyle(el).color), bg);
        const r = ratio(fg, bg);
        if (!worst || r < worst.ratio) {
          worst = { ratio: Math.round(r * 100) / 100, color: getComputedStyle(el).color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`, text: el.textContent.trim().slice(0, 40) };
        }
      }
      out[name] = worst;
    }
    return out;
  }, groups);
}
