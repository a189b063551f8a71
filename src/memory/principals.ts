import { integrationConnections } from '../integrations/index.js';
import type { AppContext } from '../platform/index.js';
import { domainPrincipal, emailPrincipal, everyone, userPrincipal } from './principal-keys.js';

// The key builders live apart, without dependencies, so source adapters in the integrations folders can use them.
export { domainPrincipal, emailPrincipal, everyone, userPrincipal };

/** An account identity its provider vouched for: the e-mail, and the organisation's domain when it said. */
export interface AccountIdentity {
  email: string;
  domain: string | null;
}

/**
 * The principal keys a caller holds: their user, and each verified account identity with its domain
 * (only the domain the provider named: Google's `hd`, a Microsoft work account's, never one read off an
 * address, since anyone can own a consumer account at a company's address).
 */
export function callerPrincipals(userId: string, identities: readonly AccountIdentity[]): string[] {
  const keys = new Set([everyone, userPrincipal(userId)]);
  for (const i of identities) {
    keys.add(emailPrincipal(i.email));
    if (i.domain) keys.add(domainPrincipal(i.domain));
  }
  return [...keys];
}

/**
 * The principal keys of a member now. The rule: a member is, at a provider, exactly the accounts their
 * own personal connections signed in as, in the provider's words (verified when the connection was
 * made). Nothing typed into a form counts, and a workspace-shared connection counts for nobody: its
 * account is whoever connected it (often an admin), and using it for a source must not hand every
 * member that person's private documents. A member who wants their own Drive's private files found
 * connects their own account (see docs/auth.md, "Whose documents a member can find").
 */
export async function memberPrincipals(ctx: AppContext, workspaceId: string, userId: string): Promise<string[]> {
  return callerPrincipals(userId, await integrationConnections(ctx.db).verifiedIdentitiesOf(workspaceId, userId));
}
