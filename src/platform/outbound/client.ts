import { BrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import type { z } from 'zod';
import { AppError } from '../errors/index.js';
import { isNoStore, type ResponseCache } from './cache.js';
import {
  appErrorInside,
  codeForStatus,
  integrationError,
  isRetryable,
  plainStatus,
  type IntegrationErrorCode,
} from './errors.js';
import { defaultRetryPolicy, withRetries as retrying, type RetryPolicy } from './retry.js';
import type { ServiceLimiter } from './limits.js';
import { followRedirects } from './redirects.js';
import { parseRetryAfter } from './retry-after.js';
import type { IntegrationMetrics } from './runtime.js';
import { describeNetworkFailure } from './network-failure.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** What a service said went wrong, in its own terms, turned into plain words. */
export interface ProviderFault {
  code?: IntegrationErrorCode;
  providerCode?: string;
  /** Completes "<Service> says ...", e.g. "the channel does not exist". */
  message: string;
}

/** Reads a service's error body; also sees successful answers (Slack reports errors with HTTP 200). */
export type FaultReader = (answer: { status: number; body: unknown; headers: Headers }) => ProviderFault | undefined;

/** How a client signs its calls, and how it gets new credentials when the service says 401. */
export interface Credentials {
  /** Signs one call: headers, or the URL for services that take a key as a query parameter. */
  apply(headers: Headers, url: URL): Promise<void> | void;
  /** Called once after a 401; true means fresh credentials are ready and the call is retried once. */
  onUnauthorized?(): Promise<boolean>;
}

export interface CallOutcome {
  service: string;
  ok: boolean;
  status: number | undefined;
  code: string | undefined;
  message: string | undefined;
  latencyMs: number;
}

export type RetrySettings = RetryPolicy;

export const defaultRetrySettings: RetrySettings = defaultRetryPolicy;

export interface ServiceClientOptions {
  service: { id: string; name: string };
  baseUrl: string;
  credentials?: Credentials;
  timeoutMs?: number;
  retry?: Partial<RetrySettings>;
  limiter?: ServiceLimiter;
  breaker?: CircuitBreakerPolicy;
  cache?: ResponseCache;
  /** Keeps cached answers of different connections apart. */
  cacheScope?: string;
  readFault?: FaultReader;
  fetch?: FetchLike;
  headers?: Record<string, string>;
  metrics?: IntegrationMetrics;
  /** Every finished call (after retries), for connection health. */
  observe?: (outcome: CallOutcome) => void | Promise<void>;
}

export type QueryValue = string | number | boolean | undefined | null | readonly string[];

export interface ServiceRequest {
  method?: HttpMethod;
  /** Relative to the base URL, or absolute (next-page links). */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** Defaults to true for GET, HEAD, PUT, DELETE, OPTIONS. Non-idempotent calls retry only when unsent or 429. */
  idempotent?: boolean;
  /** Cache a GET for this long, revalidating with its ETag afterwards. */
  cacheTtlMs?: number;
  responseType?: 'json' | 'text' | 'bytes';
  /** Statuses returned as answers instead of errors (a generic HTTP step that inspects 4xx itself). */
  acceptStatus?: (status: number) => boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ServiceResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  url: string;
  fromCache: boolean;
}

export interface ServiceClient {
  service: { id: string; name: string };
  baseUrl: string;
  request(req: ServiceRequest): Promise<ServiceResponse>;
  /** Calls and validates the JSON answer against `schema` (an unexpected shape is a clear error). */
  call<S extends z.ZodType>(req: ServiceRequest, schema: S): Promise<z.infer<S>>;
  /** Same, but keeps status and headers (pagination links). */
  callWithMeta<S extends z.ZodType>(req: ServiceRequest, schema: S): Promise<ServiceResponse<z.infer<S>>>;
}

const idempotentMethods = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): URL {
  const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(baseUrl.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, ''));
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else url.searchParams.set(k, String(v));
  }
  return url;
}

