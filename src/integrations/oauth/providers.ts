import { AppError } from '../../platform/index.js';
import { integrations } from '../registry.js';
import { generic, type ProviderQuirks } from './quirks.js';

export { basicAuth, form, formHeaders, type PlannedRequest, type ProviderQuirks, type RevokeRequest } from './quirks.js';

/**
 * Provider quirks by provider id (a catalog entry's `auth.provider`): the standard behaviour, plus what the
 * registry's services declare for their provider (src/integrations/<service>/oauth.ts; Google's and Microsoft's
 * services share src/integrations/google/oauth.ts and microsoft/oauth.ts).
 */
export const providerQuirks: Record<string, ProviderQuirks> = Object.fromEntries([['generic', generic], ...integrations.flatMap((i) => (i.oauth ? [[i.oauth.id, i.oauth] as const] : []))]);

export function quirksFor(provider: string): ProviderQuirks {
  return providerQuirks[provider] ?? generic;
}

export const providerError = (message: string) => new AppError('integrations.oauth.provider', message, { status: 424 });
