import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor, recordAudit } from '../audit/index.js';
import { userRepository } from '../auth/index.js';
import { can } from '../platform/access/index.js';
import { requirePrincipal, type Authenticator, type Principal } from '../platform/http/index.js';
import { AppError, errors, type AppContext } from '../platform/index.js';
import { concernsMember, onAccessChange } from '../realtime/index.js';
import { onWorkflowRemoved, workflowDefinitionSchema, workflowRuntime } from '../workflows/index.js';
import { createCollabStore } from './collab-doc-repository.js';
import { createCollabHub, type Peer } from './hub.js';
import { toDefinition } from './model.js';
import { localRelay, redisRelay, type CollabRelay } from './relay.js';

/** Upgrades this plugin owns: `/api/workflows/:id/collab`. */
const collabPath = /^\/api\/workflows\/[^/]+\/collab$/;
const idParams = z.object({ id: z.string().min(1).max(100) });
const person = z.object({ id: z.string(), name: z.string() });

/**
 * Co-editing of workflow drafts, under /api/workflows: the Yjs WebSocket (`GET /:id/collab`), the
 * document's state and authors, and saving the document as a new version.
 */
// A deleted workflow's draft and co-author records go with it (registered once however many apps are built).
const forgetDraft = (ctx: AppContext, removed: { workflowId: string }) => createCollabStore(ctx.db).forget(removed.workflowId);

export interface CollabRoutesOptions {
  /** The request authenticator (not the once-per-request one): an open socket re-checks its holder with it. */
  authenticator: Authenticator;
  /** An open socket re-checks its holder this often even without an announced access change. */
  recheckMs?: number;
}

/** What the policy lets a member do to a workflow's co-edited draft now: nothing, read, or edit. */
const draftAccess = (p: Principal): 'none' | 'read' | 'edit' => {
  const doc = { kind: 'collab_doc' as const, workspaceId: p.workspaceId };
  if (!can(p, 'read', doc).allowed) return 'none';
  return can(p, 'edit', doc).allowed ? 'edit' : 'read';
};

/** Close code of a socket whose holder's access changed (4000-4999: the application's own). */
const ACCESS_CHANGED_CLOSE = 4403;

