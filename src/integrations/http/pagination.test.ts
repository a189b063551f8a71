import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sendJson, startHttpLab, type HttpLab } from '../../../test/fakes/http-lab/server.js';
import { createServiceClient } from './index.js';
import { collect, cursorInBody, cursorInQuery, linkHeaderNext, odataNextLink, pageToken, paginate, parseLinkHeader } from './pagination.js';

let lab: HttpLab;
beforeEach(async () => {
  lab = await startHttpLab();
});
afterEach(() => lab.close());
const c = () => createServiceClient({ service: { id: 's', name: 'S' }, baseUrl: lab.url });
const pages = [['a', 'b'], ['c', 'd'], ['e']];

describe('pagination helpers', () => {
  it('follows a cursor in the query (Slack)', async () => {
    lab.handle((q, res) => {
      const i = Number(new URL(q.url!, 'http://x').searchParams.get('cursor') ?? 0);
      sendJson(res, 200, { items: pages[i], response_metadata: { next_cursor: i < 2 ? String(i + 1) : '' } });
    });
    const schema = z.object({ items: z.array(z.string()), response_metadata: z.object({ next_cursor: z.string() }) });
    const all = await collect(paginate(c(), { first: { path: '/list' }, schema, items: (p) => p.items, next: cursorInQuery('cursor', (p) => p.response_metadata.next_cursor) }));
    expect(all).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('follows Google page tokens and stops at maxItems', async () => {
    lab.handle((q, res) => {
      const i = Number(new URL(q.url!, 'http://x').searchParams.get('pageToken') ?? 0);
      sendJson(res, 200, { files: pages[i], ...(i < 2 ? { nextPageToken: String(i + 1) } : {}) });
    });
    const schema = z.object({ files: z.array(z.string()), nextPageToken: z.string().optional() });
    const all = await collect(paginate(c(), { first: { path: '/files' }, schema, items: (p) => p.files, next: pageToken(), maxItems: 3 }));
    expect(all).toEqual(['a', 'b', 'c']);
    expect(lab.requests).toHaveLength(2);
  });

  it('follows RFC 8288 Link headers (GitHub)', async () => {
    lab.handle((q, res) => {
      const i = Number(new URL(q.url!, 'http://x').searchParams.get('page') ?? 0);
      const link = i < 2 ? `<${lab.url}/issues?page=${i + 1}&per_page=2>; rel="next", <${lab.url}/issues?page=2>; rel="last"` : '';
      sendJson(res, 200, pages[i], link ? { link } : {});
    });
    const all = await collect(paginate(c(), { first: { path: '/issues', query: { per_page: 2 } }, schema: z.array(z.string()), items: (p) => p, next: linkHeaderNext() }));
    expect(all).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('follows @odata.nextLink (Microsoft Graph)', async () => {
    lab.handle((q, res) => {
      const i = Number(new URL(q.url!, 'http://x').searchParams.get('$skiptoken') ?? 0);
      sendJson(res, 200, { value: pages[i], ...(i < 2 ? { '@odata.nextLink': `${lab.url}/children?$skiptoken=${i + 1}` } : {}) });
    });
    const schema = z.object({ value: z.array(z.string()), '@odata.nextLink': z.string().optional() });
    expect(await collect(paginate(c(), { first: { path: '/children' }, schema, items: (p) => p.value, next: odataNextLink() }))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('follows a cursor in the body (Notion) and stops on a repeated cursor', async () => {
    lab.handle((_q, res, body) => {
      const cursor = (JSON.parse(body) as { start_cursor?: string }).start_cursor;
      const i = Number(cursor ?? 0);
      sendJson(res, 200, { results: pages[i], next_cursor: i < 2 ? String(i + 1) : '1' /* misbehaving */ });
    });
    const schema = z.object({ results: z.array(z.string()).optional(), next_cursor: z.string().nullable() });
    const all = await collect(paginate(c(), { first: { method: 'POST', path: '/query', json: {} }, schema, items: (p) => p.results ?? [], next: cursorInBody('start_cursor', (p) => p.next_cursor) }));
    expect(all).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('parses Link headers with several relations', () => {
    expect(parseLinkHeader('<https://a/x?page=2>; rel="next", <https://a/x?page=9>; rel="last"')).toEqual({ next: 'https://a/x?page=2', last: 'https://a/x?page=9' });
  });
});
