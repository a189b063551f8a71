import { z } from 'zod';
import { nowIso, type AppContext } from '../platform/index.js';
import { notify } from './notify.js';

const runError = z.object({ code: z.string().optional(), message: z.string().optional(), stepId: z.string().optional() }).loose();

/** The code and message of a run's stored error JSON, when it has them. */
export function parseRunError(text: string | null): { code: string; message: string; stepId?: string | undefined } | undefined {
  if (!text) return undefined;
  try {
    const e = runError.parse(JSON.parse(text));
    return { code: e.code ?? 'unknown', message: e.message ?? '', stepId: e.stepId };
  } catch {
    return { code: 'unknown', message: text.slice(0, 200) };
  }
}

async function cursorOf(ctx: AppContext, producer: string, initial: string): Promise<string> {
  const row = await ctx.db.selectFrom('notification_sweeps').select('cursor').where('producer', '=', producer).executeTakeFirst();
  return row?.cursor ?? initial;
}

async function saveCursor(ctx: AppContext, producer: string, cursor: string): Promise<void> {
  const updated_at = nowIso();
  await ctx.db
    .insertInto('notification_sweeps')
    .values({ producer, cursor, updated_at })
    .onConflict((oc) => oc.column('producer').doUpdateSet({ cursor, updated_at }))
    .execute();
}

/** Failed live runs since the last sweep → their workflow's owner. */
export async function notifyFailedRuns(ctx: AppContext): Promise<number> {
  const since = await cursorOf(ctx, 'run_failed', new Date(Date.now() - 86_400_000).toISOString());
  const rows = await ctx.db
    .selectFrom('workflow_runs as r')
    .innerJoin('workflows as w', (j) => j.onRef('w.id', '=', 'r.workflow_id').onRef('w.workspace_id', '=', 'r.workspace_id'))
    .select(['r.id', 'r.workspace_id', 'r.workflow_id', 'r.error', 'r.finished_at', 'w.name', 'w.created_by'])
    .where('r.status', '=', 'failed')
    .where('r.mode', '=', 'live')
    .where('r.finished_at', '>=', since)
    .orderBy('r.finished_at')
    .limit(500)
    .execute();
  let sent = 0;
  for (const r of rows) {
    const err = parseRunError(r.error);
    const n = await notify(ctx, {
      workspaceId: r.workspace_id,
      userId: r.created_by,
      kind: 'run_failed',
      title: `“${r.name}” failed`,
      body: err ? `${err.stepId ? `Step ${err.stepId}: ` : ''}${err.message || err.code}`.slice(0, 2000) : 'The run failed.',
      link: `/workflows/runs/${r.id}`,
      actorId: null,
      dedupeKey: `run_failed:${r.id}`,
    });
    if (n) sent++;
  }
  const last = rows.at(-1)?.finished_at;
  if (last) await saveCursor(ctx, 'run_failed', last);
  return sent;
}

/** Admins (and owners) of a workspace: who hears about shared things that broke. */
async function workspaceAdmins(ctx: AppContext, workspaceId: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('auth_memberships').select('user_id').where('workspace_id', '=', workspaceId).where('role', 'in', ['owner', 'admin']).execute();
  return rows.map((r) => r.user_id);
}

/** Memory sources whose last sync failed → the source's owner, or the workspace admins for shared ones. */
export async function notifySyncFailures(ctx: AppContext): Promise<number> {
  const since = await cursorOf(ctx, 'sync_failed', new Date(Date.now() - 86_400_000).toISOString());
  const rows = await ctx.db
    .selectFrom('memory_connections')
    .select(['id', 'workspace_id', 'name', 'owner_user_id', 'last_error', 'updated_at'])
    .where('status', '=', 'error')
    .where('updated_at', '>=', since)
    .orderBy('updated_at')
    .limit(500)
    .execute();
  let sent = 0;
  for (const c of rows) {
    const users = c.owner_user_id ? [c.owner_user_id] : await workspaceAdmins(ctx, c.workspace_id);
    for (const userId of users) {
      const n = await notify(ctx, {
        workspaceId: c.workspace_id,
        userId,
        kind: 'sync_failed',
        title: `Sync of “${c.name}” failed`,
        body: (c.last_error ?? 'The last sync did not finish.').slice(0, 2000),
        link: '/memory',
        actorId: null,
        dedupeKey: `sync_failed:${c.id}:${c.updated_at}`,
      });
      if (n) sent++;
    }
  }
  const last = rows.at(-1)?.updated_at;
  if (last) await saveCursor(ctx, 'sync_failed', last);
  return sent;
}

/** Connections that must be reconnected → whoever connected them, at most once a day per connection. */
export async function notifyConnectionsNeedingAttention(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .selectFrom('integration_connections')
    .select(['id', 'workspace_id', 'user_id', 'created_by', 'label', 'service_id', 'status'])
    .where('status', 'in', ['expired', 'revoked'])
    .orderBy('id')
    .limit(1000)
    .execute();
  const day = nowIso().slice(0, 10);
  let sent = 0;
  for (const c of rows) {
    const n = await notify(ctx, {
      workspaceId: c.workspace_id,
      userId: c.user_id ?? c.created_by,
      kind: 'connection_attention',
      title: `Reconnect “${c.label}”`,
      body: c.status === 'revoked' ? 'Access was revoked at the service; workflows using it will fail until it is reconnected.' : 'Its sign-in expired; workflows using it will fail until it is reconnected.',
      link: `/integrations/connections/${c.id}`,
      actorId: null,
      dedupeKey: `connection:${c.id}:${c.status}:${day}`,
    });
    if (n) sent++;
  }
  return sent;
}

const KEEP_READ_DAYS = 90;

/** Read notifications older than 90 days go: the inbox is a to-do list, not an archive (the audit log is). */
export async function pruneReadNotifications(ctx: AppContext, now = Date.now()): Promise<number> {
  const before = new Date(now - KEEP_READ_DAYS * 86_400_000).toISOString();
  const res = await ctx.db.deleteFrom('notifications').where('read_at', 'is not', null).where('created_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** One pass of every background producer; each is idempotent (dedupe keys), so replicas may overlap. */
export async function sweepNotifications(ctx: AppContext): Promise<{ runs: number; syncs: number; connections: number; pruned: number }> {
  return {
    runs: await notifyFailedRuns(ctx),
    syncs: await notifySyncFailures(ctx),
    connections: await notifyConnectionsNeedingAttention(ctx),
    pruned: await pruneReadNotifications(ctx),
  };
}
