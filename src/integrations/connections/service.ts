import { z } from 'zod';
import { assertCan, type ActionOf, type Actor } from '../../platform/access/index.js';
import { AppError, type AppContext } from '../../platform/index.js';
import { findService, type ServiceEntry } from '../catalog/index.js';
import { oauthEngine } from '../oauth/shared.js';
import { declaredService, serviceProfile } from '../registry.js';
import { createGuardedFetch } from '../../platform/outbound/index.js';
import type { DeclaredService } from '../kit/index.js';
import { integrationRuntime } from '../runtime.js';
import { clientForConnection } from './client.js';
import type { StoredCredentials } from './credentials.js';
import { connectionHealthStore, type ConnectionHealth } from './health.js';
import { connectionRepository, connectionStatuses, type ConnectionRow, type ConnectionStatus } from './connection-repository.js';
import type { ConnectionView } from '../../shared/connections.js';

export const pastedCredentialsSchema = z.union([
  z.object({ apiKey: z.string().min(1).max(8192) }).strict(),
  z.object({ username: z.string().min(1).max(1024), password: z.string().max(8192) }).strict(),
  z.object({ accessToken: z.string().min(1).max(16384), refreshToken: z.string().min(1).max(16384).optional(), expiresAt: z.iso.datetime().optional() }).strict(),
  z.object({ apiKey: z.string().min(1).max(1024), token: z.string().min(1).max(8192) }).strict(),
  // A server's settings (host, port, user, password...): the service's declared schema checks them (kit/).
  z.object({ settings: z.record(z.string().max(100), z.union([z.string().max(8192), z.number(), z.boolean()])) }).strict(),
]);
export type PastedCredentials = z.infer<typeof pastedCredentialsSchema>;

// The API shape lives in src/shared/connections.ts (the web app reads it too).
export { connectionViewSchema, type ConnectionView } from '../../shared/connections.js';

const statusOf = (s: string): ConnectionStatus => z.enum(connectionStatuses).catch('error').parse(s);

export function viewOf(row: ConnectionRow): ConnectionView {
  const status = statusOf(row.status);
  return {
    id: row.id,
    service: row.service_id,
    serviceName: findService(row.service_id)?.name ?? row.service_id,
    label: row.label,
    authKind: row.auth_kind,
    personal: row.user_id !== null,
    status,
    needsReconnect: status === 'expired' || status === 'revoked',
    accountLabel: row.account_label,
    scopes: z.array(z.string()).catch([]).parse(JSON.parse(row.scopes)),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Turns what a person pasted into stored credentials the service's auth kind accepts. */
function credentialsFor(entry: ServiceEntry, pasted: PastedCredentials): { stored: StoredCredentials; authKind: string } {
  const mismatch = () =>
    new AppError('integrations.credentials_mismatch', `${entry.name} needs ${describeAuth(entry)}.`, { status: 400, fields: [{ field: 'body.credentials', message: `expected ${describeAuth(entry)}` }] });
  if ('settings' in pasted) {
    const declared = declaredService(entry.id);
    if (entry.auth.kind !== 'server' || !declared?.settings) throw mismatch();
    const parsed = declared.settings.safeParse(pasted.settings);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ field: ['body.credentials.settings', ...i.path.map(String)].join('.'), message: i.message }));
      throw new AppError('integrations.credentials_invalid', `${entry.name} connection settings are not valid: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`, { status: 400, fields });
    }
    return { stored: { kind: 'settings', settings: parsed.data as Record<string, string | number | boolean> }, authKind: 'server' };
  }
  if (entry.auth.kind === 'server') throw mismatch();
  if ('token' in pasted) {
    if (entry.auth.kind === 'oauth2' && entry.auth.provider === 'trello') return { stored: { kind: 'trello', apiKey: pasted.apiKey, token: pasted.token }, authKind: 'trello' };
    throw mismatch();
  }
  if ('accessToken' in pasted) {
    // Pasting a token for an OAuth service (GitHub fine-grained token, Slack bot token) or a bearer-key service.
    if (entry.auth.kind !== 'oauth2' && !(entry.auth.kind === 'api_key' && /bearer/i.test(entry.auth.prefix))) throw mismatch();
    return {
      stored: { kind: 'oauth2', accessToken: pasted.accessToken, tokenType: 'Bearer', ...(pasted.refreshToken ? { refreshToken: pasted.refreshToken } : {}), ...(pasted.expiresAt ? { expiresAt: pasted.expiresAt } : {}) },
      authKind: entry.auth.kind === 'oauth2' ? 'oauth2' : 'api_key',
    };
  }
  if ('apiKey' in pasted) {
    if (entry.auth.kind === 'api_key') return { stored: { kind: 'api_key', apiKey: pasted.apiKey }, authKind: 'api_key' };
    if (entry.auth.kind === 'oauth2') return { stored: { kind: 'oauth2', accessToken: pasted.apiKey, tokenType: 'Bearer' }, authKind: 'oauth2' };
    throw mismatch();
  }
  if (entry.auth.kind === 'basic') return { stored: { kind: 'basic', username: pasted.username, password: pasted.password }, authKind: 'basic' };
  throw mismatch();
}

