import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNotionFake, type NotionFake } from '../../../test/fakes/notion/server.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { createPage, queryDatabase } from './index.js';

let fake: NotionFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startNotionFake();
  h = await pieceHarness({ serviceId: 'notion', fake, basePath: '/v1' });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});
beforeEach(() => void (fake.faults.length = 0));

describe('Notion pieces', () => {
  it('creates a database row and a sub-page with paragraphs', async () => {
    expect(await h.run(createPage, { databaseId: 'db-1', title: 'Ship v2', properties: { Status: { status: { name: 'Todo' } } } })).toMatchObject({ id: 'page-1' });
    expect(fake.pages[0]!.properties).toEqual({ Status: { status: { name: 'Todo' } }, Name: { title: [{ type: 'text', text: { content: 'Ship v2' } }] } });
    await h.run(createPage, { parentPageId: 'p-1', title: 'Notes', content: 'One\n\nTwo' });
    expect(fake.pages[1]!.children).toHaveLength(2);
  });

  it('explains a page that is not shared with the integration', async () => {
    await expect(h.run(createPage, { parentPageId: 'missing', title: 'x' })).rejects.toMatchObject({ message: 'Notion says the page or database does not exist, or it is not shared with Atom’s integration.' });
  });

  it('queries a database across start_cursor pages, with a filter', async () => {
    expect((await h.run(queryDatabase, { databaseId: 'db-1' })).rows.map((r) => r.id)).toEqual(['row-0', 'row-1', 'row-2', 'row-3', 'row-4']);
    expect((await h.run(queryDatabase, { databaseId: 'db-1', filter: { property: 'Status', status: { equals: 'Done' } } })).rows).toHaveLength(2);
  });

  it('401 → refresh → retry; 429 rate_limited with Retry-After; 503 retried on a query; timeout', async () => {
    fake.expireAll();
    await h.run(queryDatabase, { databaseId: 'db-1', limit: 1 });
    expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
    fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { object: 'error', status: 429, code: 'rate_limited', message: 'You have been rate limited.' } }, { kind: 'status', status: 503, body: { object: 'error', status: 503, code: 'service_unavailable', message: 'Unavailable' } });
    const t0 = Date.now();
    await h.run(queryDatabase, { databaseId: 'db-1', limit: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'hang' as const })));
    await expect(h.run(queryDatabase, { databaseId: 'db-1' })).rejects.toMatchObject({ code: 'integrations.http.timeout' });
  });
});
