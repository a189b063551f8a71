import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../test/support/context.js';
import { recordAudit } from '../audit/index.js';
import type { Database } from '../platform/index.js';
import { textColumns } from './sealed-columns.js';
import { createVault, rotateVault } from './index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Every row of every table, as text: what an attacker with a database dump would read. */
async function dumpDatabase(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<string> {
  const tables = [...new Set((await textColumns(db, dialect)).map((c) => c.table))];
  const out: string[] = [];
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out.push(`# ${table}`, ...rows.rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v))));
  }
  return out.join('\n');
}

describe.each(dialects)('no secret in plain form on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('keeps passwords, tokens, sessions, OAuth and model keys out of logs, API answers and every table', async () => {
    t = await createTestApp(dialect, { ATOM_LOG_LEVEL: 'trace' });
    const { app, ctx } = t;
    const run = Date.now().toString(36);
    const known = {
      password: `Correct-Horse-Battery-${run}-9!`,
      wrongPassword: `Wrong-Horse-Battery-${run}-7!`,
      oauthRefreshToken: `1//oauth-refresh-${run}-b7c1`,
      modelApiKey: `sk-test-model-key-${run}-f00d`,
      webhookSecret: `whsec_${run}_c0ffee`,
    };
    const secrets: Record<string, string> = { ...known };
    const answers: string[] = [];

    // Sign up (password), which starts a session; make an API token; use it; fail a sign-in.
    const signup = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: `owner-${run}@example.com`, password: known.password, name: 'Owner' } });
    expect(signup.statusCode).toBe(201);
    answers.push(signup.body);
    const cookie = String(signup.headers['set-cookie']).match(/atom_session=([^;]+)/)![1]!;
    secrets['sessionCookie'] = decodeURIComponent(cookie);
    const me = signup.json() as { csrfToken: string; workspace: { id: string } };
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: `atom_session=${cookie}`, 'x-csrf-token': me.csrfToken },
      payload: { name: 'ci' },
    });
    expect(created.statusCode).toBe(201);
    secrets['apiToken'] = (created.json() as { token: string }).token; // shown once, in this answer only
    const bearer = { authorization: `Bearer ${secrets['apiToken']}` };
    for (const url of ['/api/auth/me', '/api/audit?limit=200', '/api/audit/export?format=csv', '/api/audit/export?format=jsonl', '/api/tokens']) {
      const res = await app.inject({ method: 'GET', url, headers: bearer });
      expect(res.statusCode, url).toBe(200);
      answers.push(res.body);
    }
    const failed = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `owner-${run}@example.com`, password: known.wrongPassword } });
    expect(failed.statusCode).toBe(401);
    answers.push(failed.body);

    // A domain storing OAuth tokens and model keys through the vault, and careless callers of the log and audit.
    await sql`create table leak_probe_connections (id text primary key, workspace_id text, credentials_sealed text, model_key_sealed text)`.execute(ctx.db);
    const probeColumns = [
      { table: 'leak_probe_connections', column: 'credentials_sealed' },
      { table: 'leak_probe_connections', column: 'model_key_sealed' },
    ];
    const vault = createVault(ctx);
    await sql`insert into leak_probe_connections values ('c1', ${me.workspace.id}, ${vault.sealJson({ refreshToken: known.oauthRefreshToken, webhookSecret: known.webhookSecret })}, ${vault.seal(known.modelApiKey)})`.execute(ctx.db);
    await recordAudit(ctx.db, {
      workspaceId: me.workspace.id,
      actorId: null,
      actorType: 'system',
      action: 'connection.created',
      outcome: 'success',
      details: { apiKey: known.modelApiKey, credentials: { refresh_token: known.oauthRefreshToken }, secret: known.webhookSecret },
    });
    ctx.logger.info({ token: known.oauthRefreshToken, nested: { apiKey: known.modelApiKey } }, 'connection saved');

    // Rotation re-seals everything; the keys themselves must not reach the log either.
    const report = await rotateVault(ctx, probeColumns);
    expect(report.columns.filter((c) => c.table === 'leak_probe_connections').map((c) => c.rewritten)).toEqual([1, 1]);
    const keys = readFileSync(path.join(t.dataDir, 'vault.key'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(keys).toHaveLength(2);
    keys.forEach((k, i) => (secrets[`vaultKey${i}`] = k));

    const dump = await dumpDatabase(ctx.db, dialect);
    const logs = t.logs.text;
    expect(dump).toContain('# leak_probe_connections');
    expect(dump).toContain('# audit_log');
    expect(logs.length).toBeGreaterThan(1000);
    for (const [name, secret] of Object.entries(secrets)) {
      expect(dump.includes(secret), `${name} in the database dump`).toBe(false);
      expect(dump.includes(Buffer.from(secret).toString('base64')), `${name} base64 in the database dump`).toBe(false);
      expect(logs.includes(secret), `${name} in the logs`).toBe(false);
      if (name !== 'apiToken' && name !== 'sessionCookie') {
        expect(answers.some((a) => a.includes(secret)), `${name} in an API answer`).toBe(false);
      }
    }
    expect(answers.some((a) => a.includes(secrets['apiToken']!))).toBe(false);
    // And the sealed values still open.
    const row = await sql<{ credentials_sealed: string; model_key_sealed: string }>`select * from leak_probe_connections`.execute(ctx.db);
    expect(createVault(ctx).open(row.rows[0]!.model_key_sealed)).toBe(known.modelApiKey);
  });
});