function describeAuth(entry: ServiceEntry): string {
  switch (entry.auth.kind) {
    case 'api_key':
      return 'an API key ({ apiKey })';
    case 'basic':
      return 'a user name and password ({ username, password })';
    case 'server':
      return `its server settings ({ settings: { ... } }: ${entry.auth.hint})`;
    case 'oauth2':
      return entry.auth.provider === 'trello' ? 'an API key and token ({ apiKey, token })' : 'an access token ({ accessToken }) or the OAuth flow';
    case 'oauth1':
      return 'OAuth 1 (not supported yet)';
    case 'none':
      return 'no credentials';
  }
}

/** The use cases of connections, over the repository, vault, OAuth engine and health store. */
export function connectionService(ctx: AppContext) {
  const rt = integrationRuntime(ctx);
  const repo = connectionRepository(ctx.db);
  const health = connectionHealthStore(ctx.db);

  /**
   * One connection, when the access policy lets `actor` do `action` to it; someone else's personal
   * connection answers like an unknown id.
   */
  const mustFind = async (actor: Actor, id: string, action: ActionOf<'connection'> = 'read') => {
    const notFound = { code: 'integrations.connection_not_found', message: 'That connection was not found.' };
    const row = await repo.findInWorkspace(actor.workspaceId, id);
    if (!row) throw new AppError(notFound.code, notFound.message, { status: 404 });
    assertCan(actor, action, { kind: 'connection', workspaceId: row.workspace_id, ownerId: row.user_id }, notFound);
    return row;
  };

  /** Runs the service's cheap check through the connection and records it in health. */
  async function check(row: ConnectionRow): Promise<{ ok: boolean; accountLabel?: string | undefined; error?: AppError }> {
    const declared = declaredService(row.service_id);
    if (declared) return checkDeclared(row, declared);
    const profile = serviceProfile(row.service_id);
    if (!profile?.check) return { ok: true };
    const client = clientForConnection(ctx, row);
    try {
      const r = await profile.check(client);
      await ctx.db.updateTable('integration_connection_health').set({ checked_at: new Date().toISOString() }).where('connection_id', '=', row.id).execute();
      return { ok: true, accountLabel: r.accountLabel };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err };
      throw err;
    }
  }

  /** A declared server's check (it connects over its own protocol), recorded in health like an HTTP call. */
  async function checkDeclared(row: ConnectionRow, declared: DeclaredService): Promise<{ ok: boolean; accountLabel?: string | undefined; error?: AppError }> {
    if (!declared.check) return { ok: true };
    const started = Date.now();
    try {
      const creds = await oauthEngine(ctx).credentials(row);
      if (creds.kind !== 'settings') throw new AppError('integrations.credentials_mismatch', `The ${declared.name} connection holds the wrong kind of credentials; reconnect it.`, { status: 422 });
      await declared.check(creds.settings, { ssrfAllow: ctx.config.ATOM_SSRF_ALLOW, logger: ctx.logger, guardedFetch: createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW }) });
      await health.record(row.workspace_id, row.id, { service: row.service_id, ok: true, status: undefined, code: undefined, message: undefined, latencyMs: Date.now() - started }, { check: true });
      return { ok: true, accountLabel: declared.label(creds.settings) };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await health.record(row.workspace_id, row.id, { service: row.service_id, ok: false, status: undefined, code: err.code, message: err.message, latencyMs: Date.now() - started }, { check: true }).catch(() => undefined);
      return { ok: false, error: err };
    }
  }

  return {
    repo,
    health,
    check,
    mustFind,
    async list(workspaceId: string, userId: string, serviceId?: string) {
      return (await repo.listVisible(workspaceId, userId, serviceId)).map(viewOf);
    },

    async create(input: { workspaceId: string; userId: string; serviceId: string; label?: string | undefined; personal?: boolean | undefined; credentials: PastedCredentials; verify: boolean }) {
      const entry = findService(input.serviceId);
      if (!entry) throw new AppError('integrations.service_not_found', `The service "${input.serviceId}" was not found.`, { status: 404 });
      if (entry.auth.kind === 'oauth1' || entry.auth.kind === 'none') {
        throw new AppError('integrations.credentials_mismatch', `${entry.name} cannot be connected with pasted credentials.`, { status: 400 });
      }
      const { stored, authKind } = credentialsFor(entry, input.credentials);
      // A server connection is labelled by where it points (never its password), verified or not.
      const declaredLabel = stored.kind === 'settings' ? (declaredService(entry.id)?.label(stored.settings) ?? null) : null;
      const row = await repo.create({
        workspaceId: input.workspaceId,
        userId: input.personal ? input.userId : null,
        serviceId: entry.id,
        label: input.label ?? entry.name,
        authKind,
        credentialsSealed: rt.vault.sealJson(stored),
        scopes: [],
        accountLabel: declaredLabel,
        expiresAt: stored.kind === 'oauth2' ? (stored.expiresAt ?? null) : null,
        createdBy: input.userId,
      });
      if (input.verify) {
        const r = await check(row);
        if (!r.ok) {
          await repo.remove(row.workspace_id, row.id);
          throw new AppError('integrations.credentials_rejected', `Atom could not use those credentials: ${r.error?.message ?? 'the check failed'}`, { status: 422, cause: r.error });
        }
        if (r.accountLabel) {
          await ctx.db.updateTable('integration_connections').set({ account_label: r.accountLabel }).where('id', '=', row.id).execute();
          row.account_label = r.accountLabel;
        }
      }
      return viewOf((await repo.findInWorkspace(row.workspace_id, row.id)) ?? row);
    },

    /** Revokes at the provider when it supports it, then forgets the connection and its tokens. */
    async remove(actor: Actor, id: string): Promise<{ revocation: 'revoked' | 'unsupported' | 'failed' }> {
      const row = await mustFind(actor, id, 'manage');
      const workspaceId = row.workspace_id;
      let revocation: 'revoked' | 'unsupported' | 'failed';
      try {
        revocation = await oauthEngine(ctx).revoke(row);
      } catch (err) {
        ctx.logger.warn({ connectionId: id, service: row.service_id, code: err instanceof AppError ? err.code : undefined }, 'revocation at the provider failed');
        revocation = 'failed';
      }
      await repo.remove(workspaceId, id);
      return { revocation };
    },

    async healthOf(actor: Actor, id: string): Promise<{ connection: ConnectionView; health: ConnectionHealth; recentErrors: Awaited<ReturnType<typeof health.recentEvents>> }> {
      const row = await mustFind(actor, id);
      const workspaceId = row.workspace_id;
      return {
        connection: viewOf(row),
        health: await health.get(workspaceId, id, statusOf(row.status)),
        recentErrors: await health.recentEvents(workspaceId, id),
      };
    },
  };
}

export type ConnectionService = ReturnType<typeof connectionService>;
