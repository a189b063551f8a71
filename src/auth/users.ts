import type { Kysely, Selectable } from 'kysely';
import { newId, nowIso, type Database } from '../platform/index.js';
import type { AuthUsersTable } from './tables.js';
import './tables.js';

export type UserRow = Selectable<AuthUsersTable>;

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Accounts and the external identities (OIDC issuer + subject) linked to them. */
export function userRepository(db: Kysely<Database>) {
  return {
    async count(): Promise<number> {
      const r = await db.selectFrom('auth_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    findByEmail: (email: string) =>
      db.selectFrom('auth_users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst(),
    findById: (id: string) => db.selectFrom('auth_users').selectAll().where('id', '=', id).executeTakeFirst(),
    async create(input: { email: string; name: string; passwordHash: string | null }): Promise<UserRow> {
      const now = nowIso();
      const row = {
        id: newId('usr'),
        email: normalizeEmail(input.email),
        name: input.name.trim(),
        password_hash: input.passwordHash,
        last_workspace_id: null,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('auth_users').values(row).execute();
      return row;
    },
    async setLastWorkspace(userId: string, workspaceId: string): Promise<void> {
      await db.updateTable('auth_users').set({ last_workspace_id: workspaceId }).where('id', '=', userId).execute();
    },
    async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
      await db.updateTable('auth_users').set({ password_hash: passwordHash, updated_at: nowIso() }).where('id', '=', userId).execute();
    },
    async updateName(userId: string, name: string): Promise<void> {
      await db.updateTable('auth_users').set({ name: name.trim(), updated_at: nowIso() }).where('id', '=', userId).execute();
    },
    findIdentity: (issuer: string, subject: string) =>
      db.selectFrom('auth_identities').selectAll().where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst(),
    async linkIdentity(issuer: string, subject: string, userId: string): Promise<void> {
      await db.insertInto('auth_identities').values({ issuer, subject, user_id: userId, created_at: nowIso() }).execute();
    },
    /** Display names by user id, whatever workspace they are in (people who left keep their name on what they wrote). */
    async namesByIds(ids: readonly string[]): Promise<Map<string, string>> {
      const wanted = [...new Set(ids)];
      if (wanted.length === 0) return new Map();
      const rows = await db.selectFrom('auth_users').select(['id', 'name']).where('id', 'in', wanted).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    /** Display names (the e-mail when the name is empty) of those of `ids` who are members of the workspace; anyone else is left out. */
    async memberNames(workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
      const wanted = [...new Set(ids)];
      if (wanted.length === 0) return new Map();
      const rows = await db
        .selectFrom('auth_users as u')
        .innerJoin('auth_memberships as m', 'm.user_id', 'u.id')
        .select(['u.id', 'u.name', 'u.email'])
        .where('m.workspace_id', '=', workspaceId)
        .where('u.id', 'in', wanted)
        .execute();
      return new Map(rows.map((r) => [r.id, r.name || r.email]));
    },
    /** Ids of the users with these e-mail addresses (compared case-insensitively, as stored addresses may predate normalising). */
    async idsByEmails(emails: readonly string[]): Promise<string[]> {
      const wanted = emails.map((e) => e.toLowerCase());
      if (wanted.length === 0) return [];
      const rows = await db.selectFrom('auth_users').select('id').where((eb) => eb(eb.fn('lower', ['email']), 'in', wanted)).execute();
      return rows.map((r) => r.id);
    },
  };
}

export type UserRepository = ReturnType<typeof userRepository>;
