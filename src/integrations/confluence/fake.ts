import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Confluence Cloud fake behind the OAuth (3LO) gateway: `GET /oauth/token/accessible-resources` names the site,
 * the API lives under `/ex/confluence/{cloudId}/wiki`. v2 pages (developer.atlassian.com/cloud/confluence/rest/v2/api-group-page):
 * GET/PUT `api/v2/pages/{id}` (`body-format=storage`; PUT needs `version.number` = current + 1, else 409), POST
 * `api/v2/pages`, GET `api/v2/spaces/{id}/pages?sort=-created-date&limit` with a cursor in `_links.next`. v1
 * search `rest/api/search?cql&limit` paged by `_links.next` (relative to `/wiki`, carrying `cursor`). Errors: v2
 * `{ errors: [{ status, code, title, detail }] }`, v1 `{ statusCode, message }`; 401 `{ code: 401, message }`;
 * 429 with Retry-After.
 */
export interface CfPage { id: string; status: 'current' | 'draft'; title: string; spaceId: string; parentId: string | null; authorId: string; createdAt: string; version: { number: number; message: string; createdAt: string; authorId: string }; body: string }
export interface ConfluenceFake extends FakeService {
  cloudId: string;
  pages: CfPage[];
  addPage(spaceId: string, title: string, body?: string): CfPage;
}
export const DOCS_SPACE = '65538';
export const TEAM_SPACE = '65539';

const v2err = (reply: FastifyReply, status: number, code: string, title: string, detail?: string) => reply.code(status).send({ errors: [{ status, code, title, detail: detail ?? null }] });

