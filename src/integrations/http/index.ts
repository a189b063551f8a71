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
  type IntegrationErrorCode,
} from './errors.js';
export { parseRetryAfter } from './retry-after.js';
export { createResponseCache, type ResponseCache } from './cache.js';
export { createServiceLimiter, createRateGate, defaultServiceLimits, type ServiceLimits, type ServiceLimiter } from './limits.js';
export { createHttpRuntime, integrationMetrics, type HttpRuntime, type BreakerSettings } from './runtime.js';
export {
  paginate,
  collect,
  cursorInQuery,
  cursorInBody,
  pageToken,
  linkHeaderNext,
  odataNextLink,
  parseLinkHeader,
  type NextPage,
} from './pagination.js';
