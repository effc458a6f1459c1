// Builds the sites the browser tests share (harness.mjs's sharedSite) and
// serves them until it is stopped, so a run builds each once instead of
// once per test file. run.sh starts it before the tests and stops it after.
//
//	node e2e/lib/sites.mjs FILE
//
// Once every site is served, FILE names them: { name: { origin, out,
// expected } }. It is written whole (a temporary file renamed), so a
// reader never sees half of it.

import fs from 'node:fs';
import { buildShared, sharedNames } from './harness.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node e2e/lib/sites.mjs FILE');
  process.exit(2);
}
// A signal ends the process through exit, so the temporary folders go.
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));

const sites = await Promise.all(sharedNames.map((name) => buildShared(name)));
const manifest = Object.fromEntries(sharedNames.map((name, i) => {
  const { origin, out, expected } = sites[i];
  return [name, { origin, out, expected }];
}));
fs.writeFileSync(file + '.tmp', JSON.stringify(manifest));
fs.renameSync(file + '.tmp', file);
