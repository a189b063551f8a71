import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from './slack/fake.js';
import { ActionError, createActionRegistry, type ActionContext } from '../workflows/index.js';
import { integrationActions } from './registry.js';
import { pieceHarness, type PieceHarness } from './testing/harness.js';
import { registerWorkflowActions } from './workflow-actions.js';

describe('integration actions in the workflow registry', () => {
  let fake: SlackFake;
  let h: PieceHarness;
  const registry = createActionRegistry();
  beforeAll(async () => {
    fake = await startSlackFake();
    h = await pieceHarness({ serviceId: 'slack', fake, basePath: '/api', tokenPath: '/api/oauth.v2.access' });
    registerWorkflowActions(h.ctx, registry, integrationActions);
  });
  afterAll(async () => {
    await h.cleanup();
    await fake.close();
  });
  const actx = (workspaceId = 'ws-test'): ActionContext => ({
    workspaceId,
    runId: 'r1',
    stepId: 's1',
    idempotencyKey: 'r1:s1:0:0',
    attempt: 1,
    signal: new AbortController().signal,
    logger: h.ctx.logger,
    dryRun: false,
    secret: async () => undefined,
    log: () => undefined,
  });

  it('registers every piece with its schemas and AI description', () => {
    const post = registry.get('slack.post_message');
    expect(post).toMatchObject({ idempotent: false, sideEffect: true, connection: 'slack' });
    expect(post?.aiDescription).toMatch(/Slack channel/);
    expect(registry.get('http.request')?.connection).toBeUndefined();
  });

  it('runs with the only connection of the workspace, or the one named', async () => {
    const post = registry.get('slack.post_message')!;
    await post.run(actx(), post.input.parse({ channel: 'C001', text: 'from a workflow' }));
    await post.run(actx(), post.input.parse({ channel: 'C001', text: 'named', connectionId: h.connection.id }));
    expect(fake.posted.slice(-2).map((p) => p.text)).toEqual(['from a workflow', 'named']);
  });

  it('maps failures to ActionErrors with the right retry class', async () => {
    const post = registry.get('slack.post_message')!;
    const notFound = await post.run(actx(), post.input.parse({ channel: 'C999', text: 'x' })).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(ActionError);
    expect(notFound).toMatchObject({ code: 'integrations.http.not_found', retryable: false });
    fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '3600' }, body: { ok: false, error: 'ratelimited' } });
    const limited = await post.run(actx(), post.input.parse({ channel: 'C001', text: 'x' })).catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: 'integrations.http.rate_limited', retryable: true, options: expect.objectContaining({ retryAfterMs: 3_600_000 }) });
    const otherWs = await post.run(actx('ws-other'), post.input.parse({ channel: 'C001', text: 'x' })).catch((e: unknown) => e);
    expect(otherWs).toMatchObject({ code: 'integrations.connection_required', retryable: false });
  });
});
