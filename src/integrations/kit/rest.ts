import type { z } from 'zod';
import type { ServiceAuth } from '../catalog/schema.js';
import {
  cursorInBody,
  cursorInQuery,
  linkHeaderNext,
  paginate,
  type FaultReader,
  type HttpMethod,
  type NextPage,
  type QueryValue,
  type ServiceClient,
  type ServiceLimits,
  type ServiceRequest,
} from '../http/index.js';
import { defineIntegrationAction, defineIntegrationTrigger, type IntegrationAction, type IntegrationTrigger, type PieceContext, type TriggerCursor } from '../pieces.js';
import type { ServiceProfile } from '../profiles.js';
import type { OperationMeta } from './define.js';

/**
 * How a REST service takes credentials. It must agree with the service's catalog entry, which is what
 * `applyCredentials` reads when signing calls (the conformance helper checks the two match).
 * - `oauth2`: the OAuth flow or a pasted access token, sent as `Authorization: Bearer`.
 * - `{ apiKey: 'bearer' }`: a pasted key or bot token sent as `Authorization: Bearer <key>`.
 * - `{ apiKey: { header, prefix } }`: a key in a header of its own (`X-Api-Key`, `Authorization: Bot <key>`).
 * - `{ apiKey: { query } }`: a key in a query parameter (added to every call's URL, never to logs).
 * - `basic`: a user name and password (or account id and token).
 */
export type RestAuth = 'oauth2' | 'basic' | { apiKey: 'bearer' | { header: string; prefix?: string } | { query: string } };

export interface RestServiceSpec {
  /** The catalog id (src/integrations/catalog/data). */
  id: string;
  /** Plain name used in messages ("Google Sheets says ..."). */
  name: string;
  auth: RestAuth;
  /** Reads the service's error bodies into plain words and Atom's codes (see http/client.ts). */
  readFault?: FaultReader;
  /** How hard Atom may push the service, from its published rate limits. */
  limits?: Partial<ServiceLimits>;
  /** A cheap authenticated read proving a connection works; returns the account's label when it can. */
  check?(client: ServiceClient, signal?: AbortSignal): Promise<{ accountLabel?: string | undefined }>;
  /** Header the service dedupes writes by (Stripe `Idempotency-Key`): sent with the step's stable key. */
  idempotencyHeader?: string;
}

/** How to ask for the next page. Page and offset styles stop at an empty or short page. */
export type PagingStyle<P> =
  /** A cursor from the answer sent back as a query parameter (Slack `cursor`, Google `pageToken`) or in the JSON body. */
  | { style: 'cursor'; param: string; next(page: P): string | null | undefined; in?: 'query' | 'body' }
  /** Numbered pages (`page=1,2,...`), `size` items each. */
  | { style: 'page'; param: string; first?: number; sizeParam?: string; size: number }
  /** Item offsets (`offset=0,100,...`). */
  | { style: 'offset'; param: string; sizeParam?: string; size: number }
  /** RFC 8288 `Link: <...>; rel="next"` (GitHub, Shopify). */
  | { style: 'link' }
  /** An absolute next-page URL inside the answer (Graph `@odata.nextLink`, HAL `_links.next.href`). */
  | { style: 'next-url'; next(page: P): string | null | undefined };

export type RestPaging<P, T> = PagingStyle<P> & {
  /** The items of one page. */
  items(page: P): readonly T[];
  /** Hard stop against a service that never stops paging (default 100 pages). */
  maxPages?: number;
};

/** Builds the HTTP call of an operation from its (validated) input. */
export interface RestCall<A> {
  method?: HttpMethod;
  /** Relative to the service's API base URL; encode path segments with `encodeURIComponent`. */
  path(args: A): string;
  query?(args: A): Record<string, QueryValue>;
  /** A JSON body. */
  body?(args: A): unknown;
  /** An `application/x-www-form-urlencoded` body (Stripe, Twilio). */
  form?(args: A): Record<string, string | number | boolean | undefined>;
  headers?(args: A): Record<string, string>;
}

// The same metadata as kit/define.ts operations.

interface RestOperationBase<I extends z.ZodType, O extends z.ZodType> extends OperationMeta<I, O>, RestCall<z.output<I>> {}

