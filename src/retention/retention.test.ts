import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, dialects } from '../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../test/support/principal.js';
import { recordAudit, verifyChain } from '../audit/index.js';
import { purgeAllWorkspaces, registerRetentionClass, type RetentionClass } from './index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const DAY = 24 * 60 * 60 * 1000;
const admin = (workspaceId: string) => asPrincipal({ workspaceId, userId: `admin-${workspaceId}`, permissions: ['settings:manage', 'audit:read'] });

// A stand-in for another domain's data class (e.g. workflow runs), kept in a table this test creates.
const testItems: RetentionClass = {
  name: 'test_items',
  label: 'Test items',
  description: 'Rows of a table the test creates.',
  async preview(db, workspaceId, cutoffIso, limit) {
    const base = sql`from retention_test_items where workspace_id = ${workspaceId} and created_at < ${cutoffIso}`;
    const ids = await sql<{ id: string }>`select id ${base} order by created_at, id limit ${limit}`.execute(db);
    const total = await sql<{ n: number }>`select count(*) as n ${base}`.execute(db);
    return { ids: ids.rows.map((r) => r.id), total: Number(total.rows[0]!.n) };
  },
  async purge(db, workspaceId, cutoffIso, ids) {
    if (ids.length === 0) return 0;
    const r = await sql`delete from retention_test_items where workspace_id = ${workspaceId} and created_at < ${cutoffIso} and id in (${sql.join(ids)})`.execute(db);
    return Number(r.numAffectedRows ?? 0n);
  },
};

