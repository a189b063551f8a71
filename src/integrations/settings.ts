import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AtomConfig } from '../platform/index.js';
import { findService, type ServiceEntry } from './catalog/index.js';

const overrideSchema = z.object({
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  authorizeUrl: z.url().optional(),
  tokenUrl: z.url().optional(),
  revokeUrl: z.url().optional(),
  apiBaseUrl: z.url().optional(),
  scopes: z.array(z.string()).optional(),
});
const settingsSchema = z.record(z.string(), overrideSchema);

export type ServiceOverride = z.infer<typeof overrideSchema>;

/** A service as Atom will actually call it: catalog defaults with the admin's overrides applied. */
export interface ResolvedService {
  entry: ServiceEntry;
  /** Quirks set of the OAuth engine (`google`, `slack`, ...), or `generic`. */
  provider: string;
  apiBaseUrl: string;
  oauth:
    | {
        authorizeUrl: string;
        tokenUrl: string;
        revokeUrl: string | undefined;
        scopes: string[];
        /** Added to `scopes` when a connection is made with write access (empty: the service has no such choice). */
        writeScopes: string[];
        clientId: string | undefined;
        clientSecret: string | undefined;
      }
    | undefined;
}

/** A workspace's own OAuth app (registered in the web app, see oauth/apps.ts). */
export interface WorkspaceOAuthApp {
  clientId: string;
  clientSecret: string;
}

/** Which OAuth app a service uses: its provider's (`google` covers Gmail, Drive, ...) or its own. */
export function oauthAppKeyOf(entry: ServiceEntry): string | undefined {
  if (entry.auth.kind !== 'oauth2') return undefined;
  return entry.auth.provider && entry.auth.provider !== 'generic' ? entry.auth.provider : entry.id;
}

export interface IntegrationSettings {
  /**
   * The service with the operator's overrides applied. `app` is the workspace's own OAuth app: it is used
   * only when the environment (ATOM_INTEGRATIONS / ATOM_INTEGRATIONS_FILE) sets no client id for the
   * service or its provider — the environment wins, because it is the instance operator's configuration.
   */
  resolve(serviceId: string, app?: WorkspaceOAuthApp): ResolvedService | undefined;
  /** True when Atom can create a connection now (OAuth app configured, or key/basic/none auth). */
  isConnectable(entry: ServiceEntry, app?: WorkspaceOAuthApp): boolean;
  /** True when the environment sets the client id of this OAuth app key (then the web app cannot change it). */
  appFromEnvironment(appKey: string): boolean;
}

/** Reads ATOM_INTEGRATIONS_FILE then ATOM_INTEGRATIONS (the variable wins, key by key). */
export function loadIntegrationSettings(config: Pick<AtomConfig, 'ATOM_INTEGRATIONS' | 'ATOM_INTEGRATIONS_FILE'>): IntegrationSettings {
  const parse = (text: string, where: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`config error: ${where} is not valid JSON`);
    }
    const r = settingsSchema.safeParse(json);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new Error(`config error: ${where} ${i?.path.join('.')} ${i?.message}`);
    }
    return r.data;
  };
  const fromFile = config.ATOM_INTEGRATIONS_FILE ? parse(readFileSync(config.ATOM_INTEGRATIONS_FILE, 'utf8'), 'ATOM_INTEGRATIONS_FILE') : {};
  const fromEnv = config.ATOM_INTEGRATIONS ? parse(config.ATOM_INTEGRATIONS, 'ATOM_INTEGRATIONS') : {};
  const merged: Record<string, ServiceOverride> = { ...fromFile };
  for (const [k, v] of Object.entries(fromEnv)) merged[k] = { ...merged[k], ...v };

  const resolve = (serviceId: string, app?: WorkspaceOAuthApp): ResolvedService | undefined => {
    const entry = findService(serviceId);
    if (!entry) return undefined;
    const provider = entry.auth.kind === 'oauth2' ? (entry.auth.provider ?? 'generic') : 'generic';
    const o: ServiceOverride = { ...(provider !== 'generic' ? merged[provider] : {}), ...merged[entry.id] };
    return {
      entry,
      provider,
      apiBaseUrl: o.apiBaseUrl ?? entry.apiBaseUrl,
      oauth:
        entry.auth.kind === 'oauth2'
          ? {
              authorizeUrl: o.authorizeUrl ?? entry.auth.authorizeUrl,
              tokenUrl: o.tokenUrl ?? entry.auth.tokenUrl,
              revokeUrl: o.revokeUrl ?? entry.auth.revokeUrl,
              scopes: o.scopes ?? entry.auth.scopes,
              writeScopes: entry.auth.writeScopes ?? [],
              // The environment's app wins as a whole: its id is never paired with the workspace's secret.
              clientId: o.clientId ?? app?.clientId,
              clientSecret: o.clientId !== undefined ? o.clientSecret : app?.clientSecret,
            }
          : undefined,
    };
  };
  return {
    resolve,
    isConnectable(entry, app) {
      if (entry.auth.kind === 'oauth1') return false;
      if (entry.auth.kind !== 'oauth2') return true;
      return resolve(entry.id, app)?.oauth?.clientId !== undefined;
    },
    appFromEnvironment: (appKey) => merged[appKey]?.clientId !== undefined,
  };
}