/**
 * Hand-written for what is not one plain call (read the header row, then append under it): `run` gets the
 * connection's resilient client like any piece. Prefer the declarative forms when one call does it.
 */
export interface RestCustomOperation<I extends z.ZodType, O extends z.ZodType> extends OperationMeta<I, O> {
  /** The main call's method (documentation and the conformance suite). */
  method: HttpMethod;
  /** True when it walks pages (the conformance suite then expects more than one call). */
  paginated?: boolean;
  run(ctx: PieceContext, args: z.output<I>): Promise<z.input<O>>;
}

/** The answer already has the output's shape: the output schema validates it. */
export interface RestDirectOperation<I extends z.ZodType, O extends z.ZodType> extends RestOperationBase<I, O> {
  response?: undefined;
  paginate?: undefined;
  map?: undefined;
}

/** The answer (validated by `response`) is trimmed into the output by `map`. */
export interface RestMappedOperation<I extends z.ZodType, O extends z.ZodType, R extends z.ZodType> extends RestOperationBase<I, O> {
  response: R;
  paginate?: undefined;
  map(answer: z.output<R>, args: z.output<I>): z.input<O>;
}

/** A list walked page by page; `map` turns every item collected into the output. */
export interface RestPagedOperation<I extends z.ZodType, O extends z.ZodType, R extends z.ZodType, T> extends RestOperationBase<I, O> {
  response: R;
  paginate: RestPaging<z.output<R>, T>;
  /** At most this many items (the input's `limit`, usually). */
  maxItems?(args: z.output<I>): number | undefined;
  map(items: T[], args: z.output<I>): z.input<O>;
}

/** Where a polling trigger left off, and so which listed items are new. */
export type RestCursorStyle<T> =
  /** A unique key that only grows (numeric ids, or ISO times that never repeat): new = key above the last. */
  | { style: 'increasing'; key(item: T): number | string }
  /** A creation time that may repeat, plus an id: new = later time, or the same time with an unseen id. */
  | { style: 'timestamp'; at(item: T): string; id(item: T): string }
  /** No usable order: new = an id not among the last `keep` seen (default 1000). */
  | { style: 'seen'; id(item: T): string; keep?: number }
  /** An append-only list (a sheet's rows): new = the items past the count seen; a shrunk list resets the count. */
  | { style: 'position' };

export interface RestPollTriggerSpec<C extends z.ZodType, E extends z.ZodType, R extends z.ZodType, T> {
  id: string;
  title: string;
  description: string;
  aiDescription: string;
  config: C;
  event: E;
  /** The list call; it sees the cursor so it can ask only for newer items (`since=`) when the service allows. */
  list: RestCall<{ config: z.output<C>; cursor: TriggerCursor | undefined }>;
  response: R;
  items(answer: z.output<R>, config: z.output<C>): readonly T[];
  /** Walk every page of the list (omit when one page holds what is new). */
  paginate?: PagingStyle<z.output<R>> & { maxPages?: number };
  cursor: RestCursorStyle<T>;
  toEvent(item: T, config: z.output<C>): z.input<E>;
  /** An event's identity for "one run per event" (default: its `id`). */
  eventKey?(event: z.input<E>): string;
}

/** What the conformance helper and docs learn about each declared operation. */
export interface RestOperationInfo {
  action: IntegrationAction;
  paginated: boolean;
  method: HttpMethod;
}

export interface RestTriggerInfo {
  trigger: IntegrationTrigger;
  cursor: RestCursorStyle<unknown>['style'];
}

export interface RestService {
  id: string;
  name: string;
  auth: RestAuth;
  /** Its error reader, limits and check, for the service's entry in src/integrations/registry.ts. */
  profile: ServiceProfile;
  operations: RestOperationInfo[];
  triggers: RestTriggerInfo[];
  /** One operation: becomes the workflow action `op.id` (a `connectionId` input is added by the engine adapter). */
  operation<I extends z.ZodType, O extends z.ZodType>(op: RestDirectOperation<I, O>): IntegrationAction<I, O>;
  operation<I extends z.ZodType, O extends z.ZodType, R extends z.ZodType>(op: RestMappedOperation<I, O, R>): IntegrationAction<I, O>;
  operation<I extends z.ZodType, O extends z.ZodType, R extends z.ZodType, T>(op: RestPagedOperation<I, O, R, T>): IntegrationAction<I, O>;
  operation<I extends z.ZodType, O extends z.ZodType>(op: RestCustomOperation<I, O>): IntegrationAction<I, O>;
  /** A polling trigger with a cursor: the first poll only sets the cursor, later ones return what is new, oldest first;
   * activation checks the config by reading the list once. */
  pollTrigger<C extends z.ZodType, E extends z.ZodType, R extends z.ZodType, T>(t: RestPollTriggerSpec<C, E, R, T>): IntegrationTrigger<C, E>;
}

