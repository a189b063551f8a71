import { aiRoutes, chatRoutes, conversationRoutes, searchMemoryFromChat, workflowDrafter, workflowFromTextRoutes, workflowsForChat } from './ai/index.js';
import { auditRoutes } from './audit/index.js';
import { commentsRoutes } from './comments/index.js';
import { collabRoutes } from './collab/index.js';
import { authRoutes, createAuthenticator, oauthServerRoutes, oncePerRequest, registerRequestGuards } from './auth/index.js';
import { integrationsRoutes, onConnectionHealthChanged } from './integrations/index.js';
import { createMemory, integrationSourceAccess, memoryDocumentReadable, memoryRoutes, startMemoryInServe, type MemoryRoutesOptions } from './memory/index.js';
import { mcpRoutes, mcpServerRoutes } from './mcp/index.js';
import { notificationsRoutes } from './notifications/index.js';
import { healthRoutes } from './platform/health/routes.js';
import { createHttpServer, installNotFound, registerWebApp, type HttpServer, type HttpServerOptions } from './platform/http/index.js';
import type { AppContext } from './platform/index.js';
import { recommendationsRoutes } from './recommendations/index.js';
import { realtimeRoutes } from './realtime/index.js';
import { retentionRoutes } from './retention/index.js';
import { analyticsRoutes } from './analytics/index.js';
import { systemRoutes } from './system/index.js';
import { telemetryRoutes } from './telemetry/index.js';
import { createVault } from './vault/index.js';
import { voiceRoutes } from './voice/index.js';
import { workflowDesk, workflowsRoutes } from './workflows/index.js';
import { installModules } from './modules.js';

/**
 * The whole HTTP app: the platform server, then each domain's routes in order, then the web app.
 * This file only lists plugins; each domain owns its routes.
 */
export interface BuildAppOptions extends HttpServerOptions {
  /** Extra route plugins registered after the domains' (tests use this for probe routes). */
  extraPlugins?: ((app: HttpServer, ctx: AppContext) => Promise<void> | void)[];
  /**
   * Memory wiring: a shared memory instance, the source access-token provider; `background` runs memory's
   * background work and embedded-mode syncs in this process (`atom serve` sets it).
   */
  memory?: Partial<MemoryRoutesOptions> & { background?: boolean };
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}) {
  // Loads the vault keys first: a bad ATOM_VAULT_KEYS stops the start; the key file is made on first start.
  createVault(ctx);
  // One memory for the memory API, the chat agent's document search and the memory.search workflow action.
  const memory = options.memory?.memory ?? (await createMemory(ctx));
  if (!options.memory?.memory) ctx.lifecycle.onShutdown('memory', () => memory.close());
  // Each domain's registrations (workflow actions, retention classes), from the one list `atom worker` installs too.
  installModules(ctx, { memory });
  // Real sign-in by default; tests may inject another authenticator. Resolved once per request.
  const authenticator = oncePerRequest(options.authenticator ?? createAuthenticator(ctx));
  const app = await createHttpServer(ctx, { ...options, authenticator });
  await registerRequestGuards(app, ctx, authenticator);
  await app.register(healthRoutes(ctx));
  await app.register(telemetryRoutes(ctx), { prefix: '/api/telemetry' });
  await app.register(systemRoutes(ctx), { prefix: '/api/system' });
  await app.register(analyticsRoutes(ctx), { prefix: '/api/analytics' });
  await app.register(authRoutes(ctx), { prefix: '/api' });
  await app.register(auditRoutes(ctx), { prefix: '/api/audit' });
  await app.register(retentionRoutes(ctx), { prefix: '/api/retention' });
  await app.register(integrationsRoutes(ctx));
  await app.register(aiRoutes(ctx), { prefix: '/api/ai' });
  await app.register(conversationRoutes(ctx), { prefix: '/api/conversations' });
  await app.register(chatRoutes(ctx, { authenticator: options.authenticator ?? createAuthenticator(ctx) }), { prefix: '/api/chat' });
  await app.register(workflowFromTextRoutes(ctx), { prefix: '/api/workflows' });
  await app.register(voiceRoutes(ctx, { authenticator: options.authenticator ?? createAuthenticator(ctx) }), { prefix: '/api/voice' });
  searchMemoryFromChat(ctx, memory);
  workflowsForChat(ctx, workflowDesk(ctx));
  // Drive / OneDrive sources sync with the OAuth tokens of the user's integrations connections.
  const sources = integrationSourceAccess(ctx);
  const { background: memoryBackground, ...memoryOptions } = options.memory ?? {};
  const memoryAccess = { accessToken: sources.accessToken, linkSource: sources.link, ...memoryOptions, memory };
  if (memoryBackground) startMemoryInServe(ctx, memoryAccess);
  await app.register(memoryRoutes(ctx, memoryAccess), { prefix: '/api/memory' });
  await app.register(workflowsRoutes(ctx), { prefix: '/api' });
  // Live events and presence; an open stream re-checks its caller with the plain (uncached) authenticator.
  await app.register(realtimeRoutes(ctx, { authenticator: options.authenticator ?? createAuthenticator(ctx), documentReadable: memoryDocumentReadable(memory), feeds: { onConnectionHealthChanged } }), { prefix: '/api' });
  await app.register(commentsRoutes(ctx), { prefix: '/api' });
  await app.register(notificationsRoutes(ctx), { prefix: '/api/notifications' });
  await app.register(recommendationsRoutes(ctx), { prefix: '/api/recommendations' });
  await app.register(collabRoutes(ctx, { authenticator: options.authenticator ?? createAuthenticator(ctx) }), { prefix: '/api/workflows' });
  // Atom as an MCP server: /mcp and its protected-resource metadata, each tool call as the token's owner.
  await app.register(mcpRoutes(ctx, { memory, drafter: workflowDrafter(ctx) }));
  // Atom as the OAuth authorization server of /mcp (metadata, registration, authorize, token, revoke).
  await app.register(oauthServerRoutes(ctx));
  // Atom as an MCP client: external servers an admin registers.
  await app.register(mcpServerRoutes(ctx), { prefix: '/api/mcp-servers' });
  for (const plugin of options.extraPlugins ?? []) await plugin(app, ctx);
  const spa = await registerWebApp(app, ctx);
  installNotFound(app, spa);
  await app.ready();
  return app;
}

export type AtomApp = Awaited<ReturnType<typeof buildApp>>;
