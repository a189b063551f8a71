import type { AppContext } from '../context.js';
import { perContext } from '../context-state.js';
import type { AppError } from '../errors/index.js';
import { appErrorInside } from './errors.js';
import { createGuardedFetch, type SsrfPolicy } from './ssrf.js';

/**
 * The SSRF-guarded fetch in the shape of the global `fetch` (what the AI SDK's `fetch` option, the memory
 * source client and plain callers expect): a Request is unpacked so nothing bypasses the guard.
 */
export function guardedGlobalFetch(policy: SsrfPolicy): typeof globalThis.fetch {
  const guarded = createGuardedFetch(policy);
  return async (input, init) => {
    if (input instanceof Request) {
      const body = input.body ? await input.arrayBuffer() : undefined;
      return guarded(input.url, { method: input.method, headers: input.headers, ...(body ? { body } : {}), signal: input.signal, ...init });
    }
    return guarded(input instanceof URL ? input.href : input, await portableBody(init ?? {}));
  };
}

/**
 * The guard sends through the undici package, whose fetch does not recognise Node's global FormData (or
 * Blob and stream bodies) and would send "[object FormData]". Such bodies are encoded here with the
 * global Response, which also gives the multipart boundary header.
 */
async function portableBody(init: RequestInit): Promise<RequestInit> {
  const body = init.body;
  if (body === undefined || body === null || typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return init;
  const encoded = new Response(body);
  const headers = new Headers(init.headers);
  const type = encoded.headers.get('content-type');
  if (type && !headers.has('content-type')) headers.set('content-type', type);
  return { ...init, headers, body: new Uint8Array(await encoded.arrayBuffer()) };
}

/** The guard's refusal, wherever fetch wrapped it. */
export function blockedAddressError(err: unknown): AppError | undefined {
  const inner = appErrorInside(err);
  return inner?.code === 'integrations.http.blocked_address' ? inner : undefined;
}

/** The app's guarded fetch (the admin's ATOM_SSRF_ALLOW list), one per context (its agent keeps connections). */
export const appGuardedFetch: (ctx: AppContext) => typeof globalThis.fetch = perContext((ctx) => guardedGlobalFetch({ allow: ctx.config.ATOM_SSRF_ALLOW }));