const present = (v: string | null | undefined): v is string => typeof v === 'string' && v.length > 0;

/** The request of a call spec, with the service's idempotency header on writes. */
function requestOf<A>(call: RestCall<A>, args: A, o: { signal: AbortSignal; idempotent?: boolean; idempotency?: { header: string; key: string } }): ServiceRequest {
  const method = call.method ?? 'GET';
  const headers: Record<string, string> = { ...call.headers?.(args) };
  if (o.idempotency && method !== 'GET' && method !== 'HEAD') headers[o.idempotency.header] = o.idempotency.key;
  const form = call.form?.(args);
  const formBody = form ? new URLSearchParams(Object.entries(form).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]]))).toString() : undefined;
  const json = call.body?.(args);
  return {
    method,
    path: call.path(args),
    ...(call.query ? { query: call.query(args) } : {}),
    ...(json !== undefined ? { json } : {}),
    ...(formBody !== undefined ? { body: formBody, contentType: 'application/x-www-form-urlencoded' } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    // A write the operation declares idempotent (a PUT-like PATCH, a POST search) may be retried like a GET.
    ...(o.idempotent ? { idempotent: true } : {}),
    signal: o.signal,
  };
}

/** The pagination helper's `next` for a paging style. */
function nextPageOf<P>(style: PagingStyle<P>, count: (page: P) => number): NextPage<P> {
  switch (style.style) {
    case 'cursor':
      return style.in === 'body' ? cursorInBody<P>(style.param, style.next) : cursorInQuery<P>(style.param, style.next);
    case 'link':
      return linkHeaderNext<P>();
    case 'next-url':
      return (page, req) => {
        const next = style.next(page.body);
        return present(next) ? { ...req, path: next, query: {} } : undefined;
      };
    case 'page':
      return (page, req) => {
        if (count(page.body) < style.size) return undefined;
        const current = Number(req.query?.[style.param] ?? style.first ?? 1);
        return { ...req, query: { ...req.query, [style.param]: current + 1 } };
      };
    case 'offset':
      return (page, req) => {
        const n = count(page.body);
        if (n < style.size) return undefined;
        return { ...req, query: { ...req.query, [style.param]: Number(req.query?.[style.param] ?? 0) + n } };
      };
    default: {
      const never: never = style;
      throw new Error(`unknown paging style ${JSON.stringify(never)}`);
    }
  }
}

/** The first page's request: page and offset styles start at their first page with their page size. */
function firstPage<P>(style: PagingStyle<P>, req: ServiceRequest): ServiceRequest {
  if (style.style === 'page') return { ...req, query: { ...req.query, [style.param]: style.first ?? 1, ...(style.sizeParam ? { [style.sizeParam]: style.size } : {}) } };
  if (style.style === 'offset') return { ...req, query: { ...req.query, [style.param]: 0, ...(style.sizeParam ? { [style.sizeParam]: style.size } : {}) } };
  return req;
}

