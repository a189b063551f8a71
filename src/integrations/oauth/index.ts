export { createOAuthEngine, type OAuthEngine, type StartInput, type CallbackInput } from './engine.js';
export { providerQuirks, quirksFor, type ProviderQuirks } from './providers.js';
export { createPkce } from './pkce.js';
export { oauthEngine } from './shared.js';
