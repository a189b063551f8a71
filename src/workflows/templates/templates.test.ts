import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinActions, createActionRegistry, defineAction, type ActionRegistry } from '../actions/index.js';
import { workflowDefinitionSchema } from '../definition/schema.js';
import { validateDefinition } from '../definition/validate.js';
import { createEngineHarness, type EngineHarness } from '../engine/testing.js';
import { templateActions } from '../http/template-routes.js';
import { workflowTemplates } from './index.js';

/**
 * Every template builds a valid workflow and completes a dry run. Actions of integrations that are not
 * part of this domain (Slack, Gmail, Notion, AI, memory search, ...) are stood in for by preview-only
 * actions with their ids: a dry run calls `preview` for side-effecting actions anyway, and the AI and
 * memory stand-ins answer with empty results, which the templates must tolerate.
 */
function registryWithStandIns(): ActionRegistry {
  const registry = createActionRegistry(builtinActions);
  const needed = new Set(workflowTemplates.flatMap(templateActions));
  for (const id of needed) {
    if (registry.get(id)) continue;
    registry.register(
      defineAction({
        id,
        title: `${id} (stand-in)`,
        description: 'test stand-in',
        input: z.record(z.string(), z.unknown()),
        output: z.unknown(),
        idempotent: false,
        sideEffect: !id.startsWith('ai.') && !id.startsWith('memory.') && !/\.(list|get|search)_/.test(id),
        run: async () => (id === 'ai.generate' ? { text: 'stand-in text', json: {} } : id === 'memory.search' ? { results: [] } : { items: [] }),
        preview: async (_ctx, input) => ({ preview: true, action: id, input }),
      }),
    );
  }
  return registry;
}

describe('workflow templates', () => {
  const actions = registryWithStandIns();
  let h: EngineHarness;
  beforeAll(async () => {
    h = await createEngineHarness('embedded-sqlite', { actions });
  });
  afterAll(async () => {
    await h.close();
  });

  it('has at least 20 templates with unique ids and parameter defaults', () => {
    expect(workflowTemplates.length).toBeGreaterThanOrEqual(20);
    expect(new Set(workflowTemplates.map((t) => t.id)).size).toBe(workflowTemplates.length);
  });

  it.each(workflowTemplates.map((t) => [t.id, t] as const))('%s is valid and completes a dry run', async (_id, template) => {
    const def = workflowDefinitionSchema.parse(template.build(template.params.parse({})));
    expect(await validateDefinition(def, { actions })).toEqual([]);
    const wf = await h.publish(def, template.name);
    const runId = await h.run(wf.id, template.sample ?? {}, 'dry');
    const run = await h.finished(runId);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    const journal = await h.journal(runId);
    expect(journal.size).toBeGreaterThan(0);
    // Nothing acted for real: every side-effecting call answered with its preview.
    for (const e of journal.values()) {
      if (e.stepType === 'http') expect(e.inlineOutput).toMatchObject({ body: { preview: expect.any(String) } });
    }
  });
});