/** Which listed items are new since the cursor, oldest first, and where the cursor moves to. */
export function newSince<T>(style: RestCursorStyle<T>, items: readonly T[], cursor: TriggerCursor | undefined): { fresh: T[]; cursor: TriggerCursor } {
  switch (style.style) {
    case 'increasing': {
      const sorted = [...items].sort((a, b) => compare(style.key(a), style.key(b)));
      const top = sorted.length ? style.key(sorted[sorted.length - 1]!) : undefined;
      // The first poll only marks the start; `started` lets an empty first list still count what comes next.
      if (cursor === undefined) return { fresh: [], cursor: top === undefined ? { started: 1 } : { last: top } };
      const last = cursor['last'];
      const fresh = last === undefined || Array.isArray(last) ? sorted : sorted.filter((i) => compare(style.key(i), last) > 0);
      const next = last === undefined || Array.isArray(last) ? top : top !== undefined && compare(top, last) > 0 ? top : last;
      return { fresh, cursor: next === undefined ? { started: 1 } : { last: next } };
    }
    case 'timestamp': {
      const sorted = [...items].sort((a, b) => compare(style.at(a), style.at(b)));
      const after = typeof cursor?.['after'] === 'string' ? cursor['after'] : undefined;
      const idsAt = Array.isArray(cursor?.['ids']) ? cursor['ids'] : [];
      const fresh = cursor === undefined ? [] : sorted.filter((i) => after === undefined || compare(style.at(i), after) > 0 || (style.at(i) === after && !idsAt.includes(style.id(i))));
      const newest = sorted.length ? style.at(sorted[sorted.length - 1]!) : after;
      if (newest === undefined) return { fresh, cursor: { started: 1 } };
      const top = after !== undefined && compare(after, newest) > 0 ? after : newest;
      const ids = sorted.filter((i) => style.at(i) === top).map(style.id);
      return { fresh, cursor: { after: top, ids: top === after ? [...new Set([...idsAt, ...ids])] : ids } };
    }
    case 'seen': {
      const keep = style.keep ?? 1000;
      const seen = Array.isArray(cursor?.['seen']) ? cursor['seen'] : undefined;
      const current = items.map(style.id);
      const fresh = seen ? items.filter((i) => !seen.includes(style.id(i))) : [];
      // The ids listed now are always kept (whatever order the service lists in), older ones up to `keep`.
      const listed = new Set(current);
      const all = [...(seen ?? []).filter((id) => !listed.has(id)), ...current];
      return { fresh, cursor: { seen: all.slice(-Math.max(keep, current.length)) } };
    }
    case 'position': {
      const count = typeof cursor?.['count'] === 'number' ? cursor['count'] : undefined;
      // Rows removed since the last poll: nothing past the old end is known to be new, so start counting again.
      const fresh = count === undefined || count > items.length ? [] : items.slice(count);
      return { fresh, cursor: { count: items.length } };
    }
    default: {
      const never: never = style;
      throw new Error(`unknown cursor style ${JSON.stringify(never)}`);
    }
  }
}

const compare = (a: number | string, b: number | string): number => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/** Whether a declared auth matches the catalog entry's (which is what signs the calls); a reason when not. */
export function authMismatch(auth: RestAuth, catalog: ServiceAuth): string | undefined {
  const want = (k: string) => `declared ${k}, the catalog says ${catalog.kind}${catalog.kind === 'api_key' ? ` (${catalog.placement} ${catalog.name})` : ''}`;
  if (auth === 'oauth2') return catalog.kind === 'oauth2' ? undefined : want('oauth2');
  if (auth === 'basic') return catalog.kind === 'basic' ? undefined : want('basic');
  if (catalog.kind !== 'api_key') return want('an API key');
  const key = auth.apiKey;
  if (key === 'bearer') return catalog.placement === 'header' && catalog.name.toLowerCase() === 'authorization' && catalog.prefix === 'Bearer ' ? undefined : want('a bearer key');
  if ('query' in key) return catalog.placement === 'query' && catalog.name === key.query ? undefined : want(`the query key ${key.query}`);
  return catalog.placement === 'header' && catalog.name.toLowerCase() === key.header.toLowerCase() && catalog.prefix === (key.prefix ?? '') ? undefined : want(`the header key ${key.header}`);
}

/**
 * Declares a plain REST service in one place: its auth, error reader, limits and check (its `profile`, which
 * connections and health checks use once the service's defineIntegration lists it), then its operations and
 * polling triggers. Each becomes an ordinary integration action or trigger that calls through the connection's
 * resilient client (retries, Retry-After, circuit breaker, SSRF guard, token refresh). Nothing is registered
 * here: the service's index.ts passes the service (`kit:`) and its pieces to defineIntegration.
 *
 * @example
 * const sheets = defineRestService({ id: 'google-sheets', name: 'Google Sheets', auth: 'oauth2', readFault: readGoogleFault });
 * export const getValues = sheets.operation({
 *   id: 'google_sheets.get_values', ..., method: 'GET',
 *   path: (i) => `spreadsheets/${encodeURIComponent(i.spreadsheetId)}/values/${encodeURIComponent(i.range)}`,
 *   output: z.object({ values: z.array(z.array(z.string())).default([]) }),
 * });
 */
