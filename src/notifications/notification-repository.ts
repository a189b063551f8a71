import type { Kysely } from 'kysely';
import { newId, nowIso, parseJsonColumn, type Database } from '../platform/index.js';
import { defaultPreferences, newNotificationSchema, preferencesSchema, type NewNotification, type NotificationKind, type NotificationView, type Preferences } from './schemas.js';
import type { NotificationRow, PreferencesRow } from './tables.js';
import './tables.js';

export const toNotificationView = (r: NotificationRow): NotificationView => ({
  id: r.id,
  kind: r.kind as NotificationKind,
  title: r.title,
  body: r.body,
  link: r.link,
  actorId: r.actor_id,
  createdAt: r.created_at,
  readAt: r.read_at,
});

const toPreferences = (r: PreferencesRow | undefined): Preferences =>
  r
    ? preferencesSchema.parse({
        kinds: parseJsonColumn(preferencesSchema.shape.kinds, r.kinds, { column: 'notification_preferences.kinds' }),
        inApp: r.in_app === 1,
        emailDigest: r.email_digest === 1,
        slackDigest: r.slack_digest === 1,
        digestFrequency: r.digest_frequency,
        slackChannel: r.slack_channel,
      })
    : defaultPreferences;

/** The inbox and preferences of each user, always scoped by workspace and user. */
export function notificationStore(db: Kysely<Database>) {
  const store = {
    async preferences(workspaceId: string, userId: string): Promise<Preferences> {
      const row = await db.selectFrom('notification_preferences').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
      return toPreferences(row);
    },

    async savePreferences(workspaceId: string, userId: string, patch: Partial<Preferences>): Promise<Preferences> {
      const next = preferencesSchema.parse({ ...(await store.preferences(workspaceId, userId)), ...patch });
      const values = {
        kinds: JSON.stringify(next.kinds),
        in_app: next.inApp ? 1 : 0,
        email_digest: next.emailDigest ? 1 : 0,
        slack_digest: next.slackDigest ? 1 : 0,
        digest_frequency: next.digestFrequency,
        slack_channel: next.slackChannel,
        updated_at: nowIso(),
      };
      await db
        .insertInto('notification_preferences')
        .values({ workspace_id: workspaceId, user_id: userId, last_digest_at: null, ...values })
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet(values))
        .execute();
      return next;
    },

    /**
     * Stores a notification unless the user turned its kind off or it was already stored (same dedupe
     * key). Returns it when it is new, so the caller can push it live.
     */
    async add(input: NewNotification): Promise<{ view: NotificationView; inApp: boolean } | undefined> {
      const n = newNotificationSchema.parse(input);
      const prefs = await store.preferences(n.workspaceId, n.userId);
      if (!prefs.kinds.includes(n.kind)) return undefined;
      const now = nowIso();
      const row: NotificationRow = {
        id: newId(),
        workspace_id: n.workspaceId,
        user_id: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        actor_id: n.actorId,
        dedupe_key: n.dedupeKey,
        created_at: now,
        // In-app off: kept for the digest but born read, so it neither counts nor pops up.
        read_at: prefs.inApp ? null : now,
        digested_at: null,
      };
      const res = await db
        .insertInto('notifications')
        .values(row)
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id', 'dedupe_key']).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
      return { view: toNotificationView(row), inApp: prefs.inApp };
    },

    async list(workspaceId: string, userId: string, opts: { limit: number; before?: string | undefined; unreadOnly?: boolean | undefined }): Promise<NotificationView[]> {
      const rows = await db
        .selectFrom('notifications')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .$if(!!opts.unreadOnly, (q) => q.where('read_at', 'is', null))
        .$if(opts.before !== undefined, (q) => q.where('id', '<', opts.before!))
        .orderBy('id', 'desc')
        .limit(opts.limit)
        .execute();
      return rows.map(toNotificationView);
    },

    async unreadCount(workspaceId: string, userId: string): Promise<number> {
      const r = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Marks one notification read; undefined when it is not the caller's. */
    async markRead(workspaceId: string, userId: string, id: string): Promise<NotificationView | undefined> {
      const now = nowIso();
      await db.updateTable('notifications').set({ read_at: now }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('id', '=', id).where('read_at', 'is', null).execute();
      const row = await db.selectFrom('notifications').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return row ? toNotificationView(row) : undefined;
    },

    async markAllRead(workspaceId: string, userId: string): Promise<number> {
      const res = await db.updateTable('notifications').set({ read_at: nowIso() }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    /** Not yet sent in a digest, oldest first. */
    async undigested(workspaceId: string, userId: string, limit = 50): Promise<NotificationRow[]> {
      return db.selectFrom('notifications').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('digested_at', 'is', null).orderBy('id').limit(limit).execute();
    },

    /**
     * Takes the user's digest when it is due (never sent, or last sent at or before `dueBefore`) and nobody
     * holds its lease: one conditional UPDATE, so of several processes trying at once exactly one gets it
     * (PostgreSQL re-checks the condition on the row another transaction just updated; SQLite has one
     * writer). A holder that crashed loses the lease at `leaseUntil`.
     */
    async claimDigest(workspaceId: string, userId: string, claim: { owner: string; dueBefore: string; now: string; leaseUntil: string }): Promise<boolean> {
      const res = await db
        .updateTable('notification_preferences')
        .set({ digest_lease_owner: claim.owner, digest_lease_until: claim.leaseUntil })
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_digest_at', 'is', null), eb('last_digest_at', '<=', claim.dueBefore)]))
        .where((eb) => eb.or([eb('digest_lease_until', 'is', null), eb('digest_lease_until', '<', claim.now)]))
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Gives the lease back without marking anything sent (delivery failed; a retry may claim again). */
    async releaseDigest(workspaceId: string, userId: string, owner: string): Promise<void> {
      await db
        .updateTable('notification_preferences')
        .set({ digest_lease_owner: null, digest_lease_until: null })
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .where('digest_lease_owner', '=', owner)
        .execute();
    },

    /**
     * One transaction: a reader (the scheduler on another replica, a test) must never see the items marked
     * but the digest time still unset, or it enqueues a second digest for the same period. On PostgreSQL
     * that window between the two statements was real. With `leaseOwner`, that lease is released too.
     */
    async markDigested(workspaceId: string, userId: string, ids: string[], at: string, leaseOwner?: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (ids.length > 0) await trx.updateTable('notifications').set({ digested_at: at }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('id', 'in', ids).execute();
        await trx.updateTable('notification_preferences').set({ last_digest_at: at }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
        if (leaseOwner) {
          await trx
            .updateTable('notification_preferences')
            .set({ digest_lease_owner: null, digest_lease_until: null })
            .where('workspace_id', '=', workspaceId)
            .where('user_id', '=', userId)
            .where('digest_lease_owner', '=', leaseOwner)
            .execute();
        }
      });
    },

    /** Users with a digest channel on, for the digest scheduler. */
    async digestSubscribers(): Promise<PreferencesRow[]> {
      return db
        .selectFrom('notification_preferences')
        .selectAll()
        .where((eb) => eb.or([eb('email_digest', '=', 1), eb('slack_digest', '=', 1)]))
        .orderBy('workspace_id')
        .limit(10_000)
        .execute();
    },
  };
  return store;
}

export type NotificationStore = ReturnType<typeof notificationStore>;
