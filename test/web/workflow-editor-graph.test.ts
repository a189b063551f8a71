import { describe, expect, it } from 'vitest';
import type { DefinitionJson } from '../../src/collab/model.js';
import { issueTarget, layoutGraph, walkSteps } from '../../web/src/pages/workflows/editor/graph.js';

// The web app's tests run here (vitest's include covers test/**): graph.ts is plain logic without DOM.
const def: DefinitionJson = {
  trigger: { type: 'manual' },
  steps: [
    { id: 'fetch', type: 'http', input: {}, onError: 'branch', errorSteps: [{ id: 'alert', type: 'fail', message: 'down' }] },
    {
      id: 'route',
      type: 'switch',
      value: 'x',
      cases: [{ when: 'a', steps: [{ id: 'on_a', type: 'transform', expression: '1' }] }],
      default: [],
    },
    { id: 'fan', type: 'parallel', branches: [[{ id: 'left', type: 'transform', expression: '1' }], [{ id: 'right', type: 'transform', expression: '(' }]] },
  ],
};

describe('workflow editor graph', () => {
  it('lays out every step once, with labelled branch edges, an error branch and empty-list placeholders', () => {
    const { nodes, edges } = layoutGraph(def);
    const steps = nodes.filter((n) => n.kind === 'step').map((n) => n.id);
    expect(steps.sort()).toEqual(['alert', 'fan', 'fetch', 'left', 'on_a', 'right', 'route']);
    expect(nodes.some((n) => n.kind === 'empty' && n.slot === 'route/default')).toBe(true);
    expect(edges.find((e) => e.target === 'alert')).toMatchObject({ source: 'fetch', label: 'on error', error: true });
    expect(edges.find((e) => e.target === 'on_a')?.label).toBe('case "a"');
    expect(edges.find((e) => e.target === 'right')?.label).toBe('branch 2');
    expect(edges.find((e) => e.target === 'route')?.source).toBe('fetch');
    // Side-by-side branches do not overlap.
    const at = (id: string) => nodes.find((n) => n.id === id);
    expect(at('left')?.y).toBe(at('right')?.y);
    expect(at('left')?.x).not.toBe(at('right')?.x);
  });

  it('walks steps in run order and maps schema errors (index paths) and validator errors to their step and field', () => {
    expect(walkSteps(def).map((w) => w.step.id)).toEqual(['fetch', 'alert', 'route', 'on_a', 'fan', 'left', 'right']);
    expect(issueTarget(def, { code: 'x', field: 'steps.2.branches.1.0.expression', message: 'bad' })).toEqual({ stepId: 'right', field: 'expression' });
    expect(issueTarget(def, { code: 'x', field: 'steps.1.cases.0.steps.0.expression', message: 'bad' })).toEqual({ stepId: 'on_a', field: 'expression' });
    expect(issueTarget(def, { code: 'x', field: 'steps.0.errorSteps.0.message', message: 'bad' })).toEqual({ stepId: 'alert', field: 'message' });
    expect(issueTarget(def, { code: 'x', field: 'steps.fetch.input.url', stepId: 'fetch', message: 'bad' })).toEqual({ stepId: 'fetch', field: 'input.url' });
    expect(issueTarget(def, { code: 'x', field: 'trigger.cron', message: 'bad' })).toBeUndefined();
  });
});