describe.each(dialects)('retention on %s', (dialect) => {
  let t: TestApp;
  const now = Date.now();

  async function auditAt(daysAgo: number, workspaceId: string, n: number) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now - daysAgo * DAY);
    try {
      for (let i = 0; i < n; i++) {
        await recordAudit(t.ctx.db, { workspaceId, actorId: 'u1', actorType: 'user', action: 'workflow.updated', outcome: 'success', details: { daysAgo, i } });
      }
    } finally {
      vi.useRealTimers();
    }
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_RETENTION_BATCH_SIZE: '7' }, { authenticator: testAuthenticator });
    registerRetentionClass(t.ctx, testItems);
    await sql`create table retention_test_items (id text primary key, workspace_id text not null, created_at text not null)`.execute(t.ctx.db);
    for (const ws of ['ws-a', 'ws-b', 'ws-hold']) {
      for (let i = 0; i < 40; i++) {
        const created = new Date(now - (i + 0.5) * DAY).toISOString(); // 0.5..39.5 days old
        await sql`insert into retention_test_items (id, workspace_id, created_at) values (${`${ws}-item-${String(i).padStart(2, '0')}`}, ${ws}, ${created})`.execute(t.ctx.db);
      }
      await auditAt(100, ws, 12);
      await auditAt(50, ws, 5);
      await auditAt(5, ws, 3);
    }
  });
  afterAll(() => t.cleanup());
  afterEach(() => vi.useRealTimers());

  const req = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, headers = admin('ws-a')) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const remainingItems = async (ws: string) =>
    (await sql<{ id: string }>`select id from retention_test_items where workspace_id = ${ws} order by id`.execute(t.ctx.db)).rows.map((r) => r.id);
  const remainingAudit = async (ws: string) =>
    (await t.ctx.db.selectFrom('audit_log').select('id').where('workspace_id', '=', ws).orderBy('seq').execute()).map((r) => r.id);

  it('needs settings:manage', async () => {
    const viewer = asPrincipal({ workspaceId: 'ws-a', permissions: ['audit:read'] });
    expect((await req('GET', '/api/retention/policies', undefined, viewer)).statusCode).toBe(403);
    expect((await req('GET', '/api/retention/preview', undefined, viewer)).statusCode).toBe(403);
    expect((await req('POST', '/api/retention/purge', {}, viewer)).statusCode).toBe(403);
    expect((await req('PUT', '/api/retention/legal-hold', { enabled: true }, viewer)).statusCode).toBe(403);
  });

  it('keeps everything forever by default', async () => {
    const res = await req('GET', '/api/retention/policies');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { classes: { name: string; keepDays: number | null; minimumDays: number }[]; legalHold: { enabled: boolean } };
    expect(body.classes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'audit', keepDays: null, minimumDays: 30 }),
        expect.objectContaining({ name: 'test_items', keepDays: null }),
      ]),
    );
    expect(body.legalHold.enabled).toBe(false);
    const preview = (await req('GET', '/api/retention/preview')).json() as { classes: { total: number }[] };
    expect(preview.classes.every((c) => c.total === 0)).toBe(true);
  });

  it('validates policies: unknown class 404, below the minimum 400, and audits changes', async () => {
    expect((await req('PUT', '/api/retention/policies/nope', { keepDays: 10 })).statusCode).toBe(404);
    const short = await req('PUT', '/api/retention/policies/audit', { keepDays: 7 });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'retention.period_too_short', errors: [{ field: 'body.keepDays' }] });
    expect((await req('PUT', '/api/retention/policies/audit', { keepDays: 0 })).statusCode).toBe(400);
    expect((await req('PUT', '/api/retention/policies/audit', { keepDays: 'x' })).statusCode).toBe(400);
    const ok = await req('PUT', '/api/retention/policies/test_items', { keepDays: 365 });
    expect(ok.statusCode).toBe(200);
    const log = (await req('GET', '/api/audit?action=retention.policy_updated')).json() as { items: { target: { id: string }; details: unknown }[] };
    expect(log.items[0]).toMatchObject({ target: { id: 'test_items' }, details: { before: null, after: 365 } });
  });

  it('purges exactly what the preview listed, in batches, and keeps the audit chain verifiable', async () => {
    for (const [name, keepDays] of [['test_items', 10], ['audit', 30]] as const) {
      expect((await req('PUT', `/api/retention/policies/${name}`, { keepDays })).statusCode).toBe(200);
    }
    const preview = (await req('GET', '/api/retention/preview?limit=10000')).json() as {
      asOf: string;
      classes: { name: string; total: number; ids: string[]; cutoff: string }[];
    };
    const items = preview.classes.find((c) => c.name === 'test_items')!;
    const audit = preview.classes.find((c) => c.name === 'audit')!;
    expect(items.total).toBe(30); // 10.5..39.5 days old
    expect(items.ids).toHaveLength(30);
    expect(audit.total).toBe(17); // the 100- and 50-day-old entries
    const itemsBefore = await remainingItems('ws-a');
    const auditBefore = await remainingAudit('ws-a');

    const res = await req('POST', '/api/retention/purge', { asOf: preview.asOf });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      heldBack: false,
      classes: expect.arrayContaining([{ name: 'test_items', cutoff: items.cutoff, deleted: 30 }, { name: 'audit', cutoff: audit.cutoff, deleted: 17 }]),
    });
    expect(await remainingItems('ws-a')).toEqual(itemsBefore.filter((id) => !items.ids.includes(id)));
    const auditAfter = await remainingAudit('ws-a');
    expect(auditAfter.slice(0, auditBefore.length - 17)).toEqual(auditBefore.filter((id) => !audit.ids.includes(id)));

    // The chain still verifies from where the purge cut it, and the purge is in it.
    expect(await verifyChain(t.ctx.db, 'ws-a')).toMatchObject({ ok: true, firstSeq: 18 });
    const verify = (await req('GET', '/api/audit/verify')).json() as { ok: boolean };
    expect(verify.ok).toBe(true);
    const purged = (await req('GET', '/api/audit?action=retention.purged')).json() as { items: { actor: { id: string }; details: { classes: unknown[] } }[] };
    expect(purged.items[0]).toMatchObject({ actor: { id: 'admin-ws-a' } });
    expect((await req('GET', '/api/retention/policies')).json()).toMatchObject({ lastPurge: { at: expect.any(String) } });

    // Nothing left to purge; other workspaces untouched.
    const again = (await req('GET', '/api/retention/preview')).json() as { classes: { total: number }[] };
    expect(again.classes.every((c) => c.total === 0)).toBe(true);
    expect(await remainingItems('ws-b')).toHaveLength(40);
  });

  it('removes nothing while a legal hold is on, by API or schedule, and resumes when lifted', async () => {
    const hold = admin('ws-hold');
    await req('PUT', '/api/retention/policies/test_items', { keepDays: 10 }, hold);
    const on = await req('PUT', '/api/retention/legal-hold', { enabled: true, reason: 'Case 42' }, hold);
    expect(on.json()).toMatchObject({ legalHold: { enabled: true, reason: 'Case 42', setBy: 'admin-ws-hold' } });
    const preview = (await req('GET', '/api/retention/preview', undefined, hold)).json() as { legalHold: boolean; classes: { name: string; total: number }[] };
    expect(preview.legalHold).toBe(true);
    expect(preview.classes.find((c) => c.name === 'test_items')!.total).toBe(30);

    const refused = await req('POST', '/api/retention/purge', {}, hold);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'retention.legal_hold' });
    const reports = await purgeAllWorkspaces(t.ctx);
    expect(reports.map((r) => r.workspaceId)).not.toContain('ws-hold');
    expect(await remainingItems('ws-hold')).toHaveLength(40);
    const audit = (await req('GET', '/api/audit?action=retention.*', undefined, hold)).json() as { items: { action: string; outcome: string }[] };
    expect(audit.items.map((i) => `${i.action}:${i.outcome}`)).toEqual(
      expect.arrayContaining(['retention.legal_hold_enabled:success', 'retention.purge_refused:denied']),
    );

    await req('PUT', '/api/retention/legal-hold', { enabled: false }, hold);
    const after = await purgeAllWorkspaces(t.ctx);
    expect(after.find((r) => r.workspaceId === 'ws-hold')).toMatchObject({ heldBack: false, classes: [{ name: 'test_items', deleted: 30 }] });
    expect(await remainingItems('ws-hold')).toHaveLength(10);
  });
});
