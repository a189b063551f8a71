import { assertUrlAllowed, createGuardedFetch, guardedLookup, type SsrfPolicy } from '../../integrations/http/ssrf.js';
import { AppError } from '../../platform/index.js';

/**
 * Provider base URLs come from members (`POST /api/ai/keys`, permission ai:use), so every call to a provider
 * (key probe, AI SDK models, Deepgram and Whisper transcription) goes through the SSRF guard: internal
 * addresses (loopback, LAN, cloud metadata) are refused unless ATOM_SSRF_ALLOW lists them (e.g. a local
 * Ollama server).
 */
export type ProviderFetch = typeof globalThis.fetch;

/** The guarded fetch in the shape the AI SDK's `fetch` option and plain callers expect. */
export function providerFetch(allow: readonly string[]): ProviderFetch {
  const guarded = createGuardedFetch({ allow });
  return async (input, init) => {
    if (input instanceof Request) {
      // The AI SDK passes a URL string; a Request is unpacked so nothing bypasses the guard.
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

const blockedCode = 'integrations.http.blocked_address';

/** The guard's refusal, wherever fetch wrapped it (undici reports a refused DNS answer as the cause of "fetch failed"). */
export function blockedAddressError(err: unknown): AppError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof AppError && e.code === blockedCode) return e;
  }
  return undefined;
}

/** A base URL whose host is an internal IP literal is refused before anything is sent: 422 naming the field. */
export function assertBaseUrlAllowed(baseUrl: string, allow: readonly string[], field = 'body.baseUrl'): void {
  try {
    assertUrlAllowed(new URL(baseUrl), { allow });
  } catch (err) {
    throw baseUrlRefused(err, field) ?? err;
  }
}

/** Turns the guard's refusal into the AI area's coded 422 naming the base URL field. */
export function baseUrlRefused(err: unknown, field = 'body.baseUrl'): AppError | undefined {
  const blocked = blockedAddressError(err);
  if (!blocked) return undefined;
  return new AppError('ai.key.blocked_address', blocked.message, {
    status: 422,
    fields: [{ field, message: 'points to an internal address; an admin can allow it with ATOM_SSRF_ALLOW' }],
  });
}

/** Options for a WebSocket client (ws) to an http(s) base URL under the same policy. */
export function guardedSocketOptions(baseUrl: string, policy: SsrfPolicy): { lookup: ReturnType<typeof guardedLookup> } {
  assertUrlAllowed(new URL(baseUrl), policy);
  return { lookup: guardedLookup(policy) };
}
