import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planOffline } from '../../src/ai/planner/offline-planner.js';
import { existing, missingReferences, scoreDraft, wired, type HeldoutCase } from './score.js';

const cases = (JSON.parse(readFileSync(new URL('./heldout.json', import.meta.url), 'utf8')) as { cases: HeldoutCase[] }).cases;
const have = existing();

describe('planner held-out set (#17)', () => {
  it('holds at least 40 requests', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases.map((c) => [c.id, c] as const))('#%i references only triggers and actions that exist', (_id, c) => {
    const d = planOffline(c.text, { timezone: 'UTC' });
    expect(missingReferences(d.definition, have)).toEqual([]);
  });

  it('the scorer catches a missing reference and an unwired step', () => {
    const def = { trigger: { type: 'integration', trigger: 'google_forms.new_response' }, steps: [{ type: 'ai', id: 's', prompt: 'Summarise: {{ $string(null) }}' }, { type: 'action', id: 'p', action: 'slack.post_message', input: { text: '{{ steps.s }}' } }] };
    expect(missingReferences(def, have)).toEqual(['trigger google_forms.new_response']);
    expect(wired(def, 'trigger', 'ai.summarize')).toBe(false);
    expect(wired(def, 'ai.summarize', 'slack.post_message')).toBe(true);
    const unsure = scoreDraft(cases[0]!, { ...planOffline('every Monday post hello to #team'), status: 'draft' }, have);
    expect(unsure.exact).toBe(false);
  });
});
