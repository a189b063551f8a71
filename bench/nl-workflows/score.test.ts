import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planOffline } from '../../src/ai/index.js';
import { scoreCase, summarise, type BenchCase } from './score.js';

const load = (file: string) => (JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { cases: BenchCase[] }).cases;

describe('planner benchmark', () => {
  it('scores each part exactly (conditions as a set, actions in order)', () => {
    const expected = { trigger: { type: 'schedule' as const, cron: '0 9 * * 1-5' }, actions: ['a.x', 'b.y'], conditions: [{ field: 'amount', op: '>' as const, value: 10 }, { field: 's', op: 'contains' as const, value: 'Inv' }] };
    expect(scoreCase(expected, { ...expected, conditions: [...expected.conditions].reverse() })).toEqual({ trigger: true, actions: true, conditions: true, exact: true });
    expect(scoreCase(expected, { ...expected, actions: ['b.y', 'a.x'] })).toMatchObject({ actions: false, exact: false });
    expect(scoreCase(expected, { ...expected, trigger: { type: 'schedule', cron: '0 9 * * *' } })).toMatchObject({ trigger: false, exact: false });
    expect(scoreCase(expected, null).exact).toBe(false);
  });

  it('holds at least 60 realistic requests and keeps the offline planner above its recorded floor', () => {
    const main = load('./cases.json');
    const holdout = load('./holdout.json');
    expect(main.length).toBeGreaterThanOrEqual(60);
    const score = (cases: BenchCase[]) => summarise(cases.map((c) => scoreCase(c.expect, planOffline(c.text).structure)));
    // Floors just below today's figures (42.4% / 37.5%), so a regression fails here. They fell from 95.5% /
    // 87.5% when the planner stopped inventing ids: these older sets expect actions Atom lacks (e.g.
    // google_sheets.append_row, stripe.new_payment). bench/planner/heldout.json is the measure now (docs/benchmarks.md).
    expect(score(main).exact).toBeGreaterThanOrEqual(40);
    expect(score(holdout).exact).toBeGreaterThanOrEqual(35);
  });
});
