import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { AppError } from '../../platform/index.js';

/** Atom's redirect URI for external MCP servers' authorization servers (one for all servers; `state` says which). */
export const MCP_OAUTH_CALLBACK_PATH = '/api/mcp-servers/oauth/callback';

/** What Atom keeps of an OAuth flow with an external server, sealed as one JSON value. */
export interface McpOAuthState {
  /** Given by the admin when the server does not offer dynamic registration. */
  clientId?: string;
  clientSecret?: string;
  /** What dynamic registration (or the given id) yielded, as the SDK saves it. */
  clientInformation?: Record<string, unknown>;
  tokens?: Record<string, unknown>;
  codeVerifier?: string;
  /** The state parameter of the authorization in flight (binds the callback to this server). */
  state?: string;
  discovery?: Record<string, unknown>;
}

/**
 * What the provider needs of the MCP server repository (its sealed OAuth state), declared here so the
 * repository, which makes providers for its OAuth servers, is not imported back.
 */
export interface McpOAuthStateStore {
  oauthState(workspaceId: string, id: string): Promise<McpOAuthState>;
  updateOAuthState(workspaceId: string, id: string, change: (s: McpOAuthState) => McpOAuthState): Promise<void>;
}

/** The server the provider authorizes Atom at (an McpServerTarget is one). */
export interface McpOAuthServer {
  id: string;
  workspaceId: string;
  name: string;
}

export interface AtomOAuthProviderOptions {
  store: McpOAuthStateStore;
  server: McpOAuthServer;
  /** Atom's public origin, for the redirect URI. */
  publicUrl: string;
  /**
   * Interactive (an admin starting the flow): the authorization URL is kept for the admin's browser.
   * Otherwise (a workflow step, the chat agent) a server that wants a new authorization is an error.
   */
  interactive: boolean;
}

export const oauthRequired = (server: McpOAuthServer) =>
  new AppError('mcp.client.oauth_required', `The MCP server ${server.name} needs an admin to authorize Atom again (Settings → MCP servers → Connect).`, { status: 409 });

/**
 * The SDK client's OAuthClientProvider for one external MCP server: the SDK does discovery (RFC 9728,
 * RFC 8414), dynamic registration (RFC 7591) unless the admin gave a client id, PKCE and refresh; this
 * keeps what it hands over (client information, tokens, verifier, discovery) sealed in the vault.
 */
export class AtomOAuthProvider implements OAuthClientProvider {
  /** Where the admin's browser goes next, after `auth()` answered REDIRECT. */
  authorizationUrl: URL | undefined;
  private cached: McpOAuthState | undefined;

  constructor(private readonly o: AtomOAuthProviderOptions) {}

  private async read(): Promise<McpOAuthState> {
    this.cached ??= await this.o.store.oauthState(this.o.server.workspaceId, this.o.server.id);
    return this.cached;
  }

  private async write(change: (s: McpOAuthState) => McpOAuthState): Promise<void> {
    await this.o.store.updateOAuthState(this.o.server.workspaceId, this.o.server.id, (s) => {
      this.cached = change(s);
      return this.cached;
    });
  }

  get redirectUrl(): string {
    return `${this.o.publicUrl}${MCP_OAUTH_CALLBACK_PATH}`;
  }

  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'Atom', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }

  async state(): Promise<string> {
    // The server id travels in the state so the one callback knows which server answers; the random part binds it.
    const state = `${this.o.server.id}.${randomBytes(16).toString('base64url')}`;
    await this.write((s) => ({ ...s, state }));
    return state;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const s = await this.read();
    const registered = s.clientInformation?.['redirect_uris'];
    // An admin starting over from another public URL than the registration's: register again (refreshing needs no redirect URI).
    const stale = this.o.interactive && Array.isArray(registered) && !registered.includes(this.redirectUrl);
    if (s.clientInformation && !stale) return s.clientInformation as OAuthClientInformationMixed;
    // A client registered by hand at the server's authorization server.
    if (s.clientId) return { client_id: s.clientId, ...(s.clientSecret ? { client_secret: s.clientSecret } : {}) };
    return undefined;
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    await this.write((s) => ({ ...s, clientInformation: { ...info } }));
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    return (await this.read()).tokens as OAuthTokens | undefined;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.write((s) => ({ ...s, tokens: { ...tokens } }));
  }

  redirectToAuthorization(url: URL): void {
    if (!this.o.interactive) throw oauthRequired(this.o.server);
    this.authorizationUrl = url;
  }

  async saveCodeVerifier(codeVerifier: string): Promise<void> {
    await this.write((s) => ({ ...s, codeVerifier }));
  }

  async codeVerifier(): Promise<string> {
    const v = (await this.read()).codeVerifier;
    if (!v) throw new AppError('mcp.client.oauth_no_verifier', 'No authorization is in progress for this MCP server; start it again.', { status: 409 });
    return v;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    await this.write((s) => ({ ...s, discovery: { ...state } }));
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.read()).discovery as OAuthDiscoveryState | undefined;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    await this.write((s) => {
      const next = { ...s };
      if (scope === 'all' || scope === 'client') delete next.clientInformation;
      if (scope === 'all' || scope === 'tokens') delete next.tokens;
      if (scope === 'all' || scope === 'verifier') delete next.codeVerifier;
      if (scope === 'all' || scope === 'discovery') delete next.discovery;
      return next;
    });
  }
}
