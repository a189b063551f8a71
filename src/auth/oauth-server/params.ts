import { createHash } from 'node:crypto';
import { z } from 'zod';

/** An OAuth error answer (RFC 6749 §5.2), what the token, registration and revocation endpoints send. */
export const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
export type OAuthErrorBody = z.infer<typeof oauthErrorSchema>;

/**
 * The authorization request's parameters (RFC 6749 §4.1.1 with PKCE, RFC 7636, S256 only, and the
 * resource indicator, RFC 8707), as the /oauth/authorize redirect hands them to the consent page.
 */
export const authorizationRequestSchema = z.object({
  response_type: z.literal('code'),
  client_id: z.string().min(1).max(200),
  redirect_uri: z.string().min(1).max(2000),
  code_challenge: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be 43–128 characters of [A-Za-z0-9._~-]'),
  code_challenge_method: z.literal('S256'),
  state: z.string().max(2000).optional(),
  scope: z.string().max(500).optional(),
  resource: z.string().max(2000).optional(),
});
export type AuthorizationRequest = z.infer<typeof authorizationRequestSchema>;

/** The S256 code challenge of a PKCE verifier (RFC 7636 §4.2). */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

const forbiddenSchemes: ReadonlySet<string> = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);
const loopbackHosts: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where codes may be sent (OAuth 2.1 §2.3.1, RFC 8252): https anywhere, http only to the loopback
 * interface, or a native app's private-use scheme; never a script or data URL, and no fragment.
 */
export function acceptableRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || forbiddenSchemes.has(url.protocol)) return false;
  if (url.protocol === 'http:') return loopbackHosts.has(url.hostname);
  return true;
}

/** Appends query parameters to a redirect URI, keeping the ones it already has. */
export function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}
