/**
 * Planner benchmark: `npx tsx bench/nl-workflows/run.ts [--verbose]`.
 * Scores the offline planner (and a keyword baseline, in the same process) on cases.json; with
 * BENCH_AI_PROVIDER, BENCH_AI_MODEL, BENCH_AI_KEY (and BENCH_AI_BASE_URL) set, also the model planner.
 */
import { readFileSync } from 'node:fs';
import { planOffline, type PlanStructure } from '../../src/ai/index.js';
import { keywordBaseline, scoreCase, summarise, type BenchCase, type CaseScore } from './score.js';

const load = (file: string) => (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { cases: BenchCase[] }).cases;
const sets = { main: load('./cases.json'), holdout: load('./holdout.json') };
let cases = sets.main;
const verbose = process.argv.includes('--verbose');

function run(name: string, plan: (text: string) => Promise<PlanStructure | null> | PlanStructure | null) {
  return async () => {
    const started = performance.now();
    const scores: CaseScore[] = [];
    for (const c of cases) {
      const actual = await plan(c.text);
      const s = scoreCase(c.expect, actual);
      scores.push(s);
      if (verbose && !s.exact) console.log(`  ✗ #${c.id} ${c.text}\n      expected ${JSON.stringify(c.expect)}\n      got      ${JSON.stringify(actual)}`);
    }
    const ms = performance.now() - started;
    const s = summarise(scores);
    console.log(
      `${name.padEnd(22)} cases=${s.cases}  exact=${s.exact.toFixed(1)}%  trigger=${s.trigger.toFixed(1)}%  actions=${s.actions.toFixed(1)}%  conditions=${s.conditions.toFixed(1)}%  time=${ms.toFixed(0)} ms (${(ms / s.cases).toFixed(2)} ms/request)`,
    );
    return s;
  };
}

for (const [name, set] of Object.entries(sets)) {
  cases = set;
  console.log(`\n${name} set (${set.length} requests)`);
  await run('keyword baseline', keywordBaseline)();
  await run('offline planner', (text) => planOffline(text).structure)();
}
cases = [...sets.main, ...sets.holdout];

const { BENCH_AI_PROVIDER, BENCH_AI_MODEL, BENCH_AI_KEY, BENCH_AI_BASE_URL } = process.env;
if (BENCH_AI_PROVIDER && BENCH_AI_MODEL) {
  const { modelPlannerForBench } = await import('./model-run.js');
  const planner = await modelPlannerForBench({ provider: BENCH_AI_PROVIDER, model: BENCH_AI_MODEL, apiKey: BENCH_AI_KEY ?? '', baseUrl: BENCH_AI_BASE_URL });
  try {
    await run(`model ${BENCH_AI_PROVIDER}:${BENCH_AI_MODEL}`, planner.plan)();
  } finally {
    await planner.close();
  }
} else {
  console.log('model planner          not run: set BENCH_AI_PROVIDER, BENCH_AI_MODEL, BENCH_AI_KEY (and BENCH_AI_BASE_URL) to score a model');
}
