import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';
import { findService } from '../catalog/index.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { authMismatch, defineRestService, newSince } from './rest.js';

describe('newSince: which listed items are new', () => {
  type Item = { id: number; at: string };
  const items: Item[] = [{ id: 3, at: '2026-01-02' }, { id: 1, at: '2026-01-01' }, { id: 2, at: '2026-01-02' }];
  it('increasing keys: the first poll sets the cursor; later only keys above it, oldest first', () => {
    const style = { style: 'increasing' as const, key: (i: Item) => i.id };
    const first = newSince(style, items, undefined);
    expect(first).toEqual({ fresh: [], cursor: { last: 3 } });
    expect(newSince(style, [...items, { id: 5, at: '' }, { id: 4, at: '' }], first.cursor)).toEqual({ fresh: [{ id: 4, at: '' }, { id: 5, at: '' }], cursor: { last: 5 } });
    expect(newSince(style, [], first.cursor).cursor).toEqual({ last: 3 });
  });
  it('an empty list on the first poll still marks the start: the first item after it is new', () => {
    const inc = { style: 'increasing' as const, key: (i: Item) => i.id };
    const started = newSince(inc, [], undefined);
    expect(started).toEqual({ fresh: [], cursor: { started: 1 } });
    expect(newSince(inc, [items[0]!], started.cursor)).toEqual({ fresh: [items[0]], cursor: { last: 3 } });
    const ts = { style: 'timestamp' as const, at: (i: Item) => i.at, id: (i: Item) => String(i.id) };
    expect(newSince(ts, [items[1]!], newSince(ts, [], undefined).cursor).fresh).toEqual([items[1]]);
  });
  it('timestamps that repeat: a later time, or the same time with an unseen id', () => {
    const style = { style: 'timestamp' as const, at: (i: Item) => i.at, id: (i: Item) => String(i.id) };
    const first = newSince(style, items, undefined);
    expect(first.cursor).toEqual({ after: '2026-01-02', ids: ['3', '2'] });
    const next = newSince(style, [...items, { id: 4, at: '2026-01-02' }, { id: 5, at: '2026-01-03' }], first.cursor);
    expect(next.fresh.map((i) => i.id)).toEqual([4, 5]);
    expect(next.cursor).toEqual({ after: '2026-01-03', ids: ['5'] });
  });
  it('seen ids, bounded', () => {
    const style = { style: 'seen' as const, id: (i: Item) => String(i.id), keep: 3 };
    const first = newSince(style, items, undefined);
    const next = newSince(style, [{ id: 9, at: '' }, ...items], first.cursor);
    expect(next.fresh).toEqual([{ id: 9, at: '' }]);
    // Every id listed now is kept, even past `keep`, so a newest-first list never forgets its newest items.
    expect(next.cursor).toEqual({ seen: ['9', '3', '1', '2'] });
    expect(newSince(style, [{ id: 9, at: '' }, ...items], next.cursor).fresh).toEqual([]);
    expect(newSince(style, [{ id: 10, at: '' }], next.cursor).cursor).toEqual({ seen: ['1', '2', '10'] });
  });
  it('positions: items past the count; a shrunk list resets the count without events', () => {
    const style = { style: 'position' as const };
    expect(newSince(style, ['a', 'b', 'c'], { count: 2 })).toEqual({ fresh: ['c'], cursor: { count: 3 } });
    expect(newSince(style, ['a'], { count: 2 })).toEqual({ fresh: [], cursor: { count: 1 } });
  });
});

describe('authMismatch: the declared auth must be the catalog’s', () => {
  it('accepts matching declarations and names the difference otherwise', () => {
    expect(authMismatch({ apiKey: { query: 'appid' } }, findService('openweathermap')!.auth)).toBeUndefined();
    expect(authMismatch({ apiKey: { header: 'circle-token' } }, findService('circleci')!.auth)).toBeUndefined();
    expect(authMismatch({ apiKey: 'bearer' }, findService('stripe')!.auth)).toBeUndefined();
    expect(authMismatch('oauth2', findService('google-sheets')!.auth)).toBeUndefined();
    expect(authMismatch('oauth2', findService('circleci')!.auth)).toMatch(/declared oauth2, the catalog says api_key \(header Circle-Token\)/);
    expect(authMismatch({ apiKey: { query: 'key' } }, findService('openweathermap')!.auth)).toMatch(/query key key/);
  });
});

/** A made-up list API paged five ways, with the key in a query parameter (as OpenWeather takes it). */
const ITEMS = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, name: `item ${i + 1}` }));
async function startListFake(): Promise<FakeService> {
  return startFakeService({
    readToken: (req) => (req.query as Record<string, string | undefined>)['appid'],
    unauthorized: (reply) => reply.code(401).send({ cod: 401, message: 'Invalid API key.' }),
    routes(app, fake) {
      type Q = Record<string, string | undefined>;
      app.get('/by-page', async (req) => {
        const q = req.query as Q;
        const size = Number(q['per_page']);
        const page = Number(q['page']);
        return { items: ITEMS.slice((page - 1) * size, page * size) };
      });
      app.get('/by-offset', async (req) => {
        const q = req.query as Q;
        return { items: ITEMS.slice(Number(q['offset']), Number(q['offset']) + Number(q['limit'])) };
      });
      app.get('/by-cursor', async (req) => {
        const start = Number((req.query as Q)['cursor'] ?? 0);
        return { items: ITEMS.slice(start, start + 2), next: start + 2 < ITEMS.length ? String(start + 2) : null };
      });
      app.get('/by-link', async (req, reply) => {
        const start = Number((req.query as Q)['from'] ?? 0);
        // The next link is absolute and carries the key as the service echoes it back.
        if (start + 2 < ITEMS.length) void reply.header('link', `<${fake.url}/by-link?from=${start + 2}>; rel="next"`);
        return ITEMS.slice(start, start + 2);
      });
      app.get('/by-next-url', async (req) => {
        const start = Number((req.query as Q)['skip'] ?? 0);
        return { value: ITEMS.slice(start, start + 2), ...(start + 2 < ITEMS.length ? { '@odata.nextLink': `${fake.url}/by-next-url?skip=${start + 2}` } : {}) };
      });
      app.post('/things', async (req) => ({ id: 99, received: req.body, idempotencyKey: req.headers['idempotency-key'] ?? null }));
    },
  });
}