/**
 * One resilient client per (service, connection): per-attempt timeout, retries with exponential backoff
 * and full jitter (idempotent calls), Retry-After on 429/503, circuit breaker, service limits, ETag/TTL
 * cache, one refresh-and-retry on 401, and every failure as a coded AppError in plain words.
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const { service } = options;
  const settings: RetrySettings = { ...defaultRetrySettings, ...options.retry };
  const rawFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  // Redirects are followed here, hop by hop through `rawFetch` (the SSRF guard, when given), so the
  // connection's credentials (an API key header as much as Authorization) never reach another origin.
  const doFetch: FetchLike = (url, init) => followRedirects((hop, hopInit) => rawFetch(hop.href, { ...hopInit, redirect: 'manual' }), url, init);
  const timeoutMs = options.timeoutMs ?? 30_000;

  const says = (status: number, body: unknown, headers: Headers): AppError | undefined => {
    const fault = options.readFault?.({ status, body, headers });
    if (!fault && status < 400) return undefined;
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
    const code = fault?.code ?? codeForStatus(status);
    const wording = fault?.message ?? plainStatus(status);
    return integrationError(code, `${service.name} says ${wording}.`, {
      service: service.id,
      upstreamStatus: status,
      ...(fault?.providerCode ? { providerCode: fault.providerCode } : {}),
      ...(retryAfterMs !== undefined && (status === 429 || status === 503 || code === 'integrations.http.rate_limited')
        ? { retryAfterMs }
        : {}),
    });
  };

  async function attempt(req: ServiceRequest, url: URL): Promise<ServiceResponse> {
    const method = req.method ?? 'GET';
    const headers = new Headers(options.headers);
    for (const [k, v] of Object.entries(req.headers ?? {})) headers.set(k, v);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    let body: string | Uint8Array | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers.set('content-type', 'application/json');
    } else if (req.contentType) headers.set('content-type', req.contentType);

    const cacheKey = method === 'GET' && req.cacheTtlMs !== undefined && options.cache ? `${options.cacheScope ?? service.id}|${url.href}` : undefined;
    const cached = cacheKey ? options.cache?.get(cacheKey) : undefined;
    if (cached && cached.freshUntil > Date.now()) {
      return { status: cached.status, headers: new Headers(cached.headers), body: cached.body, url: url.href, fromCache: true };
    }
    if (cached?.etag) headers.set('if-none-match', cached.etag);
    else if (cached?.lastModified) headers.set('if-modified-since', cached.lastModified);

    const timeout = AbortSignal.timeout(req.timeoutMs ?? timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const started = performance.now();
    try {
      await options.credentials?.apply(headers, url);
      const res = await doFetch(url.href, { method, headers, body: body ?? null, signal, redirect: 'follow' });
      if (res.status === 304 && cached && cacheKey) {
        await res.arrayBuffer().catch(() => undefined);
        options.cache?.set(cacheKey, { ...cached, freshUntil: Date.now() + (req.cacheTtlMs ?? 0) });
        return { status: cached.status, headers: new Headers(cached.headers), body: cached.body, url: url.href, fromCache: true };
      }
      const parsed = await readBody(res, res.ok ? (req.responseType ?? 'json') : 'json');
      const failure = req.acceptStatus?.(res.status) ? undefined : says(res.status, parsed, res.headers);
      if (failure) throw failure;
      if (cacheKey && !isNoStore(res.headers.get('cache-control'))) {
        options.cache?.set(cacheKey, {
          status: res.status,
          headers: Object.fromEntries(res.headers),
          body: parsed,
          etag: res.headers.get('etag') ?? undefined,
          lastModified: res.headers.get('last-modified') ?? undefined,
          freshUntil: Date.now() + (req.cacheTtlMs ?? 0),
        });
      }
      return { status: res.status, headers: res.headers, body: parsed, url: res.url || url.href, fromCache: false };
    } catch (err) {
      if (err instanceof AppError) throw err;
      // A refusal raised inside the connection (the SSRF guard's DNS check) arrives wrapped by fetch.
      const inner = appErrorInside(err);
      if (inner) throw inner;
      if (req.signal?.aborted) {
        throw integrationError('integrations.http.cancelled', `The call to ${service.name} was cancelled.`, { service: service.id }, err);
      }
      if (timeout.aborted) {
        const secs = Math.round((req.timeoutMs ?? timeoutMs) / 100) / 10;
        throw integrationError('integrations.http.timeout', `${service.name} did not answer within ${secs} s.`, { service: service.id }, err);
      }
      const net = describeNetworkFailure(err);
      throw integrationError('integrations.http.network', `Could not reach ${service.name}: ${net.reason}.`, { service: service.id, notSent: net.notSent }, err);
    } finally {
      options.metrics?.duration.observe({ service: service.id }, (performance.now() - started) / 1000);
    }
  }

  const shouldRetry = (idempotent: boolean) => (err: unknown) => {
    if (!isRetryable(err)) return false;
    if (idempotent) return true;
    // A POST may have had effects unless the service refused it outright or it never left.
    return err instanceof AppError && (err.code === 'integrations.http.rate_limited' || err.extensions?.['notSent'] === true);
  };

  async function withRetries(req: ServiceRequest, url: URL): Promise<ServiceResponse> {
    const method = req.method ?? 'GET';
    const idempotent = req.idempotent ?? idempotentMethods.has(method);
    const once = () => (options.limiter ? options.limiter.run(() => attempt(req, url), req.signal) : attempt(req, url));
    const guarded = () => (options.breaker ? options.breaker.execute(once) : once());
    try {
      return await retrying(guarded, settings, {
        retryable: shouldRetry(idempotent),
        onRetry: ({ error }) => options.metrics?.retries.inc({ service: service.id, reason: error instanceof AppError ? error.code : 'unknown' }),
        signal: req.signal,
      });
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw integrationError(
          'integrations.http.circuit_open',
          `${service.name} failed several times in a row, so Atom paused calls to it for a moment. Try again shortly.`,
          { service: service.id },
          err,
        );
      }
      throw err;
    }
  }

  async function request(req: ServiceRequest): Promise<ServiceResponse> {
    const url = buildUrl(options.baseUrl, req.path, req.query);
    const started = performance.now();
    const report = async (ok: boolean, status: number | undefined, err?: unknown) => {
      const code = err instanceof AppError ? err.code : err ? 'integrations.http.network' : undefined;
      options.metrics?.calls.inc({ service: service.id, outcome: ok ? 'ok' : (code ?? 'error') });
      await options.observe?.({
        service: service.id,
        ok,
        status,
        code,
        message: err instanceof Error ? err.message : undefined,
        latencyMs: Math.round(performance.now() - started),
      });
    };
    try {
      let res: ServiceResponse;
      try {
        res = await withRetries(req, url);
      } catch (err) {
        const canRefresh = err instanceof AppError && err.code === 'integrations.http.unauthorized' && options.credentials?.onUnauthorized;
        if (!canRefresh || !(await options.credentials!.onUnauthorized!())) throw err;
        res = await withRetries(req, url);
      }
      await report(true, res.status);
      return res;
    } catch (err) {
      const upstream = err instanceof AppError ? err.extensions?.['upstreamStatus'] : undefined;
      await report(false, typeof upstream === 'number' ? upstream : undefined, err);
      throw err;
    }
  }

  async function callWithMeta<S extends z.ZodType>(req: ServiceRequest, schema: S): Promise<ServiceResponse<z.infer<S>>> {
    const res = await request(req);
    const parsed = schema.safeParse(res.body);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || '(root)';
      throw integrationError(
        'integrations.http.invalid_response',
        `${service.name} answered in an unexpected shape (at ${where}).`,
        { service: service.id, upstreamStatus: res.status },
        parsed.error,
      );
    }
    return { ...res, body: parsed.data };
  }

  return {
    service,
    baseUrl: options.baseUrl,
    request,
    callWithMeta,
    call: async (req, schema) => (await callWithMeta(req, schema)).body,
  };
}

async function readBody(res: Response, type: 'json' | 'text' | 'bytes'): Promise<unknown> {
  if (res.status === 204 || res.status === 205) {
    await res.arrayBuffer();
    return undefined;
  }
  if (type === 'bytes') return new Uint8Array(await res.arrayBuffer());
  const text = await res.text();
  if (type === 'text') return text;
  if (text.length === 0) return undefined;
  const ct = res.headers.get('content-type') ?? '';
  if (/json/i.test(ct) || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
