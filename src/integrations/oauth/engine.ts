import { randomUUID } from 'node:crypto';
import { AppError, type AppContext } from '../../platform/index.js';
import { connectionHealthStore } from '../connections/health.js';
import { storedCredentialsSchema, type StoredCredentials } from '../connections/credentials.js';
import { connectionRepository, type ConnectionRow, type VerifiedIdentity } from '../connections/connection-repository.js';
import { sleep } from '../../platform/outbound/index.js';
import { integrationRuntime } from '../runtime.js';
import type { ResolvedService } from '../settings.js';
import { findService } from '../catalog/index.js';
import { oauthAppKeyOf } from '../settings.js';
import { oauthAppStore } from './apps.js';
import { readVerifiedIdentity } from './identity.js';
import { createPkce } from './pkce.js';
import { basicAuth, form, formHeaders, quirksFor, type PlannedRequest } from './providers.js';
import { oauthStates } from './state.js';
import type { TokenSet } from './token-response.js';

const LEASE_MS = 30_000;

export interface StartInput {
  workspaceId: string;
  userId: string;
  serviceId: string;
  label?: string | undefined;
  personal?: boolean | undefined;
  returnTo?: string | undefined;
  /** 'write' adds the service's write scopes (OneDrive: Files.ReadWrite.All); reading is the default. */
  access?: 'read' | 'write' | undefined;
}

/** The scopes a connection asks for: the read set, plus the write set only when write access was chosen. */
export function scopesFor(oauth: { scopes: string[]; writeScopes: string[] }, access: 'read' | 'write'): string[] {
  return access === 'write' ? [...new Set([...oauth.scopes, ...oauth.writeScopes])] : oauth.scopes;
}

/** Which access a stored connection holds: write when any of its granted scopes is a write scope. */
export function accessOf(oauth: { writeScopes: string[] }, grantedScopesJson: string): 'read' | 'write' {
  let granted: unknown;
  try {
    granted = JSON.parse(grantedScopesJson);
  } catch {
    granted = [];
  }
  return Array.isArray(granted) && granted.some((s) => typeof s === 'string' && oauth.writeScopes.includes(s)) ? 'write' : 'read';
}

export interface CallbackInput {
  state: string;
  code?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
  /** The signed-in user completing the consent, when the callback carries a session. */
  callerUserId?: string | undefined;
  /** Trello hands the token back directly (its own flow). */
  token?: string | undefined;
}

/**
 * OAuth for connections: authorization code + PKCE with a signed single-use state, token exchange,
 * refresh ahead of expiry (single flight within the process and, through a lease row, across processes),
 * and revocation, with each provider's quirks. Tokens go to the vault and nowhere else.
 */
