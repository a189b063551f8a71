import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from 'helmet';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { assertMayCallRoute } from '../access/index.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/index.js';
import { newId } from '../ids/index.js';
import { dbPriorities } from '../db/pool-priority.js';
import { createRequestScope, withinRequestScope } from '../request-scope.js';
import { dbPriorityOfClass, defaultAdmissionLimits, admissionHooks } from './admission.js';
import { handleError } from './error-handler.js';
import { makeProblem, PROBLEM_CONTENT_TYPE } from './problem.js';
import type { Authenticator } from './principal.js';
import './route-config.js';
import { isStaticFile } from './web-paths.js';

export interface RouteEntry {
  method: string;
  url: string;
  permission: string | undefined;
  /** Admission class (src/platform/http/admission.ts), when admission is on. */
  admission: string | undefined;
  /** Infrastructure routes (docs UI, static files) are hidden from the OpenAPI document. */
  hidden: boolean;
  /** The status codes (or ranges such as `2xx`) its `schema.response` declares; empty when it has none. */
  responses: string[];
  /** Every key of its `schema`, so a test can catch a misspelt one (Fastify ignores unknown keys). */
  schemaKeys: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The Fastify instance with everything cross-cutting: zod validation and serialization, OpenAPI,
 * problem+json errors, request ids, access logs, metrics, security headers and CORS.
 * Domains register their routes on it as plugins (each module of src/modules.ts names its own; src/app.ts registers them).
 */
/** How API callers authenticate, for the OpenAPI document (and the Authorize button on /docs). */
const apiSecuritySchemes = {
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token from Settings → API tokens, sent as `Authorization: Bearer <token>`. Acts with the rights of its creator, narrowed to its scopes.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'atom_session',
    description: 'The web app\'s signed-in session cookie. State-changing requests with it also need `x-csrf-token` from GET /api/auth/csrf.',
  },
} as const;

// The API reference page (Swagger UI) only: its React code sets inline styles, so style-src needs
// 'unsafe-inline' there. Scripts stay 'self' only, nothing loads from other origins, and — like the app's
// own policy — no upgrade-insecure-requests, which would break /openapi.json on a plain-http deployment.
const docsCsp =
  "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; " +
  "script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; connect-src 'self'; form-action 'self'";

export interface HttpServerOptions {
  /** Resolves the caller; without one, every non-public route answers 401. The auth domain provides it. */
  authenticator?: Authenticator;
}

