export { createHttpServer, installNotFound, type HttpServer, type HttpServerOptions, type RouteEntry } from './server.js';
export { requirePrincipal, type Authenticator, type Principal, type VerifiedAccount } from './principal.js';
export { registerWebApp, webDistDir } from './web-app.js';
export { isPageLoad } from './web-paths.js';
export { makeProblem, problemSchema, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
export type { RoutePermission } from './route-config.js';
export { serveWorkerMetrics, type MetricsListener } from './metrics-listener.js';
