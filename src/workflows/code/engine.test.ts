import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { validateDefinition } from '../definition/validate.js';
import { workflowDefinitionSchema, type Step } from '../definition/schema.js';
import { testStep } from '../engine/step-test.js';
import { createEngineHarness, WS, type EngineHarness } from '../engine/testing.js';
import { codeSteps } from './index.js';

/** Code steps (core.code) in workflows: end to end, in dry runs and in the step tester, with secrets. */
describe('code step in the engine', () => {
  let h: EngineHarness;
  // The code-step limits come from the harness context's configuration (its own pool, closed with it).
  const harness = () => createEngineHarness('embedded-sqlite', { env: { ATOM_WORKFLOW_CODE_TIMEOUT_MS: '1500' } });
  afterEach(async () => {
    await h?.close();
  });

  // `{{ }}` inside the code is text: a trigger value can never be spliced into the code (script injection).
  const calc: Step = {
    id: 'calc',
    type: 'action',
    action: 'core.code',
    onError: 'stop',
    input: {
      code: 'console.log("got", input.n);\nconst raw: string = "{{ trigger.evil }}";\nreturn { double: input.n * 2, raw };',
      input: { n: '{{ trigger.n }}' },
    },
  };

  it('runs a workflow with a code step: input rendered, code literal, console output in the step log, output to later steps', async () => {
    h = await harness();
    const def = { trigger: { type: 'manual' as const }, steps: [calc, { id: 'after', type: 'transform' as const, expression: 'steps.calc.double + 1' }] };
    expect(await validateDefinition(def, { actions: h.actions })).toEqual([]);
    const wf = await h.publish(def);
    const runId = await h.run(wf.id, { n: 21, evil: '"; while (true) {} "' });
    const run = await h.finished(runId);
    expect(run.status).toBe('succeeded');
    expect(JSON.parse(run.output ?? 'null')).toBe(43);
    const entry = (await h.journal(runId)).get('calc');
    expect(entry?.inlineOutput).toEqual({ double: 42, raw: '{{ trigger.evil }}' });
    expect(entry?.logs).toEqual([expect.objectContaining({ message: 'got 21', data: { level: 'info', source: 'console' } })]);
    expect(entry?.input).toMatchObject({ input: { n: 21 }, code: expect.stringContaining('{{ trigger.evil }}') });

    // A dry run runs the code too (it has no side effects).
    const dry = await h.finished(await h.run(wf.id, { n: 1, evil: '' }, 'dry'));
    expect(dry.status).toBe('succeeded');
    expect(JSON.parse(dry.output ?? 'null')).toBe(3);
  }, 60_000);

  it('refuses to activate code with a syntax error, naming the field and the line', async () => {
    h = await harness();
    const issues = await validateDefinition(
      { trigger: { type: 'manual' }, steps: [{ id: 'broken', type: 'action', action: 'core.code', input: { code: 'const a: number = 1;\nreturn a +;' } }] },
      { actions: h.actions },
    );
    expect(issues).toEqual([expect.objectContaining({ code: 'workflows.validation.input', stepId: 'broken', field: 'steps.broken.input.code', message: expect.stringMatching(/^SyntaxError: .*\(line 2\)$/) })]);
  }, 60_000);

  it('fails the run with the coded, non-retried error of a hostile step, and the next run works', async () => {
    h = await harness();
    // A warm thread, as in a process that has run code before: on a loaded machine a thread's first call
    // spends part of the watchdog's one-second grace warming up, and the watchdog's kill loses the console lines.
    await codeSteps(h.t.ctx).run('return 1', null);
    const bad = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'spin', type: 'action', action: 'core.code', input: { code: 'console.log("spinning"); while (true) {}' } }] }, 'hostile');
    const run = await h.finished(await h.run(bad.id));
    expect(run.status).toBe('failed');
    expect(JSON.stringify(run.error)).toContain('workflows.code.timeout');
    const entry = (await h.journal(run.id)).get('spin');
    expect(entry).toMatchObject({ status: 'failed', attempt: 1 });
    expect(entry?.logs).toEqual([expect.objectContaining({ message: 'spinning' })]);
    const good = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'ok', type: 'action', action: 'core.code', input: { code: 'return [1, 2, 3].map((x) => x * input)', input: 2 } }] }, 'fine');
    const ok = await h.finished(await h.run(good.id));
    expect(ok.status).toBe('succeeded');
    expect(JSON.parse(ok.output ?? 'null')).toEqual([2, 4, 6]);
  }, 60_000);

  it('gets a secret only when the author passes it in input; the step tester shows it masked', async () => {
    h = await harness();
    const asked: string[] = [];
    const secret = async (_ws: string, name: string) => {
      asked.push(name);
      return name === 'API_TOKEN' ? 'tok-5ecret-value' : undefined;
    };
    const definition = workflowDefinitionSchema.parse({ trigger: { type: 'manual' }, steps: [] });
    const passed: Step = {
      id: 'use',
      type: 'action',
      action: 'core.code',
      onError: 'stop',
      input: { code: 'console.log("token", input.token);\nreturn { length: input.token.length, echo: input.token, globals: typeof secrets + typeof env };', input: { token: '{{ secrets.API_TOKEN }}' } },
    };
    const tested = await testStep(h.t.ctx, h.actions, definition, passed, { dryRun: true, workspaceId: WS, workflowId: 'wf-code', secret });
    expect(tested.outcome.status).toBe('succeeded');
    expect(asked).toEqual(['API_TOKEN']);
    const shown = JSON.stringify(tested.entry);
    expect(shown).not.toContain('tok-5ecret-value');
    expect(tested.entry?.inlineOutput).toMatchObject({ length: 16, globals: 'undefinedundefined' });
    expect(tested.entry?.input).toMatchObject({ input: { token: '⟦secret:API_TOKEN⟧' } });

    // Naming a secret inside the code does nothing: the code is not a template and the store is not asked.
    asked.length = 0;
    const named: Step = { ...passed, id: 'named', input: { code: 'return "{{ secrets.API_TOKEN }}"' } };
    const literal = await testStep(h.t.ctx, h.actions, definition, named, { dryRun: false, workspaceId: WS, workflowId: 'wf-code', secret });
    expect(literal.outcome).toMatchObject({ status: 'succeeded', output: '{{ secrets.API_TOKEN }}' });
    expect(asked).toEqual([]);
  }, 60_000);
});

