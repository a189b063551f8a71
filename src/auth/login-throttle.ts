import type { Kysely } from 'kysely';
import { AppError, nowIso, type Database } from '../platform/index.js';
import { normalizeEmail } from './users.js';
import { hashSecret } from './secrets.js';
import './tables.js';

export interface ThrottlePolicy {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  lockoutMinutes: number;
  /** Base of the progressive delay; doubles with each consecutive failure, capped at MAX_DELAY_MS. */
  delayMs: number;
}

const MAX_DELAY_MS = 5000;

/**
 * Slows down and then stops password guessing: each failed sign-in counts against the email and
 * against the client IP; answers get slower with each failure, and past the limit the email (or IP) is
 * locked for a while. The email is counted whether or not an account exists, so a lockout says nothing
 * about which emails are registered; it is stored hashed.
 */
export function loginThrottle(db: Kysely<Database>, policy: ThrottlePolicy) {
  const windowMs = policy.lockoutMinutes * 60_000;
  const subjectsOf = (email: string, ip: string) => [
    { key: `email:${hashSecret(normalizeEmail(email))}`, limit: policy.maxFailuresPerAccount },
    { key: `ip:${ip}`, limit: policy.maxFailuresPerIp },
  ];

  return {
    /** Throws 429 `auth.locked` (with Retry-After) while the email or the IP is locked. */
    async assertNotLocked(email: string, ip: string): Promise<void> {
      const keys = subjectsOf(email, ip).map((s) => s.key);
      const rows = await db.selectFrom('auth_login_failures').selectAll().where('subject', 'in', keys).execute();
      const now = Date.now();
      const until = Math.max(0, ...rows.map((r) => (r.locked_until ? Date.parse(r.locked_until) : 0)));
      if (until > now) {
        const retryAfter = Math.ceil((until - now) / 1000);
        throw new AppError('auth.locked', 'Too many failed sign-ins. Try again later.', {
          status: 429,
          extensions: { retryAfter },
        });
      }
    },

    /** Counts a failure and waits the progressive delay before the caller answers. */
    async recordFailure(email: string, ip: string): Promise<void> {
      let accountFailures = 0;
      for (const subject of subjectsOf(email, ip)) {
        const row = await db.selectFrom('auth_login_failures').selectAll().where('subject', '=', subject.key).executeTakeFirst();
        const now = Date.now();
        const stale = !row || now - Date.parse(row.last_failure_at) > windowMs;
        const failures = stale ? 1 : row.failures + 1;
        const lockedUntil = failures >= subject.limit ? new Date(now + windowMs).toISOString() : null;
        await db
          .insertInto('auth_login_failures')
          .values({ subject: subject.key, failures, last_failure_at: nowIso(), locked_until: lockedUntil })
          .onConflict((oc) => oc.column('subject').doUpdateSet({ failures, last_failure_at: nowIso(), locked_until: lockedUntil }))
          .execute();
        if (subject.key.startsWith('email:')) accountFailures = failures;
      }
      const delay = policy.delayMs === 0 ? 0 : Math.min(MAX_DELAY_MS, policy.delayMs * 2 ** Math.max(0, accountFailures - 1));
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    },

    /** Forgets failures older than the lockout window whose lock (if any) has passed. */
    async purgeStale(): Promise<number> {
      const cutoff = new Date(Date.now() - windowMs).toISOString();
      const now = nowIso();
      const r = await db
        .deleteFrom('auth_login_failures')
        .where('last_failure_at', '<', cutoff)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    /** A successful sign-in clears the account's count (the IP's stays: one success does not excuse a spray). */
    async recordSuccess(email: string): Promise<void> {
      await db.deleteFrom('auth_login_failures').where('subject', '=', `email:${hashSecret(normalizeEmail(email))}`).execute();
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;
