/**
 * Outbound HTTP: every call Atom makes to another server (integrations, memory sources, embeddings, model
 * providers, the workflow HTTP step) goes through this toolkit: the SSRF guard (ATOM_SSRF_ALLOW, DNS
 * pinning, every redirect hop checked), one retry loop (backoff, Retry-After, time budget), the circuit
 * breaker and limits, coded errors and the call metrics.
 */
export {
  createServiceClient,
  buildUrl,
  defaultRetrySettings,
  type CallOutcome,
  type Credentials,
  type FaultReader,
  type FetchLike,
  type HttpMethod,
  type QueryValue,
  type ProviderFault,
  type RetrySettings,
  type ServiceClient,
  type ServiceClientOptions,
  type ServiceRequest,
  type ServiceResponse,
} from './client.js';
export {
  integrationError,
  integrationErrorCodes,
  isRetryable,
  codeForStatus,
  retryAfterMsOf,
  appErrorInside,
  type IntegrationErrorCode,
  type IntegrationErrorDetails,
} from './errors.js';
export { parseRetryAfter } from './retry-after.js';
export { withRetries, backoffDelayMs, defaultRetryPolicy, type RetryPolicy, type RetryHooks } from './retry.js';
export { createResponseCache, type ResponseCache } from './cache.js';
export { createServiceLimiter, createRateGate, defaultServiceLimits, sleep, type ServiceLimits, type ServiceLimiter } from './limits.js';
export { createHttpRuntime, createBreaker, integrationMetrics, type HttpRuntime, type BreakerSettings, type IntegrationMetrics } from './runtime.js';
export { assertUrlAllowed, createGuardedFetch, guardedLookup, isInternalAddress, type SsrfPolicy } from './ssrf.js';
export { appGuardedFetch, guardedGlobalFetch, blockedAddressError } from './global-fetch.js';
export { describeNetworkFailure } from './network-failure.js';