export async function startConfluenceFake(): Promise<ConfluenceFake> {
  const cloudId = 'a1b2c3d4-0000-4c3d-9e8f-556677889900';
  const pages: CfPage[] = [];
  let id = 98300;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const stamp = () => new Date((clock += 1000)).toISOString();
  const addPage = (spaceId: string, title: string, body = '<p>Hello</p>', parentId: string | null = null) => {
    const at = stamp();
    const p: CfPage = { id: String(++id), status: 'current', title, spaceId, parentId, authorId: 'acct-1', createdAt: at, version: { number: 1, message: '', createdAt: at, authorId: 'acct-1' }, body };
    pages.push(p);
    return p;
  };
  for (let i = 1; i <= 60; i++) addPage(DOCS_SPACE, `Runbook ${i}`, `<p>How to restart service ${i}</p>`);
  addPage(TEAM_SPACE, 'Team charter');
  const spaces = new Set([DOCS_SPACE, TEAM_SPACE]);
  const out = (p: CfPage, withBody: boolean) => ({
    id: p.id, status: p.status, title: p.title, spaceId: p.spaceId, parentId: p.parentId, parentType: p.parentId ? 'page' : null, position: 0, authorId: p.authorId, ownerId: p.authorId, createdAt: p.createdAt,
    version: p.version,
    body: withBody ? { storage: { representation: 'storage', value: p.body } } : {},
    _links: { webui: `/spaces/DOCS/pages/${p.id}/${encodeURIComponent(p.title.replace(/ /g, '+'))}`, editui: `/pages/resumedraft.action?draftId=${p.id}`, tinyui: `/x/${p.id}` },
  });
  const wiki = `/ex/confluence/${cloudId}/wiki`;
  const cursorOf = (n: number) => Buffer.from(String(n)).toString('base64url');
  const fromCursor = (c: string | undefined) => (c ? Number(Buffer.from(c, 'base64url').toString()) : 0);

  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).send({ code: 401, message: 'Unauthorized; scope does not match' }),
    routes(app) {
      app.get('/oauth/token/accessible-resources', async () => [{ id: cloudId, url: 'https://acme.atlassian.net', name: 'acme', scopes: ['read:confluence-content.all', 'write:confluence-content'], avatarUrl: 'https://example.invalid/a.png' }]);
      app.get(`${wiki}/api/v2/pages/:id`, async (req, reply) => {
        const p = pages.find((x) => x.id === (req.params as { id: string }).id);
        if (!p) return v2err(reply, 404, 'NOT_FOUND', 'Not Found', `Page with id ${(req.params as { id: string }).id} was not found`);
        return out(p, (req.query as { 'body-format'?: string })['body-format'] === 'storage');
      });
      app.post(`${wiki}/api/v2/pages`, async (req, reply) => {
        const b = (req.body ?? {}) as { spaceId?: string; title?: string; parentId?: string; status?: string; body?: { representation?: string; value?: string } };
        if (!b.spaceId || !spaces.has(b.spaceId)) return v2err(reply, 400, 'INVALID_REQUEST_PARAMETER', 'Bad Request', 'Space not found or no permission');
        if (!b.title) return v2err(reply, 400, 'INVALID_REQUEST_PARAMETER', 'Bad Request', 'Title is required');
        if (b.body && b.body.representation !== 'storage' && b.body.representation !== 'atlas_doc_format') return v2err(reply, 400, 'INVALID_REQUEST_PARAMETER', 'Bad Request', 'Unsupported representation');
        if (b.parentId && !pages.some((p) => p.id === b.parentId)) return v2err(reply, 400, 'INVALID_REQUEST_PARAMETER', 'Bad Request', 'Parent page not found');
        return out(addPage(b.spaceId, b.title, b.body?.value ?? '', b.parentId ?? null), true);
      });
      app.put(`${wiki}/api/v2/pages/:id`, async (req, reply) => {
        const p = pages.find((x) => x.id === (req.params as { id: string }).id);
        if (!p) return v2err(reply, 404, 'NOT_FOUND', 'Not Found', 'Page not found');
        const b = (req.body ?? {}) as { id?: string; status?: string; title?: string; body?: { value?: string }; version?: { number?: number; message?: string } };
        if (b.id !== p.id || !b.status || !b.title || !b.body || !b.version?.number) return v2err(reply, 400, 'INVALID_REQUEST_PARAMETER', 'Bad Request', 'id, status, title, body and version are required');
        if (b.version.number !== p.version.number + 1) return v2err(reply, 409, 'CONFLICT', 'Conflict', `Version must be incremented when updating a page. Current Version: [${p.version.number}]. Provided version: [${b.version.number}]`);
        Object.assign(p, { title: b.title, body: b.body.value ?? '', version: { number: b.version.number, message: b.version.message ?? '', createdAt: stamp(), authorId: 'acct-1' } });
        return out(p, true);
      });
      app.get(`${wiki}/api/v2/spaces/:id/pages`, async (req, reply) => {
        const sp = (req.params as { id: string }).id;
        if (!spaces.has(sp)) return v2err(reply, 404, 'NOT_FOUND', 'Not Found', 'Space not found');
        const q = req.query as { sort?: string; limit?: string; cursor?: string };
        const limit = Number(q.limit ?? 25);
        if (!Number.isInteger(limit) || limit < 1 || limit > 250) return v2err(reply, 400, 'INVALID_REQUEST_PARAMETER', 'Bad Request', 'limit must be between 1 and 250');
        let list = pages.filter((p) => p.spaceId === sp);
        if (q.sort === '-created-date') list = [...list].reverse();
        const from = fromCursor(q.cursor);
        const more = from + limit < list.length;
        return { results: list.slice(from, from + limit).map((p) => out(p, false)), _links: { ...(more ? { next: `/wiki/api/v2/spaces/${sp}/pages?limit=${limit}&cursor=${cursorOf(from + limit)}${q.sort ? `&sort=${q.sort}` : ''}` } : {}), base: 'https://acme.atlassian.net/wiki' } };
      });
      app.get(`${wiki}/rest/api/search`, async (req, reply) => {
        const q = req.query as { cql?: string; limit?: string; cursor?: string };
        // A tiny CQL: `type = page`, `space = <key or id>`, `text ~ "words"`, `title ~ "words"`, joined by AND.
        if (!q.cql) return reply.code(400).send({ statusCode: 400, message: 'CQL query parameter is required' });
        const terms = q.cql.split(/\s+AND\s+/i);
        const tests: ((p: CfPage) => boolean)[] = [];
        for (const t of terms) {
          const m = /^\s*(type|space|text|title)\s*(=|~)\s*"?([^"]*)"?\s*$/i.exec(t);
          if (!m) return reply.code(400).send({ statusCode: 400, message: `Could not parse cql : ${q.cql}` });
          const [, field, , value] = m as unknown as [string, string, string, string];
          const f = field.toLowerCase();
          if (f === 'type') tests.push(() => value === 'page');
          else if (f === 'space') tests.push((p) => p.spaceId === value || (value === 'DOCS' && p.spaceId === DOCS_SPACE) || (value === 'TEAM' && p.spaceId === TEAM_SPACE));
          else if (f === 'title') tests.push((p) => p.title.toLowerCase().includes(value.toLowerCase()));
          else tests.push((p) => `${p.title} ${p.body}`.toLowerCase().includes(value.toLowerCase()));
        }
        const hits = pages.filter((p) => tests.every((t) => t(p)));
        const limit = Math.min(Number(q.limit ?? 25), 25); // search caps a page at 25 with body-less results
        const from = fromCursor(q.cursor);
        const more = from + limit < hits.length;
        return {
          results: hits.slice(from, from + limit).map((p) => ({ content: { id: p.id, type: 'page', status: 'current', title: p.title, _links: { webui: `/spaces/DOCS/pages/${p.id}` } }, title: p.title, excerpt: p.body.replace(/<[^>]+>/g, ''), url: `/spaces/DOCS/pages/${p.id}`, entityType: 'content', lastModified: p.version.createdAt })),
          start: from, limit, size: Math.min(limit, hits.length - from), totalSize: hits.length,
          _links: { base: 'https://acme.atlassian.net/wiki', context: '/wiki', ...(more ? { next: `/rest/api/search?next=true&cursor=${cursorOf(from + limit)}&limit=${limit}&cql=${encodeURIComponent(q.cql)}` } : {}) },
        };
      });
    },
  });
  return Object.assign(fake, { cloudId, pages, addPage: (s: string, t: string, b?: string) => addPage(s, t, b) });
}
