export { aiRoutes } from './routes.js';
export { aiServices, type AiServices } from './assistant.js';
export { providers, providerIds, parseModelRef, type ProviderId, type ModelRef } from './providers/catalog.js';
export { maskSecret } from './keys/key-store.js';
