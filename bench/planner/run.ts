/**
 * Planner held-out benchmark (#17): `npx tsx bench/planner/run.ts [--verbose]`.
 * Runs the offline planner the way POST /api/workflows/from-text does without a model key, over
 * heldout.json, and prints exact-structure accuracy (trigger, ordered actions, conditions, wiring and
 * the honest "Atom has no …" when a case needs something missing) and the share of drafts that reference
 * a trigger or action the real registries do not have.
 */
import { readFileSync } from 'node:fs';
import { planOffline } from '../../src/ai/planner/offline-planner.js';
import { existing, scoreDraft, type HeldoutCase } from './score.js';

const cases = (JSON.parse(readFileSync(new URL('./heldout.json', import.meta.url), 'utf8')) as { cases: HeldoutCase[] }).cases;
const verbose = process.argv.includes('--verbose');
const have = existing();

const started = performance.now();
const scores = cases.map((c) => {
  const draft = planOffline(c.text, { timezone: 'UTC', knownActions: have.actions });
  const s = scoreDraft(c, draft, have);
  if (verbose && (!s.exact || s.missingRefs.length)) {
    const parts = (['trigger', 'actions', 'conditions', 'wiring', 'honest'] as const).filter((k) => !s[k]);
    console.log(`  ✗ #${c.id} ${c.text}\n      failed: ${parts.join(', ') || '-'}${s.missingRefs.length ? `  missing refs: ${s.missingRefs.join(', ')}` : ''}\n      expected ${JSON.stringify(c.expect)}\n      got      ${JSON.stringify(draft.structure)} status=${draft.status}\n      notes    ${JSON.stringify(draft.notes)}`);
  }
  return s;
});
const ms = performance.now() - started;
const pct = (n: number) => `${((100 * n) / scores.length).toFixed(1)}%`;
const count = (k: 'exact' | 'trigger' | 'actions' | 'conditions' | 'wiring' | 'honest') => scores.filter((s) => s[k]).length;
const withMissing = scores.filter((s) => s.missingRefs.length).length;
console.log(
  `offline planner  cases=${scores.length}  exact=${pct(count('exact'))}  trigger=${pct(count('trigger'))}  actions=${pct(count('actions'))}  conditions=${pct(count('conditions'))}  wiring=${pct(count('wiring'))}  honest=${pct(count('honest'))}  references-missing=${pct(withMissing)} (${withMissing})  time=${(ms / scores.length).toFixed(2)} ms/request`,
);
