import { perContext, type AppContext } from '../platform/index.js';
import { createMemoryBus, type EventBus } from './bus.js';
import { realtimeMetrics } from './metrics.js';
import { createRedisBus } from './redis-bus.js';
import { publishInputSchema, type PublishInput, type RealtimeEvent } from './schema.js';

/** Events kept per workspace for streams that resume (a few minutes of a busy workspace). */
export const REPLAY_SIZE = 1000;

/** The event bus of this process: Redis pub/sub in queue mode, in-process otherwise. */
export const eventBus = perContext((ctx: AppContext): EventBus => {
  const bus = ctx.redis
    ? createRedisBus(ctx.redis, { prefix: ctx.config.ATOM_JOBS_PREFIX, replaySize: REPLAY_SIZE, logger: ctx.logger })
    : createMemoryBus(REPLAY_SIZE);
  // Registered after Redis's own step, so it runs before it (reverse order): the subscriber quits first.
  ctx.lifecycle.onShutdown('realtime', () => bus.close());
  return bus;
});

// When this context last logged a failed publish (at most one line per 10 s).
const warnings = perContext((): { lastAt: number } => ({ lastAt: 0 }));

/**
 * Publishes a workspace event to every stream that may see it (any process, in queue mode). Never throws:
 * live updates are a convenience, so a failure is logged and the caller carries on.
 *
 * @example
 * void publish(ctx, { workspaceId, type: 'run.finished', resource: { kind: 'run', id: run.id },
 *   permission: 'workflows:read', data: { status: 'succeeded', workflowId } });
 */
export async function publish(ctx: AppContext, input: PublishInput): Promise<RealtimeEvent | undefined> {
  try {
    const event = publishInputSchema.parse(input);
    const published = await eventBus(ctx).publish({ ...event, at: new Date().toISOString() });
    realtimeMetrics(ctx).published.inc({ domain: event.type.split('.')[0] ?? 'unknown' });
    return published;
  } catch (err) {
    realtimeMetrics(ctx).failed.inc();
    // One line per 10 s at most: while Redis is down every step of every run would log one.
    const now = Date.now();
    const warned = warnings(ctx);
    if (now - warned.lastAt > 10_000) {
      warned.lastAt = now;
      ctx.logger.warn({ err, type: input.type, workspaceId: input.workspaceId }, 'realtime: event not published (counted in atom_realtime_publish_failures_total)');
    }
    return undefined;
  }
}
