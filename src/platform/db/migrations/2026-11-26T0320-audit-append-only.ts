import { sql } from 'kysely';
import { isPostgres, type MigrationDb } from './_dialect.js';

// Audit rows are never updated by Atom (retention only deletes a chain's oldest rows): the database refuses
// any UPDATE, so a bug cannot rewrite history. Someone who drops the trigger is caught by chain verification.
export async function up(db: MigrationDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`create or replace function audit_log_refuse_update() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update on audit_log for each row execute function audit_log_refuse_update()`.execute(db);
  } else {
    await sql`create trigger audit_log_append_only before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(db: MigrationDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db);
    await sql`drop function if exists audit_log_refuse_update()`.execute(db);
  } else {
    await sql`drop trigger if exists audit_log_append_only`.execute(db);
  }
}
