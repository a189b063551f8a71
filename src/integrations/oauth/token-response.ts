import { z } from 'zod';
import { AppError } from '../../platform/index.js';

/** A token endpoint's answer, as RFC 6749 §5.1 and the providers' variants describe it. */
export const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
    refresh_token: z.string().min(1).optional(),
    scope: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .loose();

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export interface TokenSet {
  accessToken: string;
  refreshToken: string | undefined;
  tokenType: string;
  expiresAt: string | undefined;
  scopes: string[] | undefined;
  extra: Record<string, string>;
  accountLabel: string | undefined;
  /** The OpenID Connect ID token, when the consent asked for `openid` (read once, never stored). */
  idToken?: string | undefined;
}

export const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() }).loose();

/** Errors of a token or revoke endpoint; `invalid_grant` means the user must connect again. */
export function oauthFailure(service: string, status: number, body: unknown): AppError {
  const parsed = oauthErrorSchema.safeParse(body);
  const code = parsed.success ? parsed.data.error : undefined;
  const detail = parsed.success ? (parsed.data.error_description ?? parsed.data.error) : `HTTP ${status}`;
  if (code === 'invalid_grant' || code === 'invalid_refresh_token' || code === 'token_revoked' || code === 'bad_refresh_token') {
    return new AppError('integrations.oauth.invalid_grant', `${service} no longer accepts Atom's sign-in (${detail}). Reconnect the account.`, {
      status: 424,
      extensions: { service, providerCode: code },
    });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client' || code === 'bad_client_secret' || code === 'incorrect_client_credentials') {
    return new AppError('integrations.oauth.invalid_client', `${service} rejected Atom's OAuth app credentials (${detail}); an admin must fix them.`, {
      status: 424,
      extensions: { service, providerCode: code },
    });
  }
  return new AppError('integrations.oauth.token_failed', `${service} did not give Atom a token (${detail}).`, {
    status: status >= 500 ? 502 : 424,
    extensions: { service, ...(code ? { providerCode: code } : {}) },
  });
}

export function toTokenSet(r: TokenResponse, previous?: { refreshToken?: string | undefined }, scopeSeparator: RegExp = /[ ,]+/): TokenSet {
  const scopes = r.scope === undefined ? undefined : Array.isArray(r.scope) ? r.scope : r.scope.split(scopeSeparator).filter(Boolean);
  return {
    accessToken: r.access_token,
    // Providers that do not rotate refresh tokens omit them on refresh: keep the one we had.
    refreshToken: r.refresh_token ?? previous?.refreshToken,
    tokenType: r.token_type && /^bearer$/i.test(r.token_type) ? 'Bearer' : (r.token_type ?? 'Bearer'),
    expiresAt: r.expires_in !== undefined && r.expires_in > 0 ? new Date(Date.now() + r.expires_in * 1000).toISOString() : undefined,
    scopes,
    extra: {},
    accountLabel: undefined,
    idToken: typeof r['id_token'] === 'string' ? r['id_token'] : undefined,
  };
}
