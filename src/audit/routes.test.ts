import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../test/support/principal.js';
import { dropAppendOnlyGuard } from './fixtures/tamper.js';
import { recordAudit, verifyExport } from './index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const reader = (workspaceId: string) => asPrincipal({ workspaceId, userId: `reader-${workspaceId}`, permissions: ['audit:read'] });

describe.each(dialects)('audit API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { authenticator: testAuthenticator });
    const actions = ['auth.login', 'auth.login.failed', 'workflow.updated', 'workflow.run.started', 'connection.deleted'];
    for (let i = 0; i < 25; i++) {
      await recordAudit(t.ctx.db, {
        workspaceId: 'ws-a',
        actorId: i % 2 ? 'alice' : 'bob',
        actorType: i % 5 === 0 ? 'token' : 'user',
        action: actions[i % actions.length]!,
        target: { type: 'workflow', id: `wf-${i % 4}` },
        outcome: i % 7 === 0 ? 'failure' : 'success',
        ip: '192.0.2.7',
        userAgent: 'Mozilla/5.0',
        details: { i, note: i === 3 ? '=HYPERLINK("x"), "quoted"\nnew line' : 'plain' },
      });
    }
    await recordAudit(t.ctx.db, { workspaceId: 'ws-b', actorId: 'mallory', actorType: 'user', action: 'workflow.updated', outcome: 'success', target: { type: 'workflow', id: 'wf-b' } });
  });
  afterAll(() => t.cleanup());

  const get = (url: string, headers = reader('ws-a')) => t.app.inject({ method: 'GET', url, headers });

  it('needs audit:read', async () => {
    expect((await get('/api/audit', {} as never)).statusCode).toBe(401);
    const noPerm = asPrincipal({ workspaceId: 'ws-a', permissions: ['workflows:read'] });
    for (const url of ['/api/audit', '/api/audit/verify', '/api/audit/export']) expect((await get(url, noPerm)).statusCode).toBe(403);
  });

  it('lists newest first and pages with a cursor without overlap', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/audit?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { seq: number }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.seq));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
  });

  it('filters by actor, action (exact and prefix), target, outcome and time', async () => {
    const items = async (q: string) => ((await get(`/api/audit?limit=200&${q}`)).json() as { items: Record<string, unknown>[] }).items;
    expect((await items('actor=alice')).every((i) => (i['actor'] as { id: string }).id === 'alice')).toBe(true);
    expect(await items('actor=alice')).toHaveLength(12);
    expect(await items('action=auth.login')).toHaveLength(5);
    expect(await items('action=auth.*')).toHaveLength(10);
    expect(await items('action=workflow.*')).toHaveLength(10);
    expect(await items('targetType=workflow&targetId=wf-1')).toHaveLength(6);
    expect(await items('outcome=failure')).toHaveLength(4);
    expect(await items('actorType=token')).toHaveLength(5);
    expect(await items(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toHaveLength(0);
    expect(await items(`until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toHaveLength(25);
    const first = ((await get('/api/audit?limit=1')).json() as { items: Record<string, unknown>[] }).items[0]!;
    expect(first).toMatchObject({ ip: '192.0.2.7', userAgent: 'Mozilla/5.0', target: { type: 'workflow' } });
  });

  it('treats _ and % in an action prefix literally, and prefixes case-insensitively', async () => {
    for (const action of ['auth.login_failed', 'auth.loginxfailed', 'auth.login%x']) {
      await recordAudit(t.ctx.db, { workspaceId: 'ws-c', actorId: 'c', actorType: 'user', action: action.replace('%', 'pct'), outcome: 'success' });
    }
    const actions = async (prefix: string) =>
      ((await get(`/api/audit?action=${encodeURIComponent(prefix)}`, reader('ws-c'))).json() as { items: { action: string }[] }).items.map((i) => i.action);
    expect(await actions('auth.login_*')).toEqual(['auth.login_failed']);
    expect(await actions('AUTH.LOGIN_*')).toEqual(['auth.login_failed']);
    expect(await actions('auth.login%*')).toEqual([]);
    expect((await actions('auth.*')).sort()).toEqual(['auth.login_failed', 'auth.loginpctx', 'auth.loginxfailed']);
  });

  it('answers bad filters and cursors with 400 naming the field', async () => {
    const bad = await get('/api/audit?since=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'query.since' })] });
    const cursor = await get('/api/audit?cursor=nonsense');
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json()).toMatchObject({ code: 'audit.invalid_cursor' });
  });

  it('never shows another workspace’s entries', async () => {
    const a = (await get('/api/audit?limit=200')).json() as { items: { actor: { id: string } }[] };
    expect(a.items.some((i) => i.actor.id === 'mallory')).toBe(false);
    const b = (await get('/api/audit?limit=200', reader('ws-b'))).json() as { items: { actor: { id: string } }[] };
    expect(b.items.map((i) => i.actor.id)).toEqual(['mallory']);
    const exportB = await get('/api/audit/export', reader('ws-b'));
    expect(exportB.body).not.toContain('alice');
  });

  it('exports JSON lines and CSV, oldest first, and audits the export', async () => {
    const jsonl = await get('/api/audit/export?format=jsonl&actor=bob');
    expect(jsonl.statusCode).toBe(200);
    expect(jsonl.headers['content-type']).toMatch(/application\/x-ndjson/);
    expect(jsonl.headers['content-disposition']).toMatch(/attachment; filename="atom-audit-.*\.jsonl"/);
    const lines = jsonl.body.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; actor: { id: string } });
    expect(lines).toHaveLength(13);
    expect(lines.map((l) => l.seq)).toEqual([...lines.map((l) => l.seq)].sort((x, y) => x - y));

    const csv = await get('/api/audit/export?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = csv.body.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('seq,occurredAt,actorType,actorId,action,targetType,targetId,outcome,ip,userAgent,requestId,details,id,prevHash,hash');
    expect(rows.length).toBeGreaterThanOrEqual(26);
    // The quoted detail stays one cell; a formula-looking cell would be defused.
    expect(csv.body).toContain('""note"":""=HYPERLINK(\\""x\\""), \\""quoted\\""\\nnew line""');

    const exported = (await get('/api/audit?action=audit.exported')).json() as { items: { details: { format: string } }[] };
    expect(exported.items.map((i) => i.details.format).sort()).toEqual(['csv', 'jsonl']);
  });

  it('exports that verify offline: full, filtered, and caught when edited', async () => {
    const full = (await get('/api/audit/export?format=jsonl')).body.trim().split('\n');
    const check = await verifyExport(full);
    const head = (await get('/api/audit/verify')).json() as { headHash: string; headSeq: number };
    expect(check).toMatchObject({ ok: true, gaps: 0, firstSeq: 1, lastSeq: head.headSeq, lastHash: head.headHash });
    expect(check.entries).toBe(head.headSeq);

    const filtered = (await get('/api/audit/export?format=jsonl&actor=alice')).body.trim().split('\n');
    expect(await verifyExport(filtered)).toMatchObject({ ok: true, entries: 12 });
    expect((await verifyExport(filtered)).gaps).toBeGreaterThan(0);

    expect(full[4]).toContain('"outcome":"success"');
    const edited = full.map((l, i) => (i === 4 ? l.replace('"outcome":"success"', '"outcome":"denied"') : l));
    expect(await verifyExport(edited)).toMatchObject({ ok: false, firstAltered: { seq: 5, line: 5 } });
    const dropped = full.filter((_, i) => i !== 6);
    expect(await verifyExport(dropped)).toMatchObject({ ok: true, gaps: 1 });
  });

  it('verify reports ok, then the first broken link after tampering', async () => {
    const ok = (await get('/api/audit/verify')).json() as { ok: boolean; checked: number };
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThanOrEqual(25);
    await dropAppendOnlyGuard(t.ctx.db, dialect);
    await sql`update audit_log set details = '{"i":999}' where chain = 'ws-a' and seq = 9`.execute(t.ctx.db);
    const altered = (await get('/api/audit/verify')).json() as { ok: boolean; firstBroken: { seq: number; reason: string } };
    expect(altered).toMatchObject({ ok: false, firstBroken: { seq: 9, reason: 'altered' } });
    await sql`delete from audit_log where chain = 'ws-a' and seq = 4`.execute(t.ctx.db);
    const deleted = (await get('/api/audit/verify')).json() as { ok: boolean; firstBroken: { seq: number; reason: string } };
    expect(deleted).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'missing' } });
    // Another workspace's chain (its entry and the export above) is untouched by this.
    expect((await get('/api/audit/verify', reader('ws-b'))).json()).toMatchObject({ ok: true, checked: 2 });
  });
});
