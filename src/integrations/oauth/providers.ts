import { z } from 'zod';
import { AppError } from '../../platform/index.js';
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

const basicAuth = (id: string, secret: string | undefined) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret ?? '')}`).toString('base64')}`;
const form = (v: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, val] of Object.entries(v)) if (val !== undefined) p.set(k, val);
  return p.toString();
};
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };

function standardParse(service: string, status: number, body: unknown, previous?: { refreshToken?: string | undefined }): TokenSet {
  if (status >= 400) throw oauthFailure(service, status, body);
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw oauthFailure(service, status, body);
  return toTokenSet(parsed.data, previous);
}

const generic: ProviderQuirks = {
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

const slackBody = z.object({
  ok: z.boolean(),
  error: z.string().optional(),
  team: z.object({ id: z.string(), name: z.string() }).nullish(),
  bot_user_id: z.string().optional(),
  authed_user: z.object({ id: z.string() }).loose().optional(),
}).loose();

/** Provider quirks, from each provider's published OAuth documentation. */
export const providerQuirks: Record<string, ProviderQuirks> = {
  generic,
  google: {
    ...generic,
    id: 'google',
    // Without offline access + consent Google issues no refresh token on re-consent.
    authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    revoke: (r) => ({ method: 'POST', url: r.revokeUrl ?? 'https://oauth2.googleapis.com/revoke', headers: formHeaders, body: form({ token: r.refreshToken ?? r.accessToken }) }),
  },
  microsoft: {
    ...generic,
    id: 'microsoft',
    authorizeParams: { response_mode: 'query' },
    scopesOnRefresh: true,
    // The identity platform has no token revocation endpoint: disconnecting forgets the tokens.
    revoke: () => undefined,
  },
  slack: {
    ...generic,
    id: 'slack',
    scopeSeparator: ',',
    parseToken(service, status, body, previous) {
      const b = slackBody.safeParse(body);
      if (status >= 400 || !b.success) throw oauthFailure(service, status, body);
      if (!b.data.ok) throw oauthFailure(service, status, { error: b.data.error === 'invalid_refresh_token' ? 'invalid_grant' : (b.data.error ?? 'unknown') });
      const set = standardParse(service, status, body, previous);
      set.extra = { ...(b.data.team ? { teamId: b.data.team.id } : {}), ...(b.data.bot_user_id ? { botUserId: b.data.bot_user_id } : {}) };
      set.accountLabel = b.data.team?.name;
      return set;
    },
    revoke: (r) => ({ method: 'POST', url: r.revokeUrl ?? `${r.apiBaseUrl}/auth.revoke`, headers: { ...formHeaders, authorization: `Bearer ${r.accessToken}` }, body: '' }),
    revokeOk: (status, body) => status < 300 && z.object({ ok: z.literal(true) }).safeParse(body).success,
  },
  github: {
    ...generic,
    id: 'github',
    parseToken(service, status, body, previous) {
      // GitHub answers token errors with HTTP 200 and an `error` field.
      if (z.object({ error: z.string() }).safeParse(body).success) throw oauthFailure(service, 400, body);
      return standardParse(service, status, body, previous);
    },
    revoke: (r) => ({
      method: 'DELETE',
      url: `${r.apiBaseUrl}/applications/${encodeURIComponent(r.clientId)}/token`,
      headers: { authorization: basicAuth(r.clientId, r.clientSecret), accept: 'application/vnd.github+json', 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: r.accessToken }),
    }),
    revokeOk: (status) => status === 204 || status === 404,
  },
  notion: {
    ...generic,
    id: 'notion',
    authorizeParams: { owner: 'user' },
    clientAuth: 'basic',
    tokenBody: 'json',
    parseToken(service, status, body, previous) {
      const set = standardParse(service, status, body, previous);
      const b = z.object({ workspace_name: z.string().nullish(), workspace_id: z.string().optional(), bot_id: z.string().optional() }).loose().safeParse(body);
      if (b.success) {
        set.accountLabel = b.data.workspace_name ?? undefined;
        set.extra = { ...(b.data.workspace_id ? { workspaceId: b.data.workspace_id } : {}), ...(b.data.bot_id ? { botId: b.data.bot_id } : {}) };
      }
      return set;
    },
    revoke: () => undefined,
  },
  dropbox: {
    ...generic,
    id: 'dropbox',
    // Short-lived access tokens: offline access is what yields a refresh token.
    authorizeParams: { token_access_type: 'offline' },
    revoke: (r) => ({ method: 'POST', url: r.revokeUrl ?? 'https://api.dropboxapi.com/2/auth/token/revoke', headers: { authorization: `Bearer ${r.accessToken}` } }),
  },
  box: {
    ...generic,
    id: 'box',
    // Box refresh tokens are single use: the new one in every refresh answer must be stored (standardParse does).
  },
  asana: { ...generic, id: 'asana' },
  zoom: {
    ...generic,
    id: 'zoom',
    clientAuth: 'basic',
    revoke: (r) => ({
      method: 'POST',
      url: `${r.revokeUrl ?? 'https://zoom.us/oauth/revoke'}?${form({ token: r.accessToken })}`,
      headers: { authorization: basicAuth(r.clientId, r.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
    }),
  },
  // Trello's flow is not OAuth 2 (see trello.ts); only revocation lives here.
  trello: {
    ...generic,
    id: 'trello',
    revoke: (r) => ({ method: 'DELETE', url: `${r.apiBaseUrl}/tokens/${encodeURIComponent(r.accessToken)}?${form({ key: r.clientId, token: r.accessToken })}`, headers: {} }),
  },
};

export function quirksFor(provider: string): ProviderQuirks {
  return providerQuirks[provider] ?? generic;
}

export const providerError = (message: string) => new AppError('integrations.oauth.provider', message, { status: 424 });

export { basicAuth, form, formHeaders };