export function defineRestService(spec: RestServiceSpec): RestService {
  const profile: ServiceProfile = {
    serviceId: spec.id,
    ...(spec.readFault ? { readFault: spec.readFault } : {}),
    ...(spec.limits ? { limits: spec.limits } : {}),
    ...(spec.check ? { check: spec.check } : {}),
  };
  const operations: RestOperationInfo[] = [];
  const triggers: RestTriggerInfo[] = [];

  function operation<I extends z.ZodType, O extends z.ZodType, R extends z.ZodType, T>(
    op: RestDirectOperation<I, O> | RestMappedOperation<I, O, R> | RestPagedOperation<I, O, R, T> | RestCustomOperation<I, O>,
  ): IntegrationAction<I, O> {
    const meta = {
      id: op.id,
      service: spec.id,
      title: op.title,
      description: op.description,
      aiDescription: op.aiDescription,
      input: op.input,
      output: op.output,
      idempotent: op.idempotent,
      sideEffect: op.sideEffect,
    };
    if ('run' in op) {
      const custom = defineIntegrationAction({ ...meta, run: (ctx, args) => op.run(ctx, args) });
      operations.push({ action: custom, paginated: op.paginated ?? false, method: op.method });
      return custom;
    }
    const action = defineIntegrationAction({
      ...meta,
      async run({ client, signal, idempotencyKey }, args) {
        const req = requestOf(op, args, {
          signal,
          idempotent: op.idempotent,
          ...(spec.idempotencyHeader ? { idempotency: { header: spec.idempotencyHeader, key: idempotencyKey } } : {}),
        });
        if (op.paginate) {
          const p = op.paginate;
          const max = op.maxItems?.(args);
          const items: T[] = [];
          const walk = paginate(client, { first: firstPage(p, req), schema: op.response, items: p.items, next: nextPageOf(p, (page) => p.items(page).length), ...(max !== undefined ? { maxItems: max } : {}), ...(p.maxPages ? { maxPages: p.maxPages } : {}) });
          for await (const item of walk) items.push(item);
          return op.map(items, args);
        }
        if (op.response && op.map) return op.map(await client.call(req, op.response), args);
        // The output schema is the answer's schema here; what it parsed is valid output.
        return (await client.call(req, op.output)) as z.input<O>;
      },
    });
    operations.push({ action, paginated: op.paginate !== undefined, method: op.method ?? 'GET' });
    return action;
  }

  return {
    id: spec.id,
    name: spec.name,
    auth: spec.auth,
    profile,
    operations,
    triggers,
    operation,
    pollTrigger<C extends z.ZodType, E extends z.ZodType, R extends z.ZodType, T>(t: RestPollTriggerSpec<C, E, R, T>): IntegrationTrigger<C, E> {
      const trigger = defineIntegrationTrigger({
        id: t.id,
        service: spec.id,
        title: t.title,
        description: t.description,
        aiDescription: t.aiDescription,
        kind: 'poll',
        config: t.config,
        event: t.event,
        ...(t.eventKey ? { eventKey: t.eventKey } : {}),
        async poll({ client, signal }, config, cursor) {
          const req = requestOf(t.list, { config, cursor }, { signal });
          const items: T[] = [];
          if (t.paginate) {
            const p = t.paginate;
            const walk = paginate(client, { first: firstPage(p, req), schema: t.response, items: (page) => t.items(page, config), next: nextPageOf(p, (page) => t.items(page, config).length), ...(p.maxPages ? { maxPages: p.maxPages } : {}) });
            for await (const item of walk) items.push(item);
          } else items.push(...t.items(await client.call(req, t.response), config));
          const { fresh, cursor: next } = newSince(t.cursor, items, cursor);
          return { events: fresh.map((i) => t.toEvent(i, config)), cursor: next };
        },
        // Activation reads the list's first page once: a config naming nothing (a wrong sheet) is refused then.
        async check({ client, signal }, config) {
          await client.call(requestOf(t.list, { config, cursor: undefined }, { signal }), t.response);
        },
      });
      triggers.push({ trigger, cursor: t.cursor.style });
      return trigger;
    },
  };
}
