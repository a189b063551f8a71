import { AppError } from '../../platform/index.js';
import { appErrorInside, codeForStatus, describeNetworkFailure, integrationError, isRetryable, parseRetryAfter, withRetries, type FetchLike } from '../../platform/outbound/index.js';

export interface SourceHttpOptions {
  baseUrl: string;
  /** The bearer token; `staleToken` is the one the source just refused (401), so a renewed one is wanted. */
  accessToken: (staleToken?: string) => Promise<string>;
  /** The SSRF-guarded fetch (required: the sync once bypassed the guard by defaulting to the global fetch). */
  fetch: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Called when the source asks to slow down (for metrics). */
  onThrottle?: (waitMs: number) => void;
  /** Attempts on throttling/5xx before the sync gives up on this page (it resumes from it next time). */
  maxAttempts?: number;
  signal?: AbortSignal;
}

/** A source answer that means "your cursor is no longer valid: enumerate again" (Graph 410, Drive invalid token). */
export class ResyncRequired extends Error {
  override readonly name = 'ResyncRequired';
}

const service = 'memory-source';

async function isRateLimit403(res: Response): Promise<boolean> {
  if (res.status !== 403) return false;
  const text = await res.clone().text();
  return /rateLimitExceeded|userRateLimitExceeded|quotaExceeded|activityRateLimitExceeded/.test(text);
}

/**
 * GET/POST against a source API with the connection's bearer token, slowing down instead of failing:
 * 429, 503 and Drive's 403 rate-limit reasons wait for Retry-After (seconds or date) or the outbound
 * toolkit's exponential backoff with jitter. Redirects to pre-authenticated download URLs are followed
 * without the token (Graph's 302 for /content).
 */
export function createSourceHttp(options: SourceHttpOptions) {
  const doFetch = options.fetch;
  const maxAttempts = options.maxAttempts ?? 12;
  const base = options.baseUrl.replace(/\/+$/, '');
  const aborted = () => new AppError('memory.sync.aborted', 'The sync was stopped.', { status: 499 });

  /** One send, renewing the token once on 401; throttling and 5xx become retryable toolkit errors. */
  async function once(url: string, init: { accept?: string; redirectWithoutToken?: boolean }): Promise<Response> {
    if (options.signal?.aborted) throw aborted();
    let refused: string | undefined;
    for (;;) {
      const token = await options.accessToken(refused);
      let res: Response;
      try {
        res = await doFetch(url, {
          headers: { authorization: `Bearer ${token}`, accept: init.accept ?? 'application/json' },
          redirect: init.redirectWithoutToken ? 'manual' : 'follow',
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (init.redirectWithoutToken && res.status >= 300 && res.status < 400 && res.headers.get('location')) {
          // The download URL is pre-authenticated: sending our bearer token there would leak it.
          const location = new URL(res.headers.get('location')!, url).toString();
          const dl = await doFetch(location, options.signal ? { signal: options.signal } : {});
          if (dl.ok) return dl;
          res = dl;
        }
      } catch (err) {
        if (options.signal?.aborted) throw aborted();
        // The SSRF guard refused the address: nothing was sent, and trying again would not change that.
        const inner = appErrorInside(err);
        if (inner) throw inner;
        const net = describeNetworkFailure(err);
        throw integrationError('integrations.http.network', `The source at ${base} cannot be reached: ${net.reason}.`, { service, notSent: net.notSent }, err);
      }
      if (res.status === 401 && refused === undefined) {
        // Revoked or expired early: ask once for a renewed token before giving up on the request.
        refused = token;
        await res.body?.cancel();
        continue;
      }
      const throttled = res.status === 429 || res.status === 503 || (await isRateLimit403(res));
      if (throttled || res.status >= 500) {
        await res.body?.cancel();
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        const code = throttled ? 'integrations.http.rate_limited' : codeForStatus(res.status);
        throw integrationError(code, `The source kept answering ${res.status}; the sync will resume later.`, { service, upstreamStatus: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
      }
      return res;
    }
  }

  async function request(pathOrUrl: string, init: { accept?: string; redirectWithoutToken?: boolean } = {}): Promise<Response> {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${base}${pathOrUrl}`;
    // Links the source hands back (Graph's nextLink / deltaLink) carry the token too: only to the API itself.
    if (new URL(url).origin !== new URL(base).origin) {
      throw new AppError('memory.source.foreign_link', `The source pointed the sync at ${new URL(url).origin}, outside its API at ${new URL(base).origin}; the sync does not send its token there.`, { status: 502 });
    }
    try {
      return await withRetries(() => once(url, init), { maxAttempts, baseDelayMs: 1000, maxDelayMs: 64_000, maxRetryAfterMs: 600_000 }, {
        retryable: isRetryable,
        onRetry: ({ error, waitMs }) => {
          if (error instanceof AppError && error.code === 'integrations.http.rate_limited') options.onThrottle?.(waitMs);
        },
        ...(options.sleep ? { sleep: options.sleep } : {}),
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw aborted();
      if (err instanceof AppError && err.extensions?.['service'] === service) {
        // Spent every attempt: the sync keeps its place and resumes from this page next time.
        const unreachable = err.code === 'integrations.http.network';
        throw new AppError(unreachable ? 'memory.source.unreachable' : 'memory.source.throttled', err.message, { status: 503, cause: err });
      }
      throw err;
    }
  }

  return {
    request,
    async json<T>(pathOrUrl: string): Promise<T> {
      const res = await request(pathOrUrl);
      if (res.status === 410) throw new ResyncRequired(res.headers.get('location') ?? 'gone');
      if (!res.ok) {
        const text = (await res.text()).slice(0, 300);
        if (res.status === 400 && /pageToken|invalid.*token/i.test(text)) throw new ResyncRequired(text);
        throw new AppError(res.status === 401 ? 'memory.source.unauthorized' : 'memory.source.error', `The source answered ${res.status}: ${text}`, { status: 502 });
      }
      return (await res.json()) as T;
    },
    async bytes(pathOrUrl: string, redirectWithoutToken = false): Promise<Uint8Array> {
      const res = await request(pathOrUrl, { accept: '*/*', redirectWithoutToken });
      if (!res.ok) throw new Error(`download answered ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

export type SourceHttp = ReturnType<typeof createSourceHttp>;
