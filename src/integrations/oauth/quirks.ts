import { oauthFailure, tokenResponseSchema, toTokenSet, type TokenSet } from './token-response.js';

export interface RevokeRequest {
  revokeUrl: string | undefined;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string | undefined;
  accessToken: string;
  refreshToken: string | undefined;
}

/** An HTTP request to make, described as data so quirks stay declarative and testable. */
export interface PlannedRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * How one provider departs from plain RFC 6749 + PKCE. Every field has a standard default
 * (see `generic`); a provider states only its differences.
 */
export interface ProviderQuirks {
  id: string;
  /** Extra query parameters on the consent URL (offline access, prompts). */
  authorizeParams: Record<string, string>;
  scopeSeparator: ' ' | ',';
  /** Slack puts user scopes apart; everyone else uses `scope`. */
  scopeParam: string;
  /** How the client authenticates at the token endpoint. */
  clientAuth: 'post' | 'basic';
  tokenBody: 'form' | 'json';
  /** Microsoft needs the scopes again on refresh. */
  scopesOnRefresh: boolean;
  /** Reads a token answer; some providers report errors inside HTTP 200 (Slack, GitHub). */
  parseToken(service: string, status: number, body: unknown, previous?: { refreshToken?: string | undefined }): TokenSet;
  /** The call that revokes a token at the provider, or undefined when the provider has none. */
  revoke?(r: RevokeRequest): PlannedRequest | undefined;
  /** A revoke answer that counts as done (e.g. Slack `{ok:true}` or "already revoked"). */
  revokeOk?(status: number, body: unknown): boolean;
}

export const basicAuth = (id: string, secret: string | undefined) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret ?? '')}`).toString('base64')}`;
export const form = (v: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, val] of Object.entries(v)) if (val !== undefined) p.set(k, val);
  return p.toString();
};
export const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };

export function standardParse(service: string, status: number, body: unknown, previous?: { refreshToken?: string | undefined }): TokenSet {
  if (status >= 400) throw oauthFailure(service, status, body);
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw oauthFailure(service, status, body);
  return toTokenSet(parsed.data, previous);
}

/** Plain RFC 6749 + PKCE, RFC 7009 revocation: what every provider does unless it says otherwise. */
export const generic: ProviderQuirks = {
  id: 'generic',
  authorizeParams: {},
  scopeSeparator: ' ',
  scopeParam: 'scope',
  clientAuth: 'post',
  tokenBody: 'form',
  scopesOnRefresh: false,
  parseToken: standardParse,
  // RFC 7009 token revocation.
  revoke: (r) =>
    r.revokeUrl
      ? { method: 'POST', url: r.revokeUrl, headers: formHeaders, body: form({ token: r.refreshToken ?? r.accessToken, client_id: r.clientId, client_secret: r.clientSecret }) }
      : undefined,
  revokeOk: (status) => status < 300,
};
