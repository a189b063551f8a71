import type { Generated, Selectable } from 'kysely';

export interface NotificationsTable {
  id: string;
  workspace_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  actor_id: string | null;
  /** Unique per user: a producer that sees the same event twice inserts it once. */
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
  digested_at: string | null;
}

export interface NotificationPreferencesTable {
  workspace_id: string;
  user_id: string;
  /** JSON array of wanted kinds. */
  kinds: string;
  in_app: number;
  email_digest: number;
  slack_digest: number;
  digest_frequency: string;
  slack_channel: string | null;
  last_digest_at: string | null;
  /** Who is sending this user's digest right now, and until when (ISO); see store.claimDigest. */
  digest_lease_owner: Generated<string | null>;
  digest_lease_until: Generated<string | null>;
  updated_at: string;
}

export interface NotificationSweepsTable {
  producer: string;
  cursor: string;
  updated_at: string;
}

export type NotificationRow = Selectable<NotificationsTable>;
export type PreferencesRow = Selectable<NotificationPreferencesTable>;

declare module '../platform/db/schema.js' {
  interface Database {
    notifications: NotificationsTable;
    notification_preferences: NotificationPreferencesTable;
    notification_sweeps: NotificationSweepsTable;
  }
}
