import type { z } from 'zod';
import type { ServiceClient, ServiceRequest, ServiceResponse } from '../../platform/outbound/index.js';

/** Given one page's answer and the request that fetched it, the request for the next page (or none). */
export type NextPage<P> = (page: ServiceResponse<P>, req: ServiceRequest) => ServiceRequest | undefined;

export interface PaginateOptions<S extends z.ZodType, T> {
  first: ServiceRequest;
  schema: S;
  items: (page: z.infer<S>) => readonly T[];
  next: NextPage<z.infer<S>>;
  /** Stop after this many items (the last page is trimmed). */
  maxItems?: number;
  /** Hard stop against a service that never stops paging. */
  maxPages?: number;
}

/**
 * Walks every page, yielding items; stops at the last page, at maxItems or at maxPages.
 * @example
 * for await (const ch of paginate(slack, { first: { path: 'conversations.list' }, schema, items: (p) => p.channels, next: cursorInQuery('cursor', (p) => p.response_metadata?.next_cursor) })) {}
 */
export async function* paginate<S extends z.ZodType, T>(client: ServiceClient, o: PaginateOptions<S, T>): AsyncGenerator<T> {
  let req: ServiceRequest | undefined = o.first;
  let yielded = 0;
  const seen = new Set<string>();
  for (let pages = 0; req && pages < (o.maxPages ?? 100); pages++) {
    const page: ServiceResponse<z.infer<S>> = await client.callWithMeta(req, o.schema);
    for (const item of o.items(page.body)) {
      yield item;
      if (o.maxItems !== undefined && ++yielded >= o.maxItems) return;
    }
    const nextReq = o.next(page, req);
    // A service that hands back the same cursor would loop forever.
    const key = nextReq ? JSON.stringify([nextReq.path, nextReq.query, nextReq.json]) : '';
    if (nextReq && seen.has(key)) return;
    seen.add(key);
    req = nextReq;
  }
}

/** Collects `paginate` into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

const present = (v: string | null | undefined): v is string => typeof v === 'string' && v.length > 0;

/** Cursor sent back as a query parameter (Slack `cursor`, Google `pageToken`). */
export const cursorInQuery =
  <P>(param: string, read: (page: P) => string | null | undefined): NextPage<P> =>
  (page, req) => {
    const c = read(page.body);
    return present(c) ? { ...req, query: { ...req.query, [param]: c } } : undefined;
  };

/** Cursor sent back in the JSON body (Notion `start_cursor` on POST queries). */
export const cursorInBody =
  <P>(field: string, read: (page: P) => string | null | undefined): NextPage<P> =>
  (page, req) => {
    const c = read(page.body);
    const body = typeof req.json === 'object' && req.json !== null ? req.json : {};
    return present(c) ? { ...req, json: { ...body, [field]: c } } : undefined;
  };

/** Google style `nextPageToken` → `pageToken`. */
export const pageToken = <P extends { nextPageToken?: string | null | undefined }>(): NextPage<P> =>
  cursorInQuery<P>('pageToken', (p) => p.nextPageToken);

/** RFC 8288 `Link: <...>; rel="next"` (GitHub): the next URL is absolute and carries its own query. */
export const linkHeaderNext =
  <P>(): NextPage<P> =>
  (page, req) => {
    const next = parseLinkHeader(page.headers.get('link'))['next'];
    return next ? { ...req, path: next, query: {} } : undefined;
  };

/** Microsoft Graph `@odata.nextLink`: an absolute URL with the skip token inside. */
export const odataNextLink =
  <P extends { '@odata.nextLink'?: string | undefined }>(): NextPage<P> =>
  (page, req) => {
    const next = page.body['@odata.nextLink'];
    return present(next) ? { ...req, path: next, query: {} } : undefined;
  };

export function parseLinkHeader(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (!m) continue;
    const rel = /rel="?([^";]+)"?/i.exec(m[2] ?? '');
    if (rel?.[1] && m[1]) for (const r of rel[1].split(/\s+/)) out[r] = m[1];
  }
  return out;
}