/** Each app context has its own code-step pool under its own configuration, even in one process. */
describe('code steps per app context', () => {
  const contexts: TestContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((t) => t.cleanup()));
  });

  it('honours different settings in two contexts, and closing one leaves the other running', async () => {
    const small = await createTestContext('sqlite', { ATOM_WORKFLOW_CODE_MAX_OUTPUT_BYTES: '1024', ATOM_WORKFLOW_CODE_WORKERS: '1' });
    const large = await createTestContext('sqlite', { ATOM_WORKFLOW_CODE_MAX_OUTPUT_BYTES: '65536', ATOM_WORKFLOW_CODE_WORKERS: '3' });
    contexts.push(small, large);
    expect(codeSteps(small.ctx)).not.toBe(codeSteps(large.ctx));
    expect(codeSteps(small.ctx)).toBe(codeSteps(small.ctx));
    expect(codeSteps(small.ctx).settings).toMatchObject({ maxOutputBytes: 1024, workers: 1 });
    expect(codeSteps(large.ctx).settings).toMatchObject({ maxOutputBytes: 65536, workers: 3 });

    const big = 'return "x".repeat(4000)';
    await expect(codeSteps(small.ctx).run(big, null)).rejects.toMatchObject({ code: 'workflows.code.output_too_large' });
    expect((await codeSteps(large.ctx).run(big, null)).output).toHaveLength(4000);

    // The small context shuts down (its lifecycle closes its pool); the other context's pool is not touched.
    await small.cleanup();
    contexts.splice(contexts.indexOf(small), 1);
    expect((await codeSteps(large.ctx).run('return input * 2', 21)).output).toBe(42);
  }, 60_000);
});
