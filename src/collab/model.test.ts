import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStep, moveStep, removeStep, renameStep, seedDocument, setStepField, stepIds, toDefinition } from './model.js';

const tree = {
  trigger: { type: 'manual' },
  steps: [
    { id: 'fetch', type: 'http', input: { url: 'https://example.test' }, onError: 'branch', errorSteps: [{ id: 'alert', type: 'fail', message: 'down' }] },
    {
      id: 'check',
      type: 'if',
      condition: 'steps.fetch.status = 200',
      then: [{ id: 'each', type: 'for_each', items: 'steps.fetch.body', concurrency: 2, steps: [{ id: 'log_item', type: 'transform', expression: 'item' }] }],
      else: [],
    },
    { id: 'route', type: 'switch', value: 'vars.kind', cases: [{ when: 'a', steps: [{ id: 'on_a', type: 'transform', expression: '1' }] }], default: [{ id: 'other', type: 'transform', expression: '0' }] },
    { id: 'fan', type: 'parallel', branches: [[{ id: 'left', type: 'transform', expression: '1' }], [{ id: 'right', type: 'transform', expression: '2' }]] },
  ],
};

const seeded = () => {
  const doc = new Y.Doc();
  seedDocument(doc, tree);
  return doc;
};

describe('workflow draft document', () => {
  it('gives back the definition it was seeded with (every kind of child list)', () => {
    expect(toDefinition(seeded())).toEqual({ schemaVersion: 1, ...tree });
  });

  it('keeps concurrent edits of different steps and of different fields of one step', () => {
    const a = seeded();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setStepField(a, 'on_a', 'expression', '"A"');
    setStepField(b, 'other', 'expression', '"B"');
    setStepField(b, 'on_a', 'name', 'Named by B');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(toDefinition(a)).toEqual(toDefinition(b));
    const route = toDefinition(a).steps[2] as unknown as { cases: { steps: { expression: string; name?: string }[] }[]; default: { expression: string }[] };
    expect(route.cases[0]?.steps[0]).toMatchObject({ expression: '"A"', name: 'Named by B' });
    expect(route.default[0]?.expression).toBe('"B"');
  });

  it('keeps concurrent edits of different inputs of one action step', () => {
    const a = seeded();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setStepField(a, 'fetch', 'input', { url: 'https://a.example', method: 'GET' });
    setStepField(b, 'fetch', 'input', { url: 'https://example.test', timeoutMs: 5000 });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(toDefinition(a)).toEqual(toDefinition(b));
    expect(toDefinition(a).steps[0]?.['input']).toEqual({ url: 'https://a.example', method: 'GET', timeoutMs: 5000 });
    expect(renameStep(a, 'fetch', 'probe')).toBe(true);
    expect(toDefinition(a).steps[0]).toMatchObject({ id: 'probe', input: { url: 'https://a.example', method: 'GET', timeoutMs: 5000 } });
  });

  it('adds, moves, renames and removes steps with their children', () => {
    const doc = seeded();
    addStep(doc, 'root', 1, { id: 'between', type: 'transform', expression: '0' });
    expect(toDefinition(doc).steps.map((s) => s.id)).toEqual(['fetch', 'between', 'check', 'route', 'fan']);
    moveStep(doc, 'between', 'check/else', 0);
    expect((toDefinition(doc).steps[1] as unknown as { else: { id: string }[] }).else.map((s) => s.id)).toEqual(['between']);
    // A step cannot move into its own subtree.
    moveStep(doc, 'check', 'each/steps', 0);
    expect(toDefinition(doc).steps[1]?.id).toBe('check');
    expect(renameStep(doc, 'each', 'loop')).toBe(true);
    expect(JSON.stringify(toDefinition(doc))).toContain('"id":"loop"');
    expect(stepIds(doc)).toContain('log_item');
    removeStep(doc, 'check');
    expect(stepIds(doc)).not.toContain('log_item');
    expect(toDefinition(doc).steps.map((s) => s.id)).toEqual(['fetch', 'route', 'fan']);
  });
});
