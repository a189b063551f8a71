import { z } from 'zod';
import { assertMayCallRoute } from '../platform/access/index.js';
import { errors, type AppContext } from '../platform/index.js';
import type { Principal } from '../platform/http/index.js';
import { createMemoryPresence, createRedisPresence, type PresenceChange, type PresenceEntry, type PresenceStore } from './presence-repository.js';
import { publish } from './publish.js';
import type { EventResource } from './schema.js';
import { presenceKindSchema, type PresenceUser } from '../shared/realtime.js';

/** A beat every 5 s keeps a tab present; three missed beats and it is gone. */
export const PRESENCE_TTL_MS = 15_000;

// The kinds, states and the present person are API shapes: they live in src/shared/realtime.ts (the web app reads them).
export { presenceKindSchema, presenceStateSchema, presenceUserSchema, type PresenceUser } from '../shared/realtime.js';

export const presenceTargetSchema = z.object({ kind: presenceKindSchema, id: z.string().min(1).max(200) });
export const tabIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'must be 8-64 letters, digits, _ or -' });

/** Whether the caller may read a document (memory's own rules); wired from app.ts. */
export type DocumentReadable = (principal: Principal, documentId: string) => Promise<boolean>;

const permissionOf = (kind: z.infer<typeof presenceKindSchema>) => (kind === 'document' ? 'memory:read' : 'workflows:read');

/**
 * Presence: who views or edits a workflow, run or document. Presence events go only to the people on the
 * resource (each proved they can read it when they arrived) and to whoever just left it, so nobody learns
 * about a resource they cannot open.
 */
export function createPresence(ctx: AppContext, options: { documentReadable?: DocumentReadable | undefined } = {}) {
  const store: PresenceStore = ctx.redis ? createRedisPresence(ctx.redis, ctx.config.ATOM_JOBS_PREFIX) : createMemoryPresence();

  async function assertReadable(principal: Principal, target: EventResource & { kind: z.infer<typeof presenceKindSchema> }) {
    // The same check (and words) as a route declaring this permission.
    assertMayCallRoute(permissionOf(target.kind), principal);
    let found: boolean;
    if (target.kind === 'workflow') {
      found = !!(await ctx.db.selectFrom('workflows').select('id').where('workspace_id', '=', principal.workspaceId).where('id', '=', target.id).executeTakeFirst());
    } else if (target.kind === 'run') {
      found = !!(await ctx.db.selectFrom('workflow_runs').select('id').where('workspace_id', '=', principal.workspaceId).where('id', '=', target.id).executeTakeFirst());
    } else {
      found = options.documentReadable ? await options.documentReadable(principal, target.id) : false;
    }
    if (!found) throw errors.notFound(`That ${target.kind}`, 'realtime.presence.not_found');
  }

  /** Entries folded to one per person (several tabs: editing wins), with display names. */
  async function usersOf(entries: PresenceEntry[]): Promise<PresenceUser[]> {
    const byUser = new Map<string, PresenceUser['state']>();
    for (const e of entries) if (byUser.get(e.userId) !== 'editing') byUser.set(e.userId, e.state);
    if (byUser.size === 0) return [];
    const rows = await ctx.db.selectFrom('auth_users').select(['id', 'name', 'email']).where('id', 'in', [...byUser.keys()]).execute();
    const names = new Map(rows.map((r) => [r.id, r.name || r.email.split('@')[0] || 'Someone']));
    return [...byUser].map(([userId, state]) => ({ userId, name: names.get(userId) ?? 'Someone', state })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async function announce(workspaceId: string, change: PresenceChange, alsoTell: string[]) {
    if (!change.changed) return;
    const users = await usersOf(change.entries);
    const userIds = [...new Set([...change.entries.map((e) => e.userId), ...alsoTell])];
    await publish(ctx, {
      workspaceId,
      type: 'presence.changed',
      resource: change.resource,
      audience: { userIds },
      data: { users },
    });
  }

  return {
    async beat(principal: Principal, input: { resource: z.infer<typeof presenceTargetSchema>; state: PresenceUser['state']; tab: string }) {
      await assertReadable(principal, input.resource);
      const change = await store.beat(principal.workspaceId, input.resource, {
        userId: principal.userId,
        tab: input.tab,
        state: input.state,
        expiresAt: Date.now() + PRESENCE_TTL_MS,
      });
      await announce(principal.workspaceId, change, []);
      return usersOf(change.entries);
    },
    async leave(principal: Principal, input: { resource: z.infer<typeof presenceTargetSchema>; tab: string }) {
      const change = await store.leave(principal.workspaceId, input.resource, principal.userId, input.tab);
      await announce(principal.workspaceId, change, [principal.userId]);
    },
    /** A tab's stream closed: it left everything it was on. */
    async leaveTab(workspaceId: string, userId: string, tab: string) {
      for (const change of await store.leaveTab(workspaceId, userId, tab)) await announce(workspaceId, change, [userId]);
    },
  };
}
export type Presence = ReturnType<typeof createPresence>;
