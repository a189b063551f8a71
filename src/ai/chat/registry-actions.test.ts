import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { actionRegistry, defineAction } from '../../workflows/index.js';
import { parseEventStream } from './event-stream.js';

const KEY = 'sk-registry-actions-key-12345678';
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use', 'memory:read', 'workflows:read', 'workflows:write', 'workflows:run'] });
const calls: { workspaceId: string; input: unknown; idempotencyKey: string }[] = [];

let t: Awaited<ReturnType<typeof createTestApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
beforeAll(async () => {
  t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  // A side-effecting action in the app's workflow registry, as integration pieces register theirs.
  actionRegistry(t.ctx).register(
    defineAction({
      id: 'aitest.send_note',
      aliases: ['aitest.note'],
      title: 'Send a note',
      description: 'Sends a note to someone',
      input: z.object({ to: z.string(), text: z.string() }),
      output: z.object({ sent: z.boolean() }),
      idempotent: false,
      sideEffect: true,
      async run(actx, input) {
        calls.push({ workspaceId: actx.workspaceId, input, idempotencyKey: actx.idempotencyKey });
        return { sent: true };
      },
    }),
  );
  openai = await startFakeOpenAI({ keys: [KEY] });
  await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: me, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
});
afterAll(async () => {
  await t.cleanup();
  await openai.close();
});

describe('service actions from the workflow action registry (no port provided)', () => {
  it('finds the action, asks first, and runs it once confirmed with the caller\'s workspace', async () => {
    openai.script(
      { toolCalls: [{ name: 'find_actions', args: { query: 'note' } }] },
      (req) => {
        expect(req.body).toContain('aitest.send_note');
        return { toolCalls: [{ name: 'run_action', args: { actionId: 'aitest.send_note', input: { to: 'dana', text: 'hi' } } }] };
      },
    );
    const events = parseEventStream((await t.app.inject({ method: 'POST', url: '/api/chat', headers: me, payload: { message: 'Send Dana a note saying hi' } })).body);
    const confirm = events.find((e) => e.event === 'confirm')!;
    expect(calls).toEqual([]);
    openai.script({ text: 'Sent.' });
    await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm.data.pendingId)}/confirm`, headers: me });
    expect(calls).toEqual([{ workspaceId: 'ws1', input: { to: 'dana', text: 'hi' }, idempotencyKey: expect.stringMatching(/^chat-.+:aitest\.send_note$/) }]);
  });

  it('answers to a former id (alias), as a stored workflow does, and confirms under the current id', async () => {
    calls.length = 0;
    openai.script({ toolCalls: [{ name: 'run_action', args: { actionId: 'aitest.note', input: { to: 'lee', text: 'old id' } } }] });
    const events = parseEventStream((await t.app.inject({ method: 'POST', url: '/api/chat', headers: me, payload: { message: 'Send Lee a note' } })).body);
    const confirm = events.find((e) => e.event === 'confirm');
    expect(confirm, 'a side-effecting action named by its alias still asks first').toBeDefined();
    expect(calls).toEqual([]);
    openai.script({ text: 'Sent.' });
    await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm!.data.pendingId)}/confirm`, headers: me });
    expect(calls).toEqual([{ workspaceId: 'ws1', input: { to: 'lee', text: 'old id' }, idempotencyKey: expect.stringMatching(/^chat-.+:aitest\.note$/) }]);
  });
});
