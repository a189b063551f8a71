import { AppError } from '../../platform/index.js';
import { assertUrlAllowed, blockedAddressError, guardedGlobalFetch, guardedLookup, type SsrfPolicy } from '../../platform/outbound/index.js';

/**
 * Provider base URLs come from members (`POST /api/ai/keys`, permission ai:use), so every call to a provider
 * (key probe, AI SDK models, Deepgram and Whisper transcription) goes through the SSRF guard: internal
 * addresses (loopback, LAN, cloud metadata) are refused unless ATOM_SSRF_ALLOW lists them (e.g. a local
 * Ollama server).
 */
export type ProviderFetch = typeof globalThis.fetch;

/** The guarded fetch in the shape the AI SDK's `fetch` option and plain callers expect. */
export function providerFetch(allow: readonly string[]): ProviderFetch {
  return guardedGlobalFetch({ allow });
}

export { blockedAddressError };

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
