// A large, deterministic archive for the browser tests: a few hundred
// article files written straight into a content folder, so list pages
// paginate and the timeline chart has months of very different heights.
//
// Run it alone to look at the files: node e2e/lib/generate.mjs DIR

import fs from 'node:fs';
import path from 'node:path';

// Dated articles per month, January 2023 to December 2024. The zeros
// check the chart's empty months; the spread checks bar heights.
const MONTHS = [3, 0, 5, 12, 20, 8, 1, 0, 15, 25, 30, 9, 4, 2, 18, 22, 10, 0, 6, 14, 27, 11, 7, 21];
const UNDATED = 20;
const DRAFTS = 5;

const TOPICS = ['water sharing', 'oil exports', 'border crossings', 'electricity imports', 'reconstruction funds',
  'grain prices', 'airport security', 'militia salaries', 'election law', 'customs revenue', 'pipeline repairs'];

const pad = (n, w) => String(n).padStart(w, '0');
const q = (s) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

function iraqBody(i, topic, when) {
  return [
    `Officials in Baghdad said ${when} that talks on ${topic} would go on next week. Iraq's cabinet asked the ministries to send their figures before the meeting.`,
    `Iraqi negotiators described the first round as useful. A spokesman said Iraq expects a joint statement, and Baghdad will host the next round.`,
    `Reference line ${pad(i, 4)}: this paragraph exists so every generated article has a sentence of its own.`,
  ];
}

function jordanBody(i, topic, when) {
  return [
    `Officials in Amman said ${when} that talks on ${topic} would go on next week. Jordan's cabinet asked the ministries to send their figures before the meeting.`,
    `Jordanian negotiators described the first round as useful. A spokesman said Jordan expects a joint statement, and Amman will host the next round.`,
    `Reference line ${pad(i, 4)}: this paragraph exists so every generated article has a sentence of its own.`,
  ];
}

function articleFile({ i, date, draft, iraq }) {
  const topic = TOPICS[i % TOPICS.length];
  const where = iraq ? 'Baghdad' : 'Amman';
  const when = date ? `on ${date}` : 'this week';
  const title = `${where} briefing ${pad(i, 4)}: talks on ${topic}`;
  const body = (iraq ? iraqBody : jordanBody)(i, topic, when);
  // Every fiftieth article has a note that links the next article; the
  // first of them was once at another address.
  const notes = i % 50 === 10
    ? `notes:\n  - by: Test Editor\n    date: "2025-01-02"\n    text: ${q(`Generated note on briefing ${pad(i, 4)}; see [the next one](@/generated-${pad(i + 1, 4)}).`)}\n`
    : 'notes: []\n';
  const aliases = i === 10 ? `aliases: [${q(`/articles/old-briefing-${pad(i, 4)}/`)}]\n` : '';
  const front = [
    '---',
    `id: ${q('e2e' + pad(i, 9))}`,
    `title: ${q(title)}`,
    ...(date ? [`date: ${q(date)}`, 'date_source: editor'] : []),
    `caption: ${q(`A street in ${where}. (E2E/Generated)`)}`,
    'sources:',
    `  - ${q(`generated.txt:${i + 1}`)}`,
    'tags: []',
    'exclude_tags: []',
  ].join('\n') + '\n' + notes + aliases + [
    `summary: ${q(i % 3 === 0 ? `Talks in ${where} on ${topic}.` : '')}`,
    `draft: ${draft}`,
    '---',
  ].join('\n');
  return `${front}\n${body.join('\n\n')}\n`;
}

// generateArchive writes the archive into dir and returns what the site
// built from it must show: the slugs of the published Iraq articles, the
// dated count per month ("YYYY-MM" → n) and the number of files.
export function generateArchive(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const iraqSlugs = [];
  const monthCounts = {};
  let i = 0;
  const write = (spec) => {
    const slug = `generated-${pad(spec.i, 4)}`;
    fs.writeFileSync(path.join(dir, `${slug}.md`), articleFile(spec));
    if (spec.iraq && !spec.draft) iraqSlugs.push(slug);
  };
  MONTHS.forEach((n, m) => {
    const month = `${2023 + Math.floor(m / 12)}-${pad((m % 12) + 1, 2)}`;
    if (n > 0) monthCounts[month] = n;
    for (let k = 0; k < n; k++, i++) {
      write({ i, date: `${month}-${pad(1 + ((k * 3) % 28), 2)}`, draft: false, iraq: i % 9 !== 4 });
    }
  });
  for (let k = 0; k < UNDATED; k++, i++) write({ i, date: '', draft: false, iraq: i % 9 !== 4 });
  for (let k = 0; k < DRAFTS; k++, i++) write({ i, date: '2024-06-15', draft: true, iraq: true });
  return { iraqSlugs, monthCounts, files: i };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node e2e/lib/generate.mjs DIR');
    process.exit(2);
  }
  const r = generateArchive(dir);
  console.log(`wrote ${r.files} files to ${dir}; ${r.iraqSlugs.length} published Iraq articles`);
}
