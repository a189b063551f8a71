import type { VerifiedAccount } from '../platform/http/index.js';

/**
 * The accounts a member's own personal connections signed in as (`integration_connections.verified_email`
 * and `verified_domain`, written only from what the provider vouched for), read with the credentials: the
 * token and session queries join them, one row per account, so a document search needs no second query for
 * the caller's document permissions (memory's principals). The rule of whose accounts count is memory's
 * (src/memory/principals.ts); this only carries the rows.
 */
export interface JoinedIdentity {
  identity_email: string | null;
  identity_domain: string | null;
}

export const identitiesOf = (rows: readonly JoinedIdentity[]): VerifiedAccount[] =>
  rows.flatMap((r) => (r.identity_email ? [{ email: r.identity_email, domain: r.identity_domain }] : []));