export function createOAuthEngine(ctx: AppContext) {
  const rt = integrationRuntime(ctx);
  const repo = connectionRepository(ctx.db);
  const health = connectionHealthStore(ctx.db);
  const states = oauthStates(ctx.db, rt.vault);
  const apps = oauthAppStore(ctx.db, rt.vault);
  const inFlight = new Map<string, Promise<StoredCredentials>>();
  const owner = randomUUID();
  const redirectUri = () => `${(ctx.config.ATOM_PUBLIC_URL ?? `http://localhost:${ctx.config.ATOM_PORT}`).replace(/\/+$/, '')}/api/oauth/callback`;

  /** The service with the OAuth app it uses in this workspace (the environment's, else the workspace's own). */
  const resolveOAuth = async (serviceId: string, workspaceId: string) => {
    const entry = findService(serviceId);
    const svc = entry ? rt.settings.resolve(serviceId, await apps.get(workspaceId, oauthAppKeyOf(entry))) : undefined;
    if (!svc) throw new AppError('integrations.service_not_found', `The service "${serviceId}" was not found.`, { status: 404 });
    if (!svc.oauth) throw new AppError('integrations.oauth.not_oauth', `${svc.entry.name} does not connect with OAuth; add a key or token instead.`, { status: 400 });
    if (!svc.oauth.clientId) {
      throw new AppError(
        'integrations.oauth.not_configured',
        `${svc.entry.name} cannot be connected yet: an admin must register its OAuth app (Integrations → OAuth apps in the web app, or ATOM_INTEGRATIONS).`,
        { status: 409 },
      );
    }
    return { svc, oauth: svc.oauth, clientId: svc.oauth.clientId };
  };

  async function send(svc: ResolvedService, req: PlannedRequest): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? null, signal: AbortSignal.timeout(ctx.config.ATOM_INTEGRATION_TIMEOUT_MS) });
    } catch (err) {
      throw new AppError('integrations.oauth.unreachable', `Could not reach ${svc.entry.name}'s sign-in service.`, { status: 502, cause: err });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new AppError('integrations.oauth.unreachable', `${svc.entry.name}'s sign-in service stopped answering mid-reply.`, { status: 502, cause: err });
    }
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Form-encoded answers (old GitHub style) are read as such.
      if (/=/.test(text)) body = Object.fromEntries(new URLSearchParams(text));
    }
    return { status: res.status, body };
  }

  /** `svc` as resolveOAuth returned it: with its app's client id. */
  async function tokenRequest(svc: ResolvedService, params: Record<string, string | undefined>, previous?: { refreshToken?: string | undefined }): Promise<TokenSet> {
    const oauth = svc.oauth;
    const clientId = oauth?.clientId;
    if (!oauth || !clientId) throw new AppError('integrations.oauth.not_configured', `${svc.entry.name} has no OAuth app.`, { status: 409 });
    const q = quirksFor(svc.provider);
    const headers: Record<string, string> = { accept: 'application/json' };
    const payload: Record<string, string | undefined> = { ...params };
    if (q.clientAuth === 'basic') headers['authorization'] = basicAuth(clientId, oauth.clientSecret);
    else Object.assign(payload, { client_id: clientId, client_secret: oauth.clientSecret });
    let body: string;
    if (q.tokenBody === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)));
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = form(payload);
    }
    const res = await send(svc, { method: 'POST', url: oauth.tokenUrl, headers, body });
    return q.parseToken(svc.entry.name, res.status, res.body, previous);
  }

  const toStored = (t: TokenSet): StoredCredentials => ({
    kind: 'oauth2',
    accessToken: t.accessToken,
    tokenType: t.tokenType,
    ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}),
    ...(t.expiresAt ? { expiresAt: t.expiresAt } : {}),
    ...(Object.keys(t.extra).length ? { extra: t.extra } : {}),
  });

  const openCredentials = (row: ConnectionRow): StoredCredentials => storedCredentialsSchema.parse(rt.vault.openJson<unknown>(row.credentials_sealed));

  const expiresSoon = (c: StoredCredentials) =>
    c.kind === 'oauth2' && c.expiresAt !== undefined && Date.parse(c.expiresAt) - Date.now() < ctx.config.ATOM_OAUTH_REFRESH_SKEW_SECONDS * 1000;

  /** Refreshes under the connection's lease; another holder's result is picked up instead of refreshing twice. */
  async function refreshUnderLease(workspaceId: string, connectionId: string, staleAccessToken: string | undefined): Promise<StoredCredentials> {
    const deadline = Date.now() + LEASE_MS + 5_000;
    while (Date.now() < deadline) {
      const row = await repo.findInWorkspace(workspaceId, connectionId);
      if (!row) throw new AppError('integrations.connection_not_found', 'The connection was not found.', { status: 404 });
      const creds = openCredentials(row);
      if (creds.kind !== 'oauth2') return creds;
      const alreadyFresh = staleAccessToken !== undefined ? creds.accessToken !== staleAccessToken : !expiresSoon(creds);
      if (alreadyFresh) return creds;
      if (!creds.refreshToken) {
        await repo.setStatus(workspaceId, connectionId, 'expired');
        throw new AppError('integrations.oauth.expired', `The ${row.service_id} sign-in expired and cannot be renewed. Reconnect the account.`, { status: 424 });
      }
      if (await repo.tryLease(workspaceId, connectionId, owner, LEASE_MS)) {
        // Read again under the lease: another process may have refreshed (and released the lease)
        // between our first read and taking it; refreshing again would spend its new refresh token.
        const current = await repo.findInWorkspace(workspaceId, connectionId);
        const now = current ? openCredentials(current) : undefined;
        if (now && (now.kind !== 'oauth2' || (staleAccessToken !== undefined ? now.accessToken !== staleAccessToken : !expiresSoon(now)))) {
          await repo.releaseLease(workspaceId, connectionId, owner);
          return now;
        }
        const refreshToken = now?.kind === 'oauth2' && now.refreshToken ? now.refreshToken : creds.refreshToken;
        try {
          const svc = (await resolveOAuth(row.service_id, workspaceId)).svc;
          const q = quirksFor(svc.provider);
          const set = await tokenRequest(
            svc,
            // A read-only connection renews with the read scopes: asking for more than was granted fails.
            { grant_type: 'refresh_token', refresh_token: refreshToken, ...(q.scopesOnRefresh && svc.oauth ? { scope: scopesFor(svc.oauth, accessOf(svc.oauth, row.scopes)).join(q.scopeSeparator) } : {}) },
            { refreshToken },
          );
          const next = toStored(set);
          await repo.saveCredentials(workspaceId, connectionId, rt.vault.sealJson(next), set.expiresAt ?? null);
          await health.event(workspaceId, connectionId, 'refresh', 'The access token was renewed.');
          return next;
        } catch (err) {
          await repo.releaseLease(workspaceId, connectionId, owner);
          if (err instanceof AppError && err.code === 'integrations.oauth.invalid_grant') {
            await repo.setStatus(workspaceId, connectionId, 'expired');
            await health.event(workspaceId, connectionId, 'expired', err.message, err.code);
          }
          throw err;
        }
      }
      await sleep(100); // Someone else is refreshing: wait for their result.
    }
    throw new AppError('integrations.oauth.refresh_timeout', 'Renewing the sign-in took too long; try again.', { status: 503 });
  }

  /** The provider-verified account of a new connection; a provider that does not answer leaves it unknown. */
  async function identityOf(svc: ResolvedService, set: TokenSet, clientId: string): Promise<VerifiedIdentity | null> {
    try {
      return await readVerifiedIdentity(svc, set, { clientId, timeoutMs: ctx.config.ATOM_INTEGRATION_TIMEOUT_MS });
    } catch (err) {
      ctx.logger.warn({ service: svc.entry.id, err: { message: (err as Error).message } }, 'could not read the account identity of a new connection');
      return null;
    }
  }

  return {
    redirectUri,

    /** The consent URL for a service, with PKCE and a signed state bound to the user. */
    async start(input: StartInput): Promise<{ authorizationUrl: string; expiresAt: string }> {
      const { svc, oauth, clientId } = await resolveOAuth(input.serviceId, input.workspaceId);
      const pkce = createPkce();
      const access = input.access === 'write' && oauth.writeScopes.length > 0 ? 'write' : 'read';
      const scopes = scopesFor(oauth, access);
      const { state, expiresAt } = await states.create({
        workspaceId: input.workspaceId,
        userId: input.userId,
        serviceId: svc.entry.id,
        verifier: pkce.verifier,
        redirectUri: redirectUri(),
        label: input.label ?? null,
        personal: input.personal ?? false,
        returnTo: input.returnTo ?? null,
        access,
        ttlSeconds: ctx.config.ATOM_OAUTH_STATE_TTL_SECONDS,
      });
      const url = new URL(oauth.authorizeUrl);
      if (svc.provider === 'trello') {
        // Trello's own flow: the token comes back to return_url directly (fragment), no code exchange.
        for (const [k, v] of Object.entries({ expiration: 'never', name: 'Atom', scope: scopes.join(','), response_type: 'token', key: clientId, callback_method: 'fragment', return_url: `${redirectUri()}?state=${encodeURIComponent(state)}` })) {
          url.searchParams.set(k, v);
        }
        return { authorizationUrl: url.href, expiresAt };
      }
      const q = quirksFor(svc.provider);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', clientId);
      url.searchParams.set('redirect_uri', redirectUri());
      if (scopes.length) url.searchParams.set(q.scopeParam, scopes.join(q.scopeSeparator));
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', pkce.challenge);
      url.searchParams.set('code_challenge_method', pkce.method);
      for (const [k, v] of Object.entries(q.authorizeParams)) url.searchParams.set(k, v);
      return { authorizationUrl: url.href, expiresAt };
    },

    /** Finishes a consent: checks the state, exchanges the code, stores the sealed tokens as a connection. */
    async complete(input: CallbackInput): Promise<{ connection: ConnectionRow; returnTo: string | null }> {
      const st = await states.consume(input.state, input.callerUserId);
      const { svc, clientId } = await resolveOAuth(st.service_id, st.workspace_id);
      if (input.error) {
        throw new AppError('integrations.oauth.denied', `${svc.entry.name} did not grant access (${input.errorDescription ?? input.error}).`, { status: 400 });
      }
      let stored: StoredCredentials;
      let set: TokenSet | undefined;
      if (svc.provider === 'trello') {
        if (!input.token) throw new AppError('integrations.oauth.missing_token', 'Trello did not hand back a token.', { status: 400 });
        stored = { kind: 'trello', apiKey: clientId, token: input.token };
      } else {
        if (!input.code) throw new AppError('integrations.oauth.missing_code', `${svc.entry.name} did not hand back an authorization code.`, { status: 400 });
        set = await tokenRequest(svc, { grant_type: 'authorization_code', code: input.code, redirect_uri: st.redirect_uri, code_verifier: st.verifier });
        stored = toStored(set);
      }
      const identity = set ? await identityOf(svc, set, clientId) : null;
      const accountLabel = set?.accountLabel ?? identity?.email;
      const connection = await repo.create({
        workspaceId: st.workspace_id,
        userId: st.personal ? st.user_id : null,
        serviceId: svc.entry.id,
        label: st.label ?? (set?.accountLabel ? `${svc.entry.name} (${set.accountLabel})` : svc.entry.name),
        authKind: svc.provider === 'trello' ? 'trello' : 'oauth2',
        credentialsSealed: rt.vault.sealJson(stored),
        scopes: set?.scopes ?? (svc.oauth ? scopesFor(svc.oauth, st.access === 'write' ? 'write' : 'read') : []),
        accountLabel: accountLabel ?? null,
        expiresAt: set?.expiresAt ?? null,
        createdBy: st.user_id,
        identity,
      });
      return { connection, returnTo: st.return_to };
    },

    /** Current credentials, refreshed first when they expire within the skew (one refresh at a time). */
    async credentials(row: ConnectionRow, opts: { staleAccessToken?: string; known?: StoredCredentials } = {}): Promise<StoredCredentials> {
      const creds = opts.known ?? openCredentials(row);
      if (creds.kind !== 'oauth2') return creds;
      if (opts.staleAccessToken === undefined && !expiresSoon(creds)) return creds;
      const key = row.id;
      let p = inFlight.get(key);
      if (!p) {
        p = refreshUnderLease(row.workspace_id, row.id, opts.staleAccessToken).finally(() => inFlight.delete(key));
        inFlight.set(key, p);
      }
      return p;
    },

    /** Revokes the connection's tokens at the provider; 'unsupported' when the provider has no way to. */
    async revoke(row: ConnectionRow): Promise<'revoked' | 'unsupported'> {
      const entry = findService(row.service_id);
      const svc = entry ? rt.settings.resolve(row.service_id, await apps.get(row.workspace_id, oauthAppKeyOf(entry))) : undefined;
      const creds = openCredentials(row);
      if (!svc?.oauth?.clientId || (creds.kind !== 'oauth2' && creds.kind !== 'trello')) return 'unsupported';
      const q = quirksFor(svc.provider);
      const plan = q.revoke?.({
        revokeUrl: svc.oauth.revokeUrl,
        apiBaseUrl: svc.apiBaseUrl.replace(/\/+$/, ''),
        clientId: svc.oauth.clientId,
        clientSecret: svc.oauth.clientSecret,
        accessToken: creds.kind === 'trello' ? creds.token : creds.accessToken,
        refreshToken: creds.kind === 'oauth2' ? creds.refreshToken : undefined,
      });
      if (!plan) return 'unsupported';
      const res = await send(svc, plan);
      if (!(q.revokeOk ?? ((s: number) => s < 300))(res.status, res.body)) {
        throw new AppError('integrations.oauth.revoke_failed', `${svc.entry.name} did not confirm the revocation (HTTP ${res.status}).`, { status: 502 });
      }
      return 'revoked';
    },

    states,
  };
}

export type OAuthEngine = ReturnType<typeof createOAuthEngine>;
export { formHeaders };
