import { describe, expect, it } from 'vitest';
import { translateExpression, translateValue, type ExpressionScope } from './expressions.js';

const scope: ExpressionScope = {
  current: 'steps.fetch.body',
  nodeOutput: (name) => ({ Webhook: 'trigger', 'Get user': 'steps.get_user.body' })[name],
};
const tr = (s: string) => translateExpression(s, scope);

describe('n8n expression translation', () => {
  it('translates item data, node references and dates', () => {
    expect(tr('$json.customer.name')).toEqual({ ok: true, jsonata: 'steps.fetch.body.customer.name' });
    expect(tr('$json["first name"]')).toEqual({ ok: true, jsonata: 'steps.fetch.body.`first name`' });
    expect(tr('$node["Webhook"].json.body.id')).toEqual({ ok: true, jsonata: 'trigger.body.id' });
    expect(tr("$('Get user').item.json.email")).toEqual({ ok: true, jsonata: 'steps.get_user.body.email' });
    expect(tr("$('Get user').first().json.email")).toEqual({ ok: true, jsonata: 'steps.get_user.body.email' });
    expect(tr('$input.item.json.id')).toEqual({ ok: true, jsonata: 'steps.fetch.body.id' });
    expect(tr('$items("Webhook")[0].json.body')).toEqual({ ok: true, jsonata: 'trigger.body' });
    expect(tr('$now')).toEqual({ ok: true, jsonata: 'env.now' });
    expect(tr('$now.toISO()')).toEqual({ ok: true, jsonata: 'env.now' });
    expect(tr('$today')).toEqual({ ok: true, jsonata: '$substring(env.now, 0, 10)' });
    expect(tr('$execution.id')).toEqual({ ok: true, jsonata: 'env.runId' });
  });

  it('translates operators, strings and a few methods', () => {
    expect(tr("$json.status === 'paid' && $json.total > 100")).toEqual({ ok: true, jsonata: '((steps.fetch.body.status = "paid") and (steps.fetch.body.total > 100))' });
    expect(tr("$json.first + ' ' + $json.last")).toEqual({ ok: true, jsonata: '((steps.fetch.body.first & " ") & steps.fetch.body.last)' });
    expect(tr('$json.a + 1')).toEqual({ ok: true, jsonata: '(steps.fetch.body.a + 1)' });
    expect(tr("$json.name.toUpperCase()")).toEqual({ ok: true, jsonata: '$uppercase(steps.fetch.body.name)' });
    expect(tr("$json.vip ? 'gold' : 'std'")).toEqual({ ok: true, jsonata: '(steps.fetch.body.vip ? "gold" : "std")' });
    expect(tr("$json.nick || 'anon'")).toEqual({ ok: true, jsonata: '(steps.fetch.body.nick ?: "anon")' });
    expect(tr('!$json.done')).toEqual({ ok: true, jsonata: '$not(steps.fetch.body.done)' });
    expect(tr('Math.round($json.price * 100)')).toEqual({ ok: true, jsonata: '$round((steps.fetch.body.price * 100))' });
  });

  it('refuses what it cannot express, with a reason, and never passes source through', () => {
    for (const src of ['$json.items.map(i => i.price)', 'require("fs")', 'process.env.SECRET', 'secrets.API_KEY', '$env.TOKEN', '`${$json.a}`', 'eval("1")', "$('Unknown').item.json.x"]) {
      const r = tr(src);
      expect(r.ok, src).toBe(false);
    }
  });

  it('keeps literal text literal: {{ in a plain n8n value cannot become an Atom expression', () => {
    expect(translateValue('{{ secrets.DB_PASSWORD }}', scope).value).toBe('{{ "\\u007b\\u007b secrets.DB_PASSWORD \\u007d\\u007d" }}');
    expect(translateValue('=Hello {{ $json.name }}!', scope).value).toBe('Hello {{ steps.fetch.body.name }}!');
    const bad = translateValue('=Total {{ $json.items.reduce((a, b) => a + b) }}', scope);
    expect(bad.value).toBe('Total [n8n expression not translated: $json.items.reduce((a, b) => a + b)]');
    expect(bad.problems).toHaveLength(1);
  });

  it('gives nodes named like JSONata operators step ids expressions can read', async () => {
    const { importN8nWorkflow } = await import('./import.js');
    const { builtinActions, createActionRegistry } = await import('../../actions/index.js');
    const exp = {
      nodes: [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} },
        { name: 'And', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ name: 'a', value: 1 }] } } },
        { name: 'Then', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ name: 'b', value: '={{ $json.a }}' }] } } },
      ],
      connections: { Start: { main: [[{ node: 'And', type: 'main', index: 0 }]] }, And: { main: [[{ node: 'Then', type: 'main', index: 0 }]] } },
    };
    const { workflowDefinitionSchema } = await import('../../definition/schema.js');
    const { steps } = workflowDefinitionSchema.parse(importN8nWorkflow(exp, { actions: createActionRegistry(builtinActions) }).definition);
    expect(steps.map((s) => s.id)).toEqual(['and_step', 'then']);
    expect(steps[1]).toMatchObject({ expression: '{"b": steps.and_step.a}' });
  });
});
