import { describe, expect, it } from 'vitest';
import { workflowDefinitionSchema } from '../definition/schema.js';
import { diffDefinitions } from './diff.js';

const def = (x: unknown) => workflowDefinitionSchema.parse(x);

describe('structural diff', () => {
  it('matches steps by id: added, removed, changed fields and moves', () => {
    const a = def({
      trigger: { type: 'schedule', everyMinutes: 5 },
      steps: [
        { id: 'fetch', type: 'http', input: { url: 'https://a.example/x' } },
        { id: 'check', type: 'if', condition: 'true', then: [{ id: 'notify', type: 'action', action: 'core.log', input: { message: 'a' } }] },
        { id: 'old', type: 'transform', expression: '1' },
      ],
    });
    const b = def({
      trigger: { type: 'schedule', everyMinutes: 10 },
      steps: [
        { id: 'check', type: 'if', condition: 'false', then: [] },
        { id: 'fetch', type: 'http', input: { url: 'https://b.example/x' } },
        { id: 'notify', type: 'action', action: 'core.log', input: { message: 'a' } },
        { id: 'new', type: 'delay', ms: 5 },
      ],
    });
    const d = diffDefinitions(a, b);
    expect(d.same).toBe(false);
    expect(d.trigger).toEqual([{ path: 'everyMinutes', before: 5, after: 10 }]);
    expect(d.steps.added).toEqual([{ id: 'new', type: 'delay', at: 'steps[3]' }]);
    expect(d.steps.removed).toEqual([{ id: 'old', type: 'transform', at: 'steps[2]' }]);
    expect(d.steps.changed).toEqual([
      { id: 'check', changes: [{ path: 'condition', before: 'true', after: 'false' }] },
      { id: 'fetch', changes: [{ path: 'input.url', before: 'https://a.example/x', after: 'https://b.example/x' }] },
    ]);
    expect(d.steps.moved).toEqual(
      expect.arrayContaining([
        { id: 'check', from: 'steps[1]', to: 'steps[0]' },
        { id: 'notify', from: 'steps[1].then[0]', to: 'steps[2]' },
      ]),
    );
    expect(diffDefinitions(a, a).same).toBe(true);
  });
});
