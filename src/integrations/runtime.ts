import { perContext, type AppContext } from '../platform/index.js';
import { createVault, type Vault } from '../vault/index.js';
import { createHttpRuntime, type HttpRuntime } from './http/index.js';
import { loadIntegrationSettings, type IntegrationSettings } from './settings.js';

/**
 * What the integrations domain shares within one app: settings (OAuth apps and overrides), the HTTP
 * runtime (limiters, breakers, cache, metrics) and the vault. One per AppContext.
 */
export interface IntegrationRuntime {
  settings: IntegrationSettings;
  http: HttpRuntime;
  vault: Vault;
}

export const integrationRuntime = perContext(
  (ctx: AppContext): IntegrationRuntime => ({
    settings: loadIntegrationSettings(ctx.config),
    http: createHttpRuntime({ registry: ctx.metrics.registry }),
    vault: createVault(ctx),
  }),
);