export async function createHttpServer(ctx: AppContext, options: HttpServerOptions = {}) {
  const { config } = ctx;
  const helmetOptions = {
    contentSecurityPolicy: {
      directives: {
        // The web app is fully bundled; nothing is loaded from other origins.
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'"],
        'connect-src': ["'self'"],
        'worker-src': ["'self'"],
        'manifest-src': ["'self'"],
        'media-src': ["'self'", 'blob:'],
        'upgrade-insecure-requests': null,
      },
    },
    strictTransportSecurity: config.ATOM_PUBLIC_URL?.startsWith('https://') ?? false,
    crossOriginEmbedderPolicy: false,
  };
  // Router rejections are answered before any hook runs, so they get the same headers from here.
  const securityHeaders = helmet(helmetOptions);
  const app = Fastify({
    loggerInstance: ctx.logger,
    // One access-log line per request comes from the onResponse hook below instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.ATOM_BODY_LIMIT_BYTES,
    trustProxy: config.ATOM_TRUST_PROXY,
    requestTimeout: config.ATOM_REQUEST_TIMEOUT_MS,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : newId();
    },
    ajv: { customOptions: { removeAdditional: false } },
    // The router's own rejections (undecodable path, over-long parameter) are problem+json like the rest.
    frameworkErrors: (error, request, reply) => {
      securityHeaders(request.raw, reply.raw, () => undefined);
      void reply.header('x-request-id', request.id);
      return handleError(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();

  // Per-class admission (on by default; src/platform/http/admission.ts): every route gets its class when
  // registered (before the route table records it).
  // Open connections, for admission's busy gate (keep-alive clients hold theirs between requests).
  let openConnections = 0;
  const admission = config.ATOM_HTTP_ADMISSION
    ? admissionHooks({ ...defaultAdmissionLimits, ...config.ATOM_HTTP_ADMISSION_LIMITS }, config.ATOM_METRICS ? ctx.metrics.registry : undefined, {
        connections: config.ATOM_HTTP_ADMISSION_BUSY_CONNECTIONS,
        requestsPerSecond: config.ATOM_HTTP_ADMISSION_BUSY_RPS,
        openConnections: () => openConnections,
      })
    : undefined;
  if (admission) {
    app.server.on('connection', (socket: Socket) => {
      openConnections++;
      socket.once('close', () => openConnections--);
    });
  }
  if (admission) app.addHook('onRoute', admission.onRoute);
  // Each request runs in its own scope (src/platform/request-scope.ts): its turn at the database pool,
  // from its admission class, and reads it may share within itself. This hook comes first, so
  // authentication in later hooks already runs inside it; Fastify keeps the async context while it reads
  // a body (admission.test.ts sends one in pieces to check).
  app.addHook('onRequest', (request, _reply, done) => {
    const cls = request.routeOptions.config?.admission;
    withinRequestScope(createRequestScope(cls && cls !== 'exempt' ? dbPriorityOfClass[cls] : dbPriorities.normal), done);
  });

  // Every route as registered, for the OpenAPI coverage and authorization matrix tests.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({
        method,
        url: route.url,
        permission: route.config?.permission,
        admission: route.config?.admission,
        hidden: (route.schema as { hide?: boolean } | undefined)?.hide === true,
        responses: Object.keys((route.schema as { response?: object } | undefined)?.response ?? {}),
        schemaKeys: Object.keys(route.schema ?? {}),
      });
    }
  });

  // The one permission hook, deny by default: a route must declare `config.permission`; anything but
  // 'public' needs a caller, and a named permission must be in the caller's role (platform/access decides).
  // It runs before body validation, so an anonymous caller learns nothing about a route's schema.
  app.decorateRequest('principal', undefined);
  app.addHook('preValidation', async (request) => {
    const hidden = (request.routeOptions.schema as { hide?: boolean } | undefined)?.hide === true;
    // Hidden routes are infrastructure (API docs UI, static web assets): public content by nature.
    const permission = request.routeOptions.config?.permission ?? (hidden ? 'public' : undefined);
    if (permission === 'public' && !options.authenticator) return;
    request.principal = options.authenticator ? await options.authenticator(request) : undefined;
    if (!request.routeOptions.url) return; // 404 handler: nothing to protect
    assertMayCallRoute(permission, request.principal);
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  // Overload guard (off unless ATOM_HTTP_MAX_IN_FLIGHT is set): past that many API requests in progress,
  // a new one is answered 429 + Retry-After at once. Without it, a thousand clients queue for the
  // database pool first in, first out; every request waits longer than its client's timeout, and the
  // server keeps working for clients that have left (see docs/reliability.md, Load).
  const maxInFlight = config.ATOM_HTTP_MAX_IN_FLIGHT;
  if (maxInFlight > 0) {
    let inFlight = 0;
    const admitted = new WeakSet<object>();
    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      if (inFlight >= maxInFlight) throw new AppError('http.overloaded', 'The server is busy; try again in a moment.', { status: 429, extensions: { retryAfter: 1 } });
      inFlight++;
      admitted.add(request);
    });
    const done = async (request: FastifyRequest) => {
      if (admitted.delete(request)) inFlight--;
    };
    app.addHook('onResponse', done);
    app.addHook('onRequestAbort', done);
  }

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Per-class admission: after the request id, so 429s carry it.
  if (admission) {
    app.addHook('onRequest', admission.onRequest);
    app.addHook('onResponse', admission.done);
    app.addHook('onRequestAbort', admission.done);
    app.addHook('onClose', async () => admission.close());
  }

  // While draining, answers close their connection, so keep-alive clients cannot hold shutdown open.
  app.addHook('onSend', async (_request, reply) => {
    if (ctx.lifecycle.shuttingDown) void reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const durationMs = reply.elapsedTime;
    if (config.ATOM_METRICS) {
      ctx.metrics.httpRequestDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        durationMs / 1000,
      );
    }
    // The route template, never the raw URL: paths and query strings can carry secrets (webhook tokens,
    // OAuth codes). Unmatched requests log their path without the query.
    const path = request.routeOptions.url ? undefined : request.url.split('?')[0];
    const level = reply.statusCode < 400 && isStaticFile(request.url) ? 'debug' : 'info';
    request.log[level](
      { method: request.method, route, ...(path ? { path } : {}), status: reply.statusCode, durationMs: Math.round(durationMs * 10) / 10 },
      'request finished',
    );
  });

  // Security headers from the one helmet middleware built above. (@fastify/helmet rebuilt the middleware,
  // parsing the whole CSP again, on every request: about 2 % of the server's CPU under load.)
  app.addHook('onRequest', (request, reply, next) => securityHeaders(request.raw, reply.raw, () => next()));
  await app.register(cors, {
    origin: config.ATOM_CORS_ORIGINS.length > 0 ? config.ATOM_CORS_ORIGINS : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Atom API',
        version: '0.1.0',
        description:
          'Self-hosted AI automation assistant. Errors are RFC 9457 application/problem+json documents.',
      },
      servers: config.ATOM_PUBLIC_URL ? [{ url: config.ATOM_PUBLIC_URL }] : [],
      components: { securitySchemes: apiSecuritySchemes },
      // Either credential works on any non-public route; public routes say `security: []` (below).
      security: [{ apiToken: [] }, { session: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      return input.route.config?.permission === 'public' ? { ...out, schema: { ...out.schema, security: [] } } : out;
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: docsCsp, uiConfig: { url: '/openapi.json', persistAuthorization: false } });
  app.get('/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, async () => app.swagger());

  return app;
}

export type HttpServer = Awaited<ReturnType<typeof createHttpServer>>;

/** 404s are problem+json, except page loads of the web app's client routes, which get the app. */
export function installNotFound(app: HttpServer, spa?: { isPageLoad: (url: string) => boolean; send: (reply: FastifyReply) => unknown }) {
  app.setNotFoundHandler(async (request, reply) => {
    if (spa && (request.method === 'GET' || request.method === 'HEAD') && spa.isPageLoad(request.url)) {
      return spa.send(reply);
    }
    return reply
      .code(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        makeProblem({
          status: 404,
          code: 'http.not_found',
          detail: `There is no ${request.method} ${request.url.split('?')[0]} here.`,
          instance: request.url,
          requestId: request.id,
        }),
      );
  });
}
