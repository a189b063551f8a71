import { describe, expect, it } from 'vitest';
import { builtinActions, createActionRegistry } from '../actions/index.js';
import { evaluateExpression, referencedSteps, renderValue } from './expressions.js';
import { workflowJsonSchema, type WorkflowDefinition } from './schema.js';
import { validateDefinition } from './validate.js';

const actions = createActionRegistry(builtinActions);
const validate = (def: unknown, extra: Partial<Parameters<typeof validateDefinition>[1]> = {}) => validateDefinition(def, { actions, ...extra });

describe('workflow validation', () => {
  it('accepts a valid workflow with expressions over earlier steps', async () => {
    expect(
      await validate({
        trigger: { type: 'schedule', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
        steps: [
          { id: 'fetch', type: 'http', input: { url: 'https://example.com/x' } },
          { id: 'loop', type: 'for_each', items: 'steps.fetch.body.items', steps: [{ id: 'each', type: 'transform', expression: 'item.id & steps.fetch.status' }] },
          { id: 'post', type: 'http', input: { method: 'POST', url: '{{ "https://example.com/" & steps.loop[0] }}' } },
        ],
      }),
    ).toEqual([]);
  });

  it('names the step and field of every problem', async () => {
    const issues = await validate({
      trigger: { type: 'schedule', cron: 'not a cron', timezone: 'Mars/Base' },
      steps: [
        { id: 'a', type: 'action', action: 'nope.missing', input: {} },
        { id: 'b', type: 'http', input: { method: 'FETCH', url: 'not a url' } },
        { id: 'c', type: 'transform', expression: 'steps.d.value' },
        { id: 'd', type: 'transform', expression: '$$$ (' },
        { id: 'd', type: 'set', values: {} },
        { id: 'e', type: 'http', onError: 'branch', input: { url: '{{ steps.c }}' } },
        { id: 'f', type: 'ai', prompt: 'hi' },
      ],
    });
    const byField = Object.fromEntries(issues.map((i) => [i.field, i.code]));
    expect(byField).toMatchObject({
      'trigger.cron': 'workflows.validation.cron',
      'trigger.timezone': 'workflows.validation.timezone',
      'steps.a.action': 'workflows.validation.unknown_action',
      'steps.b.input.method': 'workflows.validation.input',
      'steps.b.input.url': 'workflows.validation.input',
      'steps.c.expression': 'workflows.validation.reference',
      'steps.d.expression': 'workflows.validation.expression',
      'steps.d.id': 'workflows.validation.duplicate_id',
      'steps.e.errorSteps': 'workflows.validation.error_branch',
      'steps.f.type': 'workflows.validation.unknown_action',
    });
    // A field computed by an expression is checked when the run has its value, not now.
    expect(issues.some((i) => i.field.startsWith('steps.e.input'))).toBe(false);
  });

  it('reports schema errors with their path, and a step inside a branch cannot read a sibling branch', async () => {
    expect((await validate({ trigger: { type: 'webhook' }, steps: [{ id: '1bad', type: 'transform', expression: '1' }] }))[0]?.field).toBe('steps.0.id');
    const issues = await validate({
      trigger: { type: 'manual' },
      steps: [{ id: 'p', type: 'parallel', branches: [[{ id: 'x', type: 'transform', expression: '1' }], [{ id: 'y', type: 'transform', expression: 'steps.x' }]] }],
    });
    expect(issues.map((i) => i.field)).toEqual(['steps.y.expression']);
    // After the block, a branch's steps are readable (empty when the branch did not run); a loop's are not.
    const after = await validate({
      trigger: { type: 'manual' },
      steps: [
        { id: 'cond', type: 'if', condition: 'true', then: [{ id: 'inside', type: 'transform', expression: '1' }] },
        { id: 'loop', type: 'for_each', items: '[1]', steps: [{ id: 'per_item', type: 'transform', expression: 'item' }] },
        { id: 'reads', type: 'transform', expression: 'steps.inside + steps.per_item' },
      ],
    });
    expect(after.map((i) => i.message)).toEqual(['Expression reads steps.per_item, which is not a step that runs before this one.']);
  });

  it('finds sub-workflow cycles', async () => {
    const defs: Record<string, WorkflowDefinition> = {
      B: { schemaVersion: 1, trigger: { type: 'manual' }, steps: [{ id: 'call_a', type: 'sub_workflow', workflowId: 'A', input: {}, wait: true, onError: 'stop' }], settings: {} },
    };
    const issues = await validate(
      { trigger: { type: 'manual' }, steps: [{ id: 'call_b', type: 'sub_workflow', workflowId: 'B' }, { id: 'call_z', type: 'sub_workflow', workflowId: 'Z' }] },
      { workflowId: 'A', lookupWorkflow: async (id) => defs[id] },
    );
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['steps.call_b.workflowId', 'workflows.validation.cycle'],
      ['steps.call_z.workflowId', 'workflows.validation.sub_workflow'],
    ]);
  });
});

describe('expressions', () => {
  it('renders templates keeping types, and finds step references', async () => {
    const data = { trigger: { n: 2, name: 'Ada' }, steps: { s: { v: [1, 2] } }, vars: {}, env: {} };
    expect(await renderValue({ a: '{{ trigger.n * 2 }}', b: 'Hi {{ trigger.name }}!', c: ['{{ steps.s.v }}'] }, data)).toEqual({ a: 4, b: 'Hi Ada!', c: [[1, 2]] });
    expect([...referencedSteps('steps.a.b + $count(steps.c) + vars.x')].sort()).toEqual(['a', 'c']);
  });

  it('stops an expression that runs too long or returns too much', async () => {
    await expect(evaluateExpression('($f := function($n){ $n = 0 ? 0 : $f($n - 1) + 1 }; $sum([1..200000].$f(20)))', {}, { timeoutMs: 50, maxResultBytes: 1000 })).rejects.toMatchObject({
      code: expect.stringMatching(/^workflows\.expression\.(timeout|failed)$/),
    });
    await expect(evaluateExpression('[1..10000]', {}, { timeoutMs: 500, maxResultBytes: 1000 })).rejects.toMatchObject({ code: 'workflows.expression.too_large' });
  });

  it('exports the definition as JSON Schema', () => {
    const s = workflowJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['trigger', 'steps', 'settings']));
  });
});