export function collabRoutes(ctx: AppContext, options: CollabRoutesOptions): FastifyPluginAsyncZod {
  onWorkflowRemoved(ctx, forgetDraft);
  return async (app) => {
    const store = createCollabStore(ctx.db);
    const workflows = () => workflowRuntime(ctx).engine.workflows;
    let relay: CollabRelay = localRelay();
    const hub = createCollabHub({
      store,
      logger: ctx.logger,
      relay: { publish: (id, m) => relay.publish(id, m), join: (id) => relay.join(id), leave: (id) => relay.leave(id), close: () => relay.close() },
      latestVersion: async (workspaceId, workflowId) => {
        const wf = await workflows().get(workspaceId, workflowId);
        const v = await workflows().getVersion(workspaceId, workflowId, wf.latestVersion);
        return { version: v.version, definition: v.definition };
      },
    });
    if (ctx.redis) relay = redisRelay(ctx.redis, { prefix: ctx.config.ATOM_JOBS_PREFIX, logger: ctx.logger, onMessage: (id, m) => hub.receive(id, m) });
    ctx.lifecycle.onShutdown('collab', async () => {
      await hub.flush();
      await relay.close();
    });

    // Open sockets, each with how to re-check its holder. A removed member's socket closes; one who may
    // no longer edit stops being heard at once and is closed so the editor reconnects read-only.
    const sockets = new Set<{ workspaceId: string; userId: string; recheck(): Promise<void> }>();
    const stopListening = onAccessChange(ctx, (event) => {
      for (const s of sockets) if (concernsMember(event, s)) void s.recheck();
    });
    const backstop = setInterval(() => {
      for (const s of sockets) void s.recheck();
    }, options.recheckMs ?? 30_000);
    backstop.unref();
    app.addHook('onClose', async () => {
      stopListening();
      clearInterval(backstop);
    });

    const names = async (ids: string[]) => {
      if (ids.length === 0) return [];
      const byId = await userRepository(ctx.db).namesByIds(ids);
      return ids.map((id) => ({ id, name: byId.get(id) ?? 'someone' }));
    };

    // The WebSocket plugin lives in this scope only: its hooks and the upgrade handling apply to the
    // collab socket, not to the rest of the API.
    await app.register(async (scope) => {
      // The plugin answers every upgrade on the server it listens to, which would break other sockets
      // (the voice relay's /api/voice/live). It listens to a private emitter that only gets collab paths.
      const collabUpgrades = new EventEmitter();
      app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (collabPath.test(new URL(req.url ?? '/', 'http://atom').pathname)) collabUpgrades.emit('upgrade', req, socket, head);
      });
      await scope.register(websocket, { options: { maxPayload: 4 * 1024 * 1024, server: collabUpgrades as unknown as Server } });
      scope.get(
        '/:id/collab',
        {
          websocket: true,
          config: { permission: 'workflows:read' },
          // A WebSocket has no OpenAPI form (the plugin hides it too, but after the route table saw it).
          schema: { hide: true, params: idParams },
          preHandler: async (request) => {
            assertSameSite(ctx, request);
            const p = requirePrincipal(request);
            await workflows().get(p.workspaceId, (request.params as z.infer<typeof idParams>).id);
            if (draftAccess(p) === 'none') throw errors.forbidden('Your role does not allow reading this workflow.', 'collab.forbidden');
          },
        },
        async (socket, request) => {
          const p = requirePrincipal(request);
          const { id } = request.params as z.infer<typeof idParams>;
          // Listen at once: the client's first messages may arrive while the name is looked up.
          const early: Buffer[] = [];
          const hold = (data: Buffer) => early.push(data);
          socket.on('message', hold);
          const [me] = await names([p.userId]);
          const peer: Peer = {
            userId: p.userId,
            userName: me?.name ?? 'someone',
            canWrite: draftAccess(p) === 'edit',
            send: (data) => {
              if (socket.readyState === socket.OPEN) socket.send(data);
            },
            close: (code, reason) => socket.close(code, reason),
          };
          const conn = hub.connect(p.workspaceId, id, peer);
          const held = {
            workspaceId: p.workspaceId,
            userId: p.userId,
            recheck: async () => {
              const now = await options.authenticator(request).catch(() => undefined);
              const access = now && now.workspaceId === p.workspaceId && now.userId === p.userId ? draftAccess(now) : 'none';
              // Still allowed what the socket allows (promotions wait for the next connect).
              if (access === 'edit' || (access === 'read' && !peer.canWrite)) return;
              // Not one more change from someone who may no longer make it.
              peer.canWrite = false;
              sockets.delete(held);
              socket.close(ACCESS_CHANGED_CLOSE, 'access changed');
            },
          };
          sockets.add(held);
          const receive = (data: Buffer) => conn.message(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
          socket.off('message', hold);
          for (const data of early) receive(data);
          socket.on('message', receive);
          socket.on('close', () => {
            sockets.delete(held);
            conn.close();
          });
          if (socket.readyState !== socket.OPEN) {
            sockets.delete(held);
            conn.close();
          }
        },
      );
    });

    app.get(
      '/:id/collab/state',
      { config: { permission: 'workflows:read' }, schema: { tags: ['workflows'], summary: 'The co-edited draft: the definition it describes, the version it started from, who edited since, and the co-authors of earlier versions.', params: idParams, response: { 200: z.object({ definition: z.unknown(), baseVersion: z.number(), editors: z.array(person), versions: z.array(z.object({ version: z.number(), authors: z.array(person) })) }) } } },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const id = request.params.id;
        // Checked here, not only when a room opens: a room another workspace's user could name is never reused.
        await workflows().get(workspaceId, id);
        const definition = await hub.withDocument(workspaceId, id, async (doc, flush) => {
          await flush();
          return toDefinition(doc);
        });
        const stored = await store.load(id);
        const versions = await store.versionAuthors(id);
        return { definition, baseVersion: stored.baseVersion, editors: await names(stored.authors), versions: await Promise.all(versions.map(async (v) => ({ version: v.version, authors: await names(v.authors) }))) };
      },
    );

    app.post(
      '/:id/collab/save',
      { config: { permission: 'workflows:write' }, schema: { tags: ['workflows'], summary: 'Saves the co-edited draft as one new version, recording everyone who edited it since the last version.', params: idParams, body: z.object({ message: z.string().min(1).max(500) }), response: { 201: z.object({ version: z.number(), author: z.string(), message: z.string(), createdAt: z.string(), authors: z.array(person) }) } } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const id = request.params.id;
        await workflows().get(p.workspaceId, id);
        const saved = await hub.withDocument(p.workspaceId, id, async (doc, flush) => {
          await flush();
          const parsed = workflowDefinitionSchema.safeParse(toDefinition(doc));
          if (!parsed.success) {
            throw errors.badRequest('The draft is not a valid workflow yet.', parsed.error.issues.map((i) => ({ field: ['definition', ...i.path.map(String)].join('.'), message: i.message })), 'collab.draft_invalid');
          }
          const editors = (await store.load(id)).authors;
          const authors = editors.length ? editors : [p.userId];
          const v = await workflows().saveVersion(p.workspaceId, id, { definition: parsed.data, author: p.userId, message: request.body.message });
          await store.recordVersion(id, v.version, authors);
          return { v, authors };
        });
        try {
          await recordAudit(ctx.db, { ...auditActor(request), action: 'workflow.updated', outcome: 'success', target: { type: 'workflow', id }, details: { version: saved.v.version, message: saved.v.message, authors: saved.authors, via: 'collab' } });
        } catch (err) {
          ctx.logger.error({ err }, 'could not record the audit entry');
        }
        return reply.code(201).send({ version: saved.v.version, author: saved.v.author, message: saved.v.message, createdAt: saved.v.createdAt, authors: await names(saved.authors) });
      },
    );
  };
}

// Browsers send cookies with cross-site WebSocket handshakes and CORS does not apply to them, so the
// socket checks the Origin itself (cross-site WebSocket hijacking).
function assertSameSite(ctx: AppContext, request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return;
  const allowed = new Set(ctx.config.ATOM_CORS_ORIGINS);
  if (ctx.config.ATOM_PUBLIC_URL) allowed.add(new URL(ctx.config.ATOM_PUBLIC_URL).origin);
  let sameHost = false;
  try {
    sameHost = new URL(origin).host === request.host;
  } catch {
    sameHost = false;
  }
  if (!allowed.has(origin) && !sameHost) throw new AppError('auth.cross_origin', 'Requests from other sites are not accepted.', { status: 403 });
}
