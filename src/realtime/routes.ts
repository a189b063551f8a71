import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, type AppContext } from '../platform/index.js';
import { requirePrincipal, type Authenticator, type Principal } from '../platform/http/index.js';
import { feedDomainEvents, type DomainFeedSources } from './feeds.js';
import { createPresence, presenceStateSchema, presenceTargetSchema, tabIdSchema, type DocumentReadable } from './presence.js';
import { presenceListSchema } from '../shared/realtime.js';
import { realtimeMetrics } from './metrics.js';
import { eventBus } from './publish.js';
import { openEventStream, type EventStream } from './stream.js';
import type { Subscriber } from './visibility.js';

export interface RealtimeRoutesOptions {
  /** The request authenticator (not the once-per-request one): an open stream re-checks its caller with it. */
  authenticator: Authenticator;
  documentReadable?: DocumentReadable | undefined;
  /** Other domains' listener hooks whose events reach the live streams (connection health). */
  feeds?: DomainFeedSources | undefined;
  /** Comment line sent this often so proxies keep the stream open and dead peers are noticed. */
  heartbeatMs?: number;
  /** An open stream re-resolves its caller this often: a removed member or revoked session stops receiving. */
  recheckMs?: number;
}

const eventsQuery = z.object({
  lastEventId: z.coerce.number().int().min(0).optional().describe('Resume after this event id (EventSource sends the Last-Event-ID header instead).'),
  tab: tabIdSchema.optional().describe("The tab's id: when the stream closes, the tab's presence ends."),
});

const subscriberOf = (p: Principal): Subscriber => ({ userId: p.userId, workspaceId: p.workspaceId, role: p.role, permissions: p.permissions, via: p.via, scopeRole: p.scopeRole });

function parseLastEventId(header: string | string[] | undefined, query: number | undefined): number | undefined {
  if (typeof header === 'string' && header.length > 0) {
    if (!/^\d{1,15}$/.test(header)) {
      throw errors.badRequest('Last-Event-ID must be an event id this stream sent.', [{ field: 'headers.last-event-id', message: 'must be a number' }], 'realtime.invalid_last_event_id');
    }
    return Number(header);
  }
  return query;
}

/** GET /api/events (SSE), POST /api/presence and /api/presence/leave. */
export function realtimeRoutes(ctx: AppContext, options: RealtimeRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    const bus = eventBus(ctx);
    feedDomainEvents(ctx, options.feeds);
    const presence = createPresence(ctx, { documentReadable: options.documentReadable });
    const heartbeatMs = options.heartbeatMs ?? 15_000;
    const recheckMs = options.recheckMs ?? 30_000;
    const open = new Set<() => void>();
    const metrics = realtimeMetrics(ctx);

    // Streams never finish by themselves: end them before the server waits for in-flight requests.
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
    });

    app.get(
      '/events',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['realtime'],
          summary: 'Server-sent events of the workspace that the caller may see (runs, memory sync, connections, audit for admins, presence, notifications).',
          description:
            'Each event has `id` (increasing by one per workspace); reconnecting with Last-Event-ID (or ?lastEventId=) replays what was missed from a short buffer. ' +
            '`ready` opens the stream; `resync` means the buffer no longer holds what was missed, so refetch; comment lines are heartbeats.',
          querystring: eventsQuery,
          produces: ['text/event-stream'],
          response: { 200: z.string().describe('text/event-stream: `event: message`, `id: <n>`, `data: <RealtimeEvent JSON>`.') },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        if (!principal.workspaceId) throw errors.forbidden('Join or create a workspace first.', 'realtime.no_workspace');
        const lastEventId = parseLastEventId(request.headers['last-event-id'], request.query.lastEventId);
        const tab = request.query.tab;

        reply.hijack();
        const raw = reply.raw;
        // Headers set by earlier hooks (request id, helmet) still go out with the hijacked response.
        const earlier = Object.fromEntries(Object.entries(reply.getHeaders()).filter((e): e is [string, string | number | string[]] => e[1] !== undefined));
        raw.writeHead(200, {
          ...earlier,
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          // nginx and similar proxies would otherwise buffer the stream.
          'x-accel-buffering': 'no',
        });
        raw.write('retry: 2000\n\n');

        let stream: EventStream | undefined;
        let ended = false;
        const timers: NodeJS.Timeout[] = [];
        const end = () => {
          if (ended) return;
          ended = true;
          open.delete(end);
          for (const t of timers) clearInterval(t);
          stream?.close();
          if (!raw.writableEnded) raw.end();
          if (tab) void presence.leaveTab(principal.workspaceId, principal.userId, tab).catch((err: unknown) => ctx.logger.warn({ err }, 'realtime: presence leave failed'));
        };
        open.add(end);
        metrics.streams.inc();
        // The response's close: the client went away (or we ended it).
        raw.once('close', () => metrics.streams.dec());
        raw.on('close', end);
        raw.on('error', end);

        // Same rules as any request: a revoked session, a removed member or a workspace switch ends the
        // stream; otherwise it goes on with the holder's rights now.
        const recheck = async (): Promise<Subscriber | undefined> => {
          const now = await options.authenticator(request).catch(() => undefined);
          if (now && now.workspaceId === principal.workspaceId && now.userId === principal.userId) return subscriberOf(now);
          if (!ended) raw.write(`event: end\ndata: ${JSON.stringify({ reason: 'access_changed' })}\n\n`);
          end();
          return undefined;
        };
        try {
          stream = await openEventStream({
            bus,
            subscriber: subscriberOf(principal),
            lastEventId,
            logger: ctx.logger,
            // An access change announced by any process re-checks at once; the timer below is the backstop.
            recheck,
            sink: {
              send: ({ event, id, data }) => {
                if (!ended) raw.write(`event: ${event}\n${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
              },
            },
          });
        } catch (err) {
          ctx.logger.warn({ err }, 'realtime: stream could not open');
          end();
          return;
        }
        if (ended) stream.close();

        timers.push(setInterval(() => raw.write(': ping\n\n'), heartbeatMs));
        timers.push(
          setInterval(() => {
            void recheck().then((now) => {
              if (now) stream?.setSubscriber(now);
            });
          }, recheckMs),
        );
      },
    );

    const presenceBody = z.object({ resource: presenceTargetSchema, state: presenceStateSchema.default('viewing'), tab: tabIdSchema });

    app.post(
      '/presence',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['realtime'],
          summary: 'Presence heartbeat: this tab is viewing or editing a workflow, run or document (send every 5 s; gone 15 s after the last).',
          body: presenceBody,
          response: { 200: presenceListSchema },
        },
      },
      async (request) => ({ users: await presence.beat(requirePrincipal(request), request.body) }),
    );

    app.post(
      '/presence/leave',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['realtime'],
          summary: 'This tab left the resource (sent on pagehide with keepalive).',
          body: presenceBody.omit({ state: true }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await presence.leave(requirePrincipal(request), request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
