import { z } from 'zod';
import { integrationError, type FaultReader, type ServiceClient } from '../http/index.js';
import { defineIntegrationTrigger } from '../pieces.js';
import { defineRestService } from '../kit/rest.js';

/**
 * Confluence Cloud (developer.atlassian.com/cloud/confluence/rest/v2/): pages through the v2 API, search through
 * v1 `rest/api/search` (CQL has no v2 equivalent). Errors come as v2 `{ errors: [{ status, code, title, detail }] }`
 * or v1 `{ statusCode, message }`.
 */
const v2Error = z.object({ errors: z.array(z.object({ code: z.string().nullish(), title: z.string().nullish(), detail: z.string().nullish() }).loose()).min(1) }).loose();
const v1Error = z.object({ statusCode: z.number(), message: z.string() }).loose();

export const readConfluenceFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 401) return { message: 'the sign-in is no longer valid; reconnect Confluence' };
  const a = v2Error.safeParse(body);
  if (a.success) {
    const e = a.data.errors[0]!;
    const text = e.detail ?? e.title ?? e.code ?? 'error';
    return { ...(e.code ? { providerCode: e.code } : {}), message: `“${text}”` };
  }
  const b = v1Error.safeParse(body);
  return b.success ? { message: `“${b.data.message}”` } : undefined;
};

export const confluence = defineRestService({
  id: 'confluence',
  name: 'Confluence',
  auth: 'oauth2',
  readFault: readConfluenceFault,
  // Atlassian's cost-based limits answer 429 with Retry-After; keep a modest pace.
  limits: { concurrency: 3, ratePerSecond: 5, burst: 10 },
});

const site = z.array(z.object({ id: z.string(), url: z.string(), name: z.string().optional(), scopes: z.array(z.string()).default([]) }).loose());

/**
 * The `…/wiki` prefix. With OAuth (3LO) the base URL is `https://api.atlassian.com/ex/confluence` and the site's
 * cloud id comes from `/oauth/token/accessible-resources` (the first site the token may use for Confluence); a
 * base URL set to a site (`…/ex/confluence/<cloudId>` or `https://x.atlassian.net`) skips the look-up.
 */
export async function wikiRoot(client: ServiceClient, signal: AbortSignal): Promise<string> {
  if (!/\/ex\/confluence\/?$/.test(client.baseUrl)) return 'wiki';
  const sites = await client.call({ path: new URL('/oauth/token/accessible-resources', client.baseUrl).href, cacheTtlMs: 10 * 60_000, signal }, site);
  const chosen = sites.find((s) => s.scopes.length === 0 || s.scopes.some((x) => x.includes('confluence')));
  if (!chosen) throw integrationError('integrations.http.not_found', 'Confluence says this connection may use no Confluence site.', { service: 'confluence' });
  return `${encodeURIComponent(chosen.id)}/wiki`;
}

const cfPage = z
  .object({
    id: z.string(),
    status: z.string(),
    title: z.string(),
    spaceId: z.string(),
    parentId: z.string().nullish(),
    createdAt: z.string(),
    version: z.object({ number: z.number().int(), createdAt: z.string().nullish() }).loose(),
    body: z.object({ storage: z.object({ value: z.string() }).loose().nullish() }).loose().nullish(),
    _links: z.object({ webui: z.string().nullish() }).loose().nullish(),
  })
  .loose();
export const pageOut = z.object({ id: z.string(), title: z.string(), status: z.string(), spaceId: z.string(), parentId: z.string().nullable(), version: z.number(), body: z.string().nullable(), webPath: z.string().nullable(), createdAt: z.string(), updatedAt: z.string().nullable() });
const toPage = (p: z.output<typeof cfPage>): z.input<typeof pageOut> => ({ id: p.id, title: p.title, status: p.status, spaceId: p.spaceId, parentId: p.parentId ?? null, version: p.version.number, body: p.body?.storage?.value ?? null, webPath: p._links?.webui ?? null, createdAt: p.createdAt, updatedAt: p.version.createdAt ?? null });

const numericId = (what: string) => z.string().regex(/^\d{1,20}$/, { error: `must be a numeric Confluence ${what} id` });
const pageId = numericId('page');
const spaceId = numericId('space');
const storage = z.string().min(1).max(2_000_000).describe('Page body in Confluence storage format (XHTML), e.g. <p>Hello</p>');

export const getPage = confluence.operation({
  id: 'confluence.get_page',
  title: 'Get a page',
  description: 'Reads one Confluence page with its body.',
  aiDescription: 'Use to read a Confluence page (title, body in storage format, version) by its numeric id. To find pages use search_pages.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ pageId }),
  output: pageOut,
  method: 'GET',
  async run({ client, signal }, i) {
    const root = await wikiRoot(client, signal);
    return toPage(await client.call({ path: `${root}/api/v2/pages/${i.pageId}`, query: { 'body-format': 'storage' }, signal }, cfPage));
  },
});

