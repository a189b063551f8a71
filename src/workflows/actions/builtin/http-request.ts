import { z } from 'zod';
import { createGuardedFetch } from '../../../platform/outbound/index.js';
import { AppError, once } from '../../../platform/index.js';
import { defineAction, nonRetryable, retryable } from '../types.js';

// Where no fetch is given (outside the engine and chat) the same SSRF guard applies, with nothing allow-listed.
const fallbackFetch = once(() => createGuardedFetch({ allow: [] }));

/** The guard's refusal, wherever fetch wrapped it (undici puts lookup errors in `cause`). */
function blockedAddress(err: unknown, depth = 0): AppError | undefined {
  if (err instanceof AppError && err.code === 'integrations.http.blocked_address') return err;
  if (!(err instanceof Error) || depth > 5) return undefined;
  return blockedAddress(err.cause, depth + 1);
}

const input = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
  headers: z.record(z.string(), z.string()).default({}),
  query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** A JSON value (sent as JSON) or text (sent as is). */
  body: z.unknown().optional(),
  /** A JSON body, as steps of the former `http.request` action wrote it. */
  json: z.unknown().optional(),
  /** A text body, as steps of the former `http.request` action wrote it (content type text/plain unless a header says). */
  text: z.string().optional(),
  /** Name of a secret sent as `Authorization: Bearer <secret>`. */
  bearerSecret: z.string().optional(),
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  /** When false, a 4xx/5xx answer is the step's output instead of failing it. */
  failOnError: z.boolean().default(true),
});
const output = z.object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown() });

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export const httpRequestAction = defineAction({
  id: 'core.http_request',
  // The integrations' HTTP action, folded into this one: workflows stored with it keep running.
  aliases: ['http.request'],
  title: 'HTTP request',
  description: 'Call any HTTP API.',
  aiDescription:
    'Use to call an HTTP API that has no dedicated action. Prefer an integration action (Slack, Gmail, ...) when one exists: it handles auth and paging.',
  input,
  output,
  idempotent: false,
  sideEffect: true,
  async run(ctx, i) {
    const url = new URL(i.url);
    for (const [k, v] of Object.entries(i.query)) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { 'idempotency-key': ctx.idempotencyKey, ...i.headers };
    if (i.bearerSecret) {
      const token = await ctx.secret(i.bearerSecret);
      if (!token) throw nonRetryable('workflows.secret.missing', `Secret ${i.bearerSecret} is not set.`);
      headers['authorization'] = `Bearer ${token}`;
    }
    let body: string | undefined;
    if (i.method !== 'GET' && i.method !== 'HEAD') {
      if (i.body !== undefined) {
        body = typeof i.body === 'string' ? i.body : JSON.stringify(i.body);
        if (typeof i.body !== 'string') headers['content-type'] ??= 'application/json';
      } else if (i.json !== undefined) {
        body = JSON.stringify(i.json);
        headers['content-type'] ??= 'application/json';
      } else if (i.text !== undefined) {
        body = i.text;
        headers['content-type'] ??= 'text/plain';
      }
    }
    const request = { method: i.method, url: `${url.origin}${url.pathname}` };
    let res: Response;
    try {
      const guarded = ctx.fetch ?? fallbackFetch();
      res = await guarded(url.toString(), { method: i.method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(i.timeoutMs)]) });
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      ctx.logger.debug({ err, request }, 'HTTP request failed');
      const blocked = blockedAddress(err);
      if (blocked) throw nonRetryable('workflows.http.blocked_address', blocked.message, { request, cause: err });
      throw retryable('workflows.http.network', `Request to ${url.host} failed: ${(err as Error).message}`, { request, cause: err });
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!res.ok && i.failOnError) {
      const summary = { request, response: { status: res.status, body: text.slice(0, 500) } };
      // The engine's logger redacts the run's secrets, so an excerpt quoting the request is safe to log.
      ctx.logger.debug(summary, 'HTTP request answered an error status');
      const message = `${i.method} ${url.host}${url.pathname} answered ${res.status}.`;
      if (res.status === 429 || res.status === 408 || res.status >= 500) {
        const after = parseRetryAfter(res.headers.get('retry-after'));
        throw retryable(`workflows.http.status_${res.status}`, message, { ...summary, ...(after !== undefined ? { retryAfterMs: after } : {}) });
      }
      throw nonRetryable(`workflows.http.status_${res.status}`, message, summary);
    }
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: parsed };
  },
  async preview(_ctx, i) {
    return { status: 0, headers: {}, body: { preview: `would ${i.method} ${i.url}` } };
  },
});
