// Checks static/correct.js against what the Rust code answered for the same cases; run by
// offline_correct.rs (corrections) and the answer form's unit test (forms):
//   node offline_correct.mjs <corrections|forms> <corpus.json> <correct.js>
// Exits 1 listing the first differences.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [mode, corpusPath, scriptPath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const LawhaCorrect = require(scriptPath);
const cases = JSON.parse(readFileSync(corpusPath, 'utf8'));

// Equal JSON values, whatever the key order.
function same(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && same(a[k], b[k]));
  }
  return false;
}

const FIELDS = ['correct', 'feedback', 'parts', 'general_feedback', 'solution'];

// The first field where a correction differs, or null.
function correctionDiff(expected, got) {
  if ('error' in expected || 'error' in got) {
    return expected.error === got.error ? null : 'error';
  }
  const want = expected.ok;
  if (typeof got.score !== 'number' || Math.abs(got.score - want.score) > 1e-9) return 'score';
  if (!same(Object.keys(got).sort(), Object.keys(want).sort())) return 'keys';
  return FIELDS.find((f) => !same(want[f], got[f])) || null;
}

function check(c) {
  if (mode === 'corrections') {
    const got = LawhaCorrect.correct(c.item, c.response);
    const field = correctionDiff(c.expected, got);
    return field && { field, got };
  }
  if (mode === 'forms') {
    const got = LawhaCorrect.responseFromFields(c.item, c.fields);
    return !same(c.expected, got) && { field: 'response', got };
  }
  if (mode === 'refusals') {
    const got = LawhaCorrect.refusalKey(c.code);
    return got !== c.expected && { field: 'refusal', got };
  }
  throw new Error(`unknown mode ${mode}`);
}

const differences = [];
for (const c of cases) {
  let diff;
  try {
    diff = check(c);
  } catch (e) {
    diff = { field: 'exception', got: String(e && e.stack) };
  }
  if (diff) differences.push({ ...c, ...diff });
}
if (differences.length) {
  console.log(`${differences.length} of ${cases.length} ${mode} cases differ; the first ones:`);
  for (const d of differences.slice(0, 15)) {
    const { item, ...rest } = d;
    console.log(JSON.stringify(rest), '\n  item:', JSON.stringify(item).slice(0, 400));
  }
  process.exit(1);
}
// What the cases were, so a corpus that stopped testing something shows.
const tally = {};
for (const c of cases) {
  const e = c.expected;
  let key = e.error || (e.response && e.response.type) || e;
  if (e.ok) key = e.ok.correct ? 'right' : e.ok.score > 0 ? 'partly right' : 'wrong';
  tally[key] = (tally[key] || 0) + 1;
}
console.log(`${cases.length} ${mode} cases: correct.js agrees with the server`, JSON.stringify(tally));
