import { z } from 'zod';
import type { VerifiedIdentity } from '../connections/connection-repository.js';
import type { ResolvedService } from '../settings.js';
import type { TokenSet } from './token-response.js';

/**
 * The account a connection signs in as, in the provider's own words, read once when the connection is
 * made. Document permissions at Google Drive and OneDrive name people by e-mail, so only an address the
 * provider vouches for may ever match them (never one typed into a form):
 * - Google: the OpenID Connect ID token of the code exchange (the consent asks for `openid email`):
 *   `email` counts only with `email_verified`, for our client (`aud`) and from Google (`iss`); the
 *   domain is `hd`, which Google sets only for accounts of a Google Workspace organisation. The token
 *   came straight from the token endpoint over TLS, which OIDC Core 3.1.3.7 accepts in place of checking
 *   its signature.
 * - Microsoft: Graph `GET /me` with the new token (`mail`, else `userPrincipalName`); the domain is the
 *   user principal name's, which Entra ID only allows on a domain the tenant verified (guests, whose
 *   name carries `#EXT#`, get none).
 * Other providers, or an answer without a verified address: null (the connection then grants no identity).
 */
export async function readVerifiedIdentity(
  svc: ResolvedService,
  set: TokenSet,
  options: { clientId: string; timeoutMs: number; fetch?: typeof fetch },
): Promise<VerifiedIdentity | null> {
  if (svc.provider === 'google') return set.idToken ? googleIdentity(set.idToken, options.clientId) : null;
  if (svc.provider === 'microsoft') return microsoftIdentity(svc.apiBaseUrl, set.accessToken, options);
  return null;
}

const googleClaims = z
  .object({
    iss: z.string(),
    aud: z.union([z.string(), z.array(z.string())]),
    exp: z.number().optional(),
    email: z.string().optional(),
    email_verified: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
    hd: z.string().optional(),
  })
  .loose();

function googleIdentity(idToken: string, clientId: string): VerifiedIdentity | null {
  const payload = idToken.split('.')[1];
  if (!payload) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const c = googleClaims.safeParse(json);
  if (!c.success) return null;
  const audiences = Array.isArray(c.data.aud) ? c.data.aud : [c.data.aud];
  const fromGoogle = c.data.iss === 'https://accounts.google.com' || c.data.iss === 'accounts.google.com';
  if (!fromGoogle || !audiences.includes(clientId) || c.data.email_verified !== true || !c.data.email) return null;
  if (c.data.exp !== undefined && c.data.exp * 1000 < Date.now()) return null;
  if (!z.email().safeParse(c.data.email).success) return null;
  return { email: c.data.email.toLowerCase(), domain: c.data.hd?.toLowerCase() ?? null };
}

const graphMe = z.object({ mail: z.string().nullish(), userPrincipalName: z.string().nullish() }).loose();

async function microsoftIdentity(apiBaseUrl: string, accessToken: string, options: { timeoutMs: number; fetch?: typeof fetch }): Promise<VerifiedIdentity | null> {
  const res = await (options.fetch ?? fetch)(`${apiBaseUrl.replace(/\/+$/, '')}/me?$select=mail,userPrincipalName`, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!res.ok) {
    await res.body?.cancel();
    return null;
  }
  const me = graphMe.safeParse(await res.json());
  if (!me.success) return null;
  const upn = me.data.userPrincipalName ?? undefined;
  const email = me.data.mail ?? upn;
  if (!email || !z.email().safeParse(email).success) return null;
  const domain = upn && !upn.includes('#EXT#') ? (upn.split('@')[1]?.toLowerCase() ?? null) : null;
  return { email: email.toLowerCase(), domain };
}
