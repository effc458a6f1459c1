// The search box's words (static/js/words.js) against the fixture the
// index's Go side is tested with (internal/search/testdata/words.json), so
// the browser and the index cannot come to disagree on what a word is.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { projectDir } from './lib/harness.mjs';

test('the browser splits text into the words the index holds', async () => {
  const { words } = await import(pathToFileURL(path.join(projectDir, 'static', 'js', 'words.js')).href);
  const cases = JSON.parse(fs.readFileSync(path.join(projectDir, 'internal', 'search', 'testdata', 'words.json'), 'utf8'));
  assert.ok(cases.length >= 10, `the fixture has ${cases.length} cases`);
  for (const [text, want] of cases) assert.deepEqual(words(text), want, `words(${JSON.stringify(text)})`);
});