export const createPage = confluence.operation({
  id: 'confluence.create_page',
  title: 'Create a page',
  description: 'Publishes a new page in a Confluence space.',
  aiDescription: 'Use to publish a Confluence page in a space (numeric spaceId), optionally under a parent page. Body is storage-format XHTML.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ spaceId, title: z.string().min(1).max(255), body: storage, parentId: pageId.optional() }),
  output: pageOut,
  method: 'POST',
  async run({ client, signal }, i) {
    const root = await wikiRoot(client, signal);
    const json = { spaceId: i.spaceId, status: 'current', title: i.title, ...(i.parentId ? { parentId: i.parentId } : {}), body: { representation: 'storage', value: i.body } };
    return toPage(await client.call({ method: 'POST', path: `${root}/api/v2/pages`, json, idempotent: false, signal }, cfPage));
  },
});

export const updatePage = confluence.operation({
  id: 'confluence.update_page',
  title: 'Update a page',
  description: 'Replaces a Confluence page’s title and/or body as a new version.',
  aiDescription: 'Use to change a Confluence page (pageId): a new title and/or body (storage XHTML) saved as the next version. Fields left out keep their current value.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ pageId, title: z.string().min(1).max(255).optional(), body: storage.optional(), versionMessage: z.string().max(500).optional() }).refine((i) => i.title !== undefined || i.body !== undefined, { error: 'give a title or a body', path: ['body'] }),
  output: pageOut,
  method: 'PUT',
  async run({ client, signal }, i) {
    const root = await wikiRoot(client, signal);
    // Confluence wants the whole page and the next version number; read the current one first.
    const now = await client.call({ path: `${root}/api/v2/pages/${i.pageId}`, query: { 'body-format': 'storage' }, signal }, cfPage);
    const json = { id: now.id, status: now.status, title: i.title ?? now.title, body: { representation: 'storage', value: i.body ?? now.body?.storage?.value ?? '' }, version: { number: now.version.number + 1, ...(i.versionMessage ? { message: i.versionMessage } : {}) } };
    return toPage(await client.call({ method: 'PUT', path: `${root}/api/v2/pages/${i.pageId}`, json, signal }, cfPage));
  },
});

const searchPage = z
  .object({
    results: z.array(z.object({ content: z.object({ id: z.string(), type: z.string(), title: z.string() }).loose().nullish(), title: z.string().nullish(), excerpt: z.string().nullish(), url: z.string().nullish(), lastModified: z.string().nullish() }).loose()),
    _links: z.object({ next: z.string().nullish() }).loose().nullish(),
  })
  .loose();
const hitOut = z.object({ id: z.string(), type: z.string(), title: z.string(), excerpt: z.string(), webPath: z.string().nullable(), lastModified: z.string().nullable() });

export const searchPages = confluence.operation({
  id: 'confluence.search_pages',
  title: 'Search with CQL',
  description: 'Finds Confluence content with a CQL query.',
  aiDescription: 'Use to find Confluence pages with CQL, e.g. type = page AND space = DOCS AND text ~ "onboarding". Returns up to limit hits (id, title, excerpt).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ cql: z.string().min(1).max(4000), limit: z.number().int().min(1).max(1000).default(50) }),
  output: z.object({ results: z.array(hitOut) }),
  method: 'GET',
  paginated: true,
  async run({ client, signal }, i) {
    const root = await wikiRoot(client, signal);
    const out: z.input<typeof hitOut>[] = [];
    let page = await client.call({ path: `${root}/rest/api/search`, query: { cql: i.cql, limit: Math.min(i.limit, 100) }, signal }, searchPage);
    for (let n = 0; ; n++) {
      for (const r of page.results) if (r.content) out.push({ id: r.content.id, type: r.content.type, title: r.content.title, excerpt: r.excerpt ?? '', webPath: r.url ?? null, lastModified: r.lastModified ?? null });
      // `_links.next` is relative to the site's `/wiki` (it starts `/rest/api/search?…&cursor=…`).
      const next = page._links?.next;
      if (!next || out.length >= i.limit || n >= 100 || page.results.length === 0) break;
      page = await client.call({ path: `${root}${next}`, signal }, searchPage);
    }
    return { results: out.slice(0, i.limit) };
  },
});

const pageList = z.object({ results: z.array(cfPage), _links: z.object({ next: z.string().nullish() }).loose().nullish() }).loose();

export const newPage = defineIntegrationTrigger({
  id: 'confluence.new_page',
  service: 'confluence',
  title: 'New page',
  description: 'Starts when a page is published in a Confluence space.',
  aiDescription: 'Use to react to new pages in one Confluence space (numeric spaceId). Polls the 100 newest pages; the first poll only remembers where things are.',
  kind: 'poll',
  config: z.object({ spaceId }),
  event: pageOut,
  async poll({ client, signal }, config, cursor) {
    const root = await wikiRoot(client, signal);
    const page = await client.call({ path: `${root}/api/v2/spaces/${config.spaceId}/pages`, query: { sort: '-created-date', limit: 100, status: 'current' }, signal }, pageList);
    // Page ids only grow, so the highest seen is the cursor.
    const last = typeof cursor?.['lastId'] === 'number' ? cursor['lastId'] : undefined;
    const newest = page.results.reduce((m, p) => Math.max(m, Number(p.id)), last ?? 0);
    if (last === undefined) return { events: [], cursor: { lastId: newest } };
    const fresh = page.results.filter((p) => Number(p.id) > last).sort((a, b) => Number(a.id) - Number(b.id));
    return { events: fresh.map(toPage), cursor: { lastId: newest } };
  },
});
