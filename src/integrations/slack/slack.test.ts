import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from './fake.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { listChannels, lookupUser, newMessage, postMessage } from './index.js';

let fake: SlackFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startSlackFake();
  h = await pieceHarness({ serviceId: 'slack', fake, basePath: '/api', tokenPath: '/api/oauth.v2.access' });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});
beforeEach(() => {
  fake.faults.length = 0;
});

describe('Slack pieces against the Slack fake', () => {
  it('posts a message (by #name, in a thread)', async () => {
    const out = await h.run(postMessage, { channel: '#general', text: 'Deploy done', threadTs: '1700000000.000100' });
    expect(out.channel).toBe('C000');
    expect(fake.posted.at(-1)).toEqual({ channel: 'C000', text: 'Deploy done', thread_ts: '1700000000.000100' });
  });

  it('says plainly when the channel does not exist (Slack reports it inside HTTP 200)', async () => {
    await expect(h.run(postMessage, { channel: 'C999', text: 'x' })).rejects.toMatchObject({
      code: 'integrations.http.not_found',
      message: 'Slack says the channel does not exist (or Atom cannot see it).',
    });
  });

  it('lists channels across cursor pages, without archived ones', async () => {
    const out = await h.run(listChannels, {});
    expect(out.channels.map((c) => c.name)).toEqual(['general', 'team-1', 'team-2', 'team-3']);
    expect(fake.requests.filter((r) => r.path.startsWith('/api/conversations.list')).length).toBeGreaterThanOrEqual(2);
  });

  it('looks up a user by email, and reports an unknown email', async () => {
    expect(await h.run(lookupUser, { email: 'ada@example.com' })).toMatchObject({ id: 'U001', realName: 'Ada Lovelace' });
    await expect(h.run(lookupUser, { email: 'nobody@example.com' })).rejects.toMatchObject({ message: 'Slack says no one in the workspace has that email address.' });
  });

  it('new-message trigger: first poll sets the cursor, later polls emit only new human messages in order', async () => {
    const first = await h.poll(newMessage, { channel: 'C000' });
    expect(first.events).toEqual([]);
    const msgs = fake.history.get('C000')!;
    msgs.push({ type: 'message', user: 'U001', text: 'one', ts: '1700000100.000001' }, { type: 'message', bot_id: 'B1', text: 'bot', ts: '1700000101.000001' }, { type: 'message', user: 'U001', text: 'two', ts: '1700000102.000001' }, { type: 'message', user: 'U001', text: 'three', ts: '1700000103.000001' });
    const second = await h.poll(newMessage, { channel: 'C000' }, first.cursor);
    expect(second.events.map((e) => e.text)).toEqual(['one', 'two', 'three']);
    const third = await h.poll(newMessage, { channel: 'C000' }, second.cursor);
    expect(third.events).toEqual([]);
  });
});

describe('Slack: failures', () => {
  it('refreshes an expired token (invalid_auth) through oauth.v2.access and retries once', async () => {
    fake.expireAll();
    const before = fake.tokenRequests.length;
    const out = await h.run(postMessage, { channel: 'C002', text: 'after refresh' });
    expect(out.channel).toBe('C002');
    expect(fake.posted.filter((p) => p.text === 'after refresh')).toHaveLength(1);
    expect(fake.tokenRequests.slice(before)).toEqual([expect.objectContaining({ grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'atom-client' })]);
  });

  it('waits out 429 + Retry-After, then succeeds', async () => {
    fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' }, path: /chat\.postMessage/ });
    const t0 = Date.now();
    await h.run(postMessage, { channel: 'C001', text: 'after the limit' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(fake.posted.at(-1)?.text).toBe('after the limit');
  });

  it('retries a 5xx on a read', async () => {
    fake.inject({ kind: 'status', status: 503, body: 'upstream', path: /conversations\.list/ });
    const out = await h.run(listChannels, { limit: 1 });
    expect(out.channels).toHaveLength(1);
  });

  it('ends a hanging call with a timeout error', async () => {
    await h.run(lookupUser, { email: 'ada@example.com' });
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'hang' as const, path: /users\.lookupByEmail/ })));
    await expect(h.run(lookupUser, { email: 'x@example.com' })).rejects.toMatchObject({ code: 'integrations.http.timeout' });
  });

  it('ends a dropped connection with a clear network error', async () => {
    await h.run(lookupUser, { email: 'ada@example.com' }); // a success closes the breaker the timeouts opened
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'drop' as const, path: /conversations\.list/ })));
    await expect(h.run(listChannels, {})).rejects.toMatchObject({ code: 'integrations.http.network', message: expect.stringMatching(/^Could not reach Slack: /) });
  });
});
