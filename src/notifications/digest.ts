import { z } from 'zod';
import { newId, type AppContext } from '../platform/index.js';
import type { Job, JobQueue } from '../platform/jobs/index.js';
import { actionRegistry, type ActionContext, type ActionRegistry } from '../workflows/index.js';
import type { DigestFrequency, Preferences } from './schemas.js';
import { notificationStore } from './notification-repository.js';
import type { NotificationRow } from './tables.js';

export const DIGEST_QUEUE = 'notifications.digest';

const periodMs: Record<DigestFrequency, number> = { hourly: 3_600_000, daily: 86_400_000, weekly: 7 * 86_400_000 };
// Longer than the slowest delivery (Slack lookup + post, e-mail: 30 s each); a crashed sender's lease lapses after it.
const DIGEST_LEASE_MS = 10 * 60_000;

export const digestJobSchema = z.object({ workspaceId: z.string().min(1), userId: z.string().min(1) });
export type DigestJob = z.infer<typeof digestJobSchema>;

export interface DigestOptions {
  /** The actions the digest sends through (the workflow registry, where the integrations register theirs). */
  actions?: ActionRegistry;
  now?: () => number;
}

/**
 * Enqueues a digest job for every user whose digest is due. The job id names the user and the period,
 * so schedulers on several replicas (or a sweep that runs twice) enqueue it once.
 */
export async function scheduleDueDigests(ctx: AppContext, queue: JobQueue, options: DigestOptions = {}): Promise<number> {
  const now = options.now?.() ?? Date.now();
  let scheduled = 0;
  for (const p of await notificationStore(ctx.db).digestSubscribers()) {
    const period = periodMs[p.digest_frequency as DigestFrequency] ?? periodMs.daily;
    if (p.last_digest_at && now - Date.parse(p.last_digest_at) < period) continue;
    const data: DigestJob = { workspaceId: p.workspace_id, userId: p.user_id };
    await queue.enqueue(DIGEST_QUEUE, data, { id: `digest:${p.workspace_id}:${p.user_id}:${Math.floor(now / period)}`, maxAttempts: 3 });
    scheduled++;
  }
  return scheduled;
}

const kindLabel: Record<string, string> = {
  mention: 'Mentions',
  comment_reply: 'Replies',
  run_failed: 'Failed runs',
  sync_failed: 'Sync failures',
  connection_attention: 'Connections to reconnect',
};

/** Plain text both Slack and e-mail show well: grouped by kind, each with its link. */
export function digestText(items: NotificationRow[], baseUrl: string): string {
  const groups = new Map<string, NotificationRow[]>();
  for (const n of items) groups.set(n.kind, [...(groups.get(n.kind) ?? []), n]);
  const lines = [`Atom: ${items.length} notification${items.length === 1 ? '' : 's'} since your last digest`];
  for (const [kind, list] of groups) {
    lines.push('', `${kindLabel[kind] ?? kind} (${list.length})`);
    for (const n of list) lines.push(`• ${n.title}${n.body ? ` — ${n.body.slice(0, 200)}` : ''}${n.link ? ` ${baseUrl}${n.link}` : ''}`);
  }
  return lines.join('\n');
}

/**
 * Sends one user's digest through the channels they chose (Slack: `slack.post_message`, e-mail:
 * `gmail.send_email`, each through the workspace's shared connection) and marks the notifications sent.
 * It first claims the digest's lease in the database: when it is not due yet or another process (API
 * replica or worker) is sending it, nothing is sent. A channel that fails is logged; when every channel
 * fails the lease is released and the job throws, so the queue retries it.
 */
