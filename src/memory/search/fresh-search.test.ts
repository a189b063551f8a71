import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { multipartBody } from '../test-support.js';

// Issue 17 / 21: an answer from memory must be right the moment an upload says it is finished, not only
// once the store's indexes settled (the settle timer runs after a quiet period; here it never fires).
const member = (workspaceId: string) => asPrincipal({ workspaceId, userId: 'alice', permissions: ['memory:read', 'memory:write'] });
const admin = asPrincipal({ workspaceId: 'ws-any', userId: 'root', permissions: ['settings:manage'] });
const query = 'board approved the hiring plan';
const topics = ['office move', 'sales offsite', 'budget review', 'travel', 'product launch', 'migration'];
// Documents sharing only the common word "plan" with the query.
const planOnly = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ filename: `${prefix}-${i}.txt`, content: `Plan ${i}: the ${topics[i % topics.length]} plan, with dates and owners.` }));

describe.each(dialects)('search right after an upload is done, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const upload = async (ws: string, files: { filename: string; content: string }[]) => {
    const body = multipartBody(files);
    const res = await t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', payload: body.payload, headers: { ...member(ws), ...body.headers } });
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { status: string }).status).toBe('finished');
  };
  const search = async (ws: string, q: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/memory/search?q=${encodeURIComponent(q)}&limit=10`, headers: member(ws) });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { hits: { title: string; score: number }[] }).hits.map((h) => ({ title: h.title, score: h.score }));
  };
  /** Settled: what the periodic optimize (or the settle timer) leaves behind. */
  const optimize = async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/memory/optimize', headers: admin });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_MEMORY_SETTLE_SECONDS: '3600' }, { authenticator: testAuthenticator });
  });
  afterAll(() => t.cleanup());

  it('first upload into an empty store: the document holding every query word ranks first, exactly as settled', async () => {
    // The one holding every word comes last, after the store already holds the "plan" documents.
    await upload('ws-first', planOnly('plan', 24));
    await upload('ws-first', [
      { filename: 'minutes.txt', content: 'Minutes of the meeting: the board approved the hiring plan for next year.' },
      { filename: 'hiring.txt', content: 'Hiring: two engineers join in March.' },
    ]);
    const fresh = await search('ws-first', query);
    expect(fresh[0]!.title).toBe('minutes.txt');
    await optimize();
    expect(await search('ws-first', query)).toEqual(fresh);
  });

  it('an upload into a store whose indexes exist is searched exactly as settled too', async () => {
    await upload('ws-late', planOnly('old', 12));
    await optimize();
    await upload('ws-late', [...planOnly('new', 6), { filename: 'late.txt', content: 'Late note: the board approved the hiring plan and the travel budget.' }]);
    const fresh = await search('ws-late', query);
    expect(fresh[0]!.title).toBe('late.txt');
    await optimize();
    expect(await search('ws-late', query)).toEqual(fresh);
  });
});
