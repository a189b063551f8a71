import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNotionFake, type NotionFake } from './fake.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { createPage, getPage, queryDatabase, search } from './index.js';

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

describe('Notion search and get_page', () => {
  it('searches across start_cursor pages, narrowed to pages or databases, with titles', async () => {
    const all = (await h.run(search, {})).results;
    expect(all.map((r) => r.id)).toEqual(['db-1', 'row-0', 'row-1', 'row-2', 'row-3', 'row-4']);
    expect(all[0]).toEqual({ id: 'db-1', object: 'database', title: 'Tasks', url: 'https://www.notion.so/db-1', lastEdited: '2026-01-03T00:00:00.000Z' });
    expect(all[2]).toMatchObject({ object: 'page', title: 'Row 1' });
    expect((await h.run(search, { object: 'database' })).results.map((r) => r.id)).toEqual(['db-1']);
    expect((await h.run(search, { query: 'row 3', object: 'page' })).results.map((r) => r.title)).toEqual(['Row 3']);
    expect((await h.run(search, { limit: 3 })).results).toHaveLength(3);
  });

  it('refuses an unknown object kind, naming the field', () => {
    const r = search.input.safeParse({ object: 'block' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['object']);
  });

  it('reads a page with its title, parent and properties', async () => {
    expect(await h.run(getPage, { pageId: 'row-2' })).toMatchObject({ id: 'row-2', title: 'Row 2', parent: { database_id: 'db-1' }, properties: { Status: { status: { name: 'Todo' } } }, created: '2026-01-01T00:00:00.000Z', archived: false });
  });

  it('explains a missing page; refuses an empty id, naming the field', async () => {
    await expect(h.run(getPage, { pageId: 'nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Notion says the page or database does not exist, or it is not shared with Atom’s integration.' });
    const r = getPage.input.safeParse({ pageId: ' ' });
    expect(r.error?.issues[0]?.path).toEqual(['pageId']);
  });
});