describe('defineRestService against a fake', () => {
  const svc = defineRestService({ id: 'openweathermap', name: 'OpenWeather', auth: { apiKey: { query: 'appid' } }, idempotencyHeader: 'Idempotency-Key' });
  const item = z.object({ id: z.number(), name: z.string() });
  const out = z.object({ names: z.array(z.string()) });
  const names = (items: { name: string }[]) => ({ names: items.map((i) => i.name) });
  const input = z.object({ max: z.number().optional() });
  const meta = { title: 'List', description: 'Lists items.', aiDescription: 'Use to list items.', idempotent: true, sideEffect: false, input, output: out } as const;
  const byPage = svc.operation({ ...meta, id: 'openweathermap.by_page', path: () => 'by-page', response: z.object({ items: z.array(item) }), paginate: { style: 'page', param: 'page', sizeParam: 'per_page', size: 2, items: (p) => p.items }, map: names });
  const byOffset = svc.operation({ ...meta, id: 'openweathermap.by_offset', path: () => 'by-offset', response: z.object({ items: z.array(item) }), paginate: { style: 'offset', param: 'offset', sizeParam: 'limit', size: 2, items: (p) => p.items }, maxItems: (i) => i.max, map: names });
  const byCursor = svc.operation({ ...meta, id: 'openweathermap.by_cursor', path: () => 'by-cursor', response: z.object({ items: z.array(item), next: z.string().nullable() }), paginate: { style: 'cursor', param: 'cursor', next: (p) => p.next, items: (p) => p.items }, map: names });
  const byLink = svc.operation({ ...meta, id: 'openweathermap.by_link', path: () => 'by-link', response: z.array(item), paginate: { style: 'link', items: (p) => p }, map: names });
  const byNextUrl = svc.operation({ ...meta, id: 'openweathermap.by_next_url', path: () => 'by-next-url', response: z.object({ value: z.array(item), '@odata.nextLink': z.string().optional() }), paginate: { style: 'next-url', next: (p) => p['@odata.nextLink'], items: (p) => p.value }, map: names });
  const create = svc.operation({
    id: 'openweathermap.create_thing',
    title: 'Create',
    description: 'Creates a thing.',
    aiDescription: 'Use to create a thing.',
    idempotent: false,
    sideEffect: true,
    input: z.object({ name: z.string() }),
    output: z.object({ id: z.number(), received: z.record(z.string(), z.string()), idempotencyKey: z.string().nullable() }),
    method: 'POST',
    path: () => 'things',
    form: (i) => ({ name: i.name, unused: undefined }),
  });

  let fake: FakeService;
  let h: PieceHarness;
  beforeAll(async () => {
    fake = await startListFake();
    h = await pieceHarness({ serviceId: 'openweathermap', fake, credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }) });
  });
  afterAll(async () => {
    await h.cleanup();
    await fake.close();
  });

  it('walks every page in each paging style, with the key in the query of each call', async () => {
    const all = ITEMS.map((i) => i.name);
    for (const op of [byPage, byOffset, byCursor, byLink, byNextUrl]) {
      const before = fake.requests.length;
      expect(await h.run(op, {}), op.id).toEqual({ names: all });
      expect(fake.requests.length - before, op.id).toBe(3);
    }
    expect(fake.requests.every((r) => /[?&]appid=tok-/.test(r.path))).toBe(true);
    expect(fake.requests.some((r) => r.headers.authorization)).toBe(false);
    expect(svc.operations.map((o) => o.paginated)).toEqual([true, true, true, true, true, false]);
  });

  it('stops at maxItems', async () => {
    const before = fake.requests.length;
    expect(await h.run(byOffset, { max: 3 })).toEqual({ names: ['item 1', 'item 2', 'item 3'] });
    expect(fake.requests.length - before).toBe(2);
  });

  it('sends form bodies and the service’s idempotency header with the step’s key', async () => {
    expect(await h.run(create, { name: 'Ada' })).toEqual({ id: 99, received: { name: 'Ada' }, idempotencyKey: 'run-1:step-1' });
    expect(fake.requests.at(-1)?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('an API key the service refuses is a reconnect error (no refresh for keys)', async () => {
    fake.expireAll();
    await expect(h.run(byPage, {})).rejects.toMatchObject({ code: 'integrations.http.unauthorized', message: 'OpenWeather says the sign-in is no longer valid; reconnect the account.' });
    expect((await h.health()).needsReconnect).toBe(true);
  });
});
