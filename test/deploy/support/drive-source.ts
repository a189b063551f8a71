import { integrationConnections } from '../../../src/integrations/index.js';
import { createMemory, type Memory } from '../../../src/memory/index.js';
import type { AppContext } from '../../../src/platform/index.js';
import { createVault } from '../../../src/vault/index.js';

/**
 * An account on a running Atom (sign-up through its API), a bearer token for it, a Google Drive integration
 * connection as the OAuth round trip would store it (with the account Google's ID token vouched for), and
 * a memory source on it. The processes read Drive where their configuration says (`sourceApiEnv`).
 * Used by the queue-mode memory tests, which then sync through the running processes.
 */
export async function seedDriveSource(options: { apiUrl: string; ctx: AppContext; tag: string; driveToken: string; tokenName: string }) {
  const { apiUrl, ctx, tag } = options;
  const signup = await fetch(`${apiUrl}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `alice-${tag}@example.test`, password: 'correct horse battery staple', name: 'Alice' }) });
  const me = (await signup.json()) as { user: { id: string }; workspace: { id: string }; csrfToken: string };
  const workspaceId = me.workspace.id;
  const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
  const tokenRes = await fetch(`${apiUrl}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken, 'x-atom-workspace': workspaceId }, body: JSON.stringify({ name: options.tokenName, expiresInDays: 1 }) });
  const headers: Record<string, string> = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
  const conn = await integrationConnections(ctx.db).create({
    workspaceId,
    userId: me.user.id,
    serviceId: 'google-drive',
    label: 'Alice Drive',
    authKind: 'oauth2',
    credentialsSealed: createVault(ctx).sealJson({ kind: 'oauth2', accessToken: options.driveToken, tokenType: 'Bearer' }),
    scopes: [],
    accountLabel: 'alice@example.com',
    expiresAt: null,
    createdBy: me.user.id,
    identity: { email: 'alice@example.com', domain: 'example.com' },
  });
  const memory: Memory = await createMemory(ctx);
  const source = await memory.connections.create({ workspaceId, kind: 'google_drive', name: 'Team Drive', ownerUserId: me.user.id, accountEmail: 'alice@example.com', settings: { integrationConnectionId: conn.id } });
  return { workspaceId, userId: me.user.id, headers, integrationConnectionId: conn.id, memory, sourceId: source.id };
}