export async function sendDigest(ctx: AppContext, job: DigestJob, options: DigestOptions = {}): Promise<{ sent: ('slack' | 'email')[]; items: number }> {
  const store = notificationStore(ctx.db);
  const prefs = await store.preferences(job.workspaceId, job.userId);
  const now = options.now?.() ?? Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const owner = newId();
  const claim = { owner, dueBefore: iso(now - periodMs[prefs.digestFrequency]), now: iso(now), leaseUntil: iso(now + DIGEST_LEASE_MS) };
  if (!(await store.claimDigest(job.workspaceId, job.userId, claim))) return { sent: [], items: 0 };
  try {
    return await deliverDigest(ctx, job, prefs, { owner, at: iso(now), actions: options.actions ?? actionRegistry(ctx) });
  } catch (err) {
    await store.releaseDigest(job.workspaceId, job.userId, owner);
    throw err;
  }
}

/** Sends the undigested notifications of a user whose digest lease this process holds, then marks them and releases it. */
async function deliverDigest(
  ctx: AppContext,
  job: DigestJob,
  prefs: Preferences,
  lease: { owner: string; at: string; actions: ActionRegistry },
): Promise<{ sent: ('slack' | 'email')[]; items: number }> {
  const store = notificationStore(ctx.db);
  const { actions, at } = lease;
  const items = await store.undigested(job.workspaceId, job.userId);
  if (items.length === 0 || (!prefs.slackDigest && !prefs.emailDigest)) {
    await store.markDigested(job.workspaceId, job.userId, [], at, lease.owner);
    return { sent: [], items: 0 };
  }
  const user = await ctx.db.selectFrom('auth_users').select(['email']).where('id', '=', job.userId).executeTakeFirst();
  const text = digestText(items, ctx.config.ATOM_PUBLIC_URL ?? '');
  const key = `digest:${job.workspaceId}:${job.userId}:${items[0]!.id}`;
  const call = async (actionId: string, input: unknown): Promise<unknown> => {
    const action = actions.get(actionId);
    if (!action) throw new Error(`${actionId} is not available (is the integration loaded?)`);
    const actx: ActionContext = {
      workspaceId: job.workspaceId,
      runId: key,
      stepId: actionId,
      idempotencyKey: `${key}:${actionId}`,
      attempt: 1,
      signal: AbortSignal.timeout(30_000),
      logger: ctx.logger,
      dryRun: false,
      secret: () => Promise.resolve(undefined),
      log: () => undefined,
    };
    return action.run(actx, action.input.parse(input));
  };
  const sent: ('slack' | 'email')[] = [];
  const failures: unknown[] = [];
  if (prefs.slackDigest) {
    try {
      let channel = prefs.slackChannel;
      if (!channel) {
        if (!user) throw new Error('the user has no e-mail address to find in Slack');
        channel = z.object({ id: z.string() }).parse(await call('slack.lookup_user', { email: user.email })).id;
      }
      await call('slack.post_message', { channel, text });
      sent.push('slack');
    } catch (err) {
      failures.push(err);
      ctx.logger.warn({ err, userId: job.userId, channel: 'slack' }, 'digest: Slack delivery failed');
    }
  }
  if (prefs.emailDigest) {
    try {
      if (!user) throw new Error('the user has no e-mail address');
      await call('gmail.send_email', { to: [user.email], subject: `Atom digest: ${items.length} notification${items.length === 1 ? '' : 's'}`, text });
      sent.push('email');
    } catch (err) {
      failures.push(err);
      ctx.logger.warn({ err, userId: job.userId, channel: 'email' }, 'digest: e-mail delivery failed');
    }
  }
  if (sent.length === 0 && failures.length > 0) throw failures[0] instanceof Error ? failures[0] : new Error('digest delivery failed');
  await store.markDigested(job.workspaceId, job.userId, items.map((n) => n.id), at, lease.owner);
  return { sent, items: items.length };
}

/** The digest consumer on the platform job queue. */
export function processDigests(ctx: AppContext, queue: JobQueue, options: DigestOptions = {}): void {
  queue.process<DigestJob>(DIGEST_QUEUE, async (job: Job<DigestJob>) => {
    await sendDigest(ctx, digestJobSchema.parse(job.data), options);
  });
}
