import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../test/support/principal.js';
import { usageCsv } from './usage-report.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

async function seed(t: TestApp) {
  const { db } = t.ctx;
  const now = '2026-11-20T10:00:00.000Z';
  await db.insertInto('auth_users').values({ id: 'u1', email: 'a@example.test', name: 'Ada', password_hash: null, last_workspace_id: null, created_at: now, updated_at: now }).execute();
  await db
    .insertInto('workflows')
    .values({ id: 'wf1', workspace_id: 'ws-a', name: 'Invoices', description: '', active: 1, latest_version: 1, published_version: 1, webhook_token_hash: null, webhook_hmac_sealed: null, pinned_trigger_data: null, created_by: 'u1', created_at: now, updated_at: now })
    .execute();
  // wf1 was made from a template (and another workspace used the same one).
  await db
    .insertInto('workflow_template_uses')
    .values([
      { workflow_id: 'wf1', workspace_id: 'ws-a', template_id: 'uptime-check-alert', created_by: 'u1', created_at: now },
      { workflow_id: 'wf-b', workspace_id: 'ws-b', template_id: 'uptime-check-alert', created_by: 'u1', created_at: now },
    ])
    .execute();
  const run = (id: string, ws: string, status: string, at: string) => ({
    id, workspace_id: ws, workflow_id: 'wf1', version: 1, status: status as 'succeeded', mode: 'live', trigger_type: 'manual', trigger_data: '{}', attempt_group: 0,
    lease_owner: null, lease_until: 0, error: null, output: null, parent_run_id: null, parent_step_key: null, created_at: at, started_at: at, finished_at: at, updated_at: at,
  });
  await db
    .insertInto('workflow_runs')
    .values([
      run('r1', 'ws-a', 'succeeded', '2026-11-20T09:00:00.000Z'),
      run('r2', 'ws-a', 'succeeded', '2026-11-20T11:00:00.000Z'),
      run('r3', 'ws-a', 'failed', '2026-11-21T09:00:00.000Z'),
      run('r4', 'ws-a', 'succeeded', '2026-10-01T09:00:00.000Z'), // out of range
      run('r5', 'ws-b', 'succeeded', '2026-11-20T09:00:00.000Z'), // other workspace
    ])
    .execute();
  const usage = (id: string, ws: string, model: string, inT: number, outT: number, cost: number) => ({
    id, workspace_id: ws, user_id: 'u1', provider: 'openai', model, feature: 'chat', input_tokens: inT, output_tokens: outT, cost_usd: cost, priced: 1, month: '2026-11', created_at: now,
  });
  await db.insertInto('ai_usage').values([usage('a1', 'ws-a', 'gpt-x', 100, 50, 0.25), usage('a2', 'ws-a', 'gpt-x', 200, 10, 0.5), usage('a3', 'ws-b', 'gpt-x', 9, 9, 9)]).execute();
  const doc = (id: string, ws: string, source: string, size: number) => ({
    id, workspace_id: ws, connection_id: 'c', source, external_id: id, title: id, path: null, url: null, mime: 'text/plain', owner: null, modified_at: null, revision: null,
    content_hash: null, size_bytes: size, chunk_count: 1, principals: '[]', status: 'indexed', sync_run_id: null, created_at: now, updated_at: now, indexed_at: now,
  });
  await db.insertInto('memory_documents').values([doc('d1', 'ws-a', 'upload', 10), doc('d2', 'ws-a', 'upload', 20), doc('d3', 'ws-a', 'google_drive', 5), doc('d4', 'ws-b', 'upload', 1)]).execute();
  await db
    .insertInto('memory_queries')
    .values([
      { id: 'q1', workspace_id: 'ws-a', query: 'budget', results: 3, latency_ms: 5, created_at: '2026-11-20T12:00:00.000Z' },
      { id: 'q2', workspace_id: 'ws-a', query: 'nothing', results: 0, latency_ms: 5, created_at: '2026-11-20T13:00:00.000Z' },
    ])
    .execute();
}

describe.each(dialects)('usage analytics on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('aggregates one workspace over the range, in the database', async () => {
    t = await createTestApp(dialect, {}, { authenticator: testAuthenticator });
    await seed(t);
    const admin = asPrincipal({ workspaceId: 'ws-a', role: 'admin', permissions: ['settings:manage'] });
    const res = await t.app.inject({ method: 'GET', url: '/api/analytics/usage?from=2026-11-01&to=2026-12-01', headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json() as Record<string, unknown>;
    expect(body['runsPerDay']).toEqual([
      { day: '2026-11-20', workflowId: 'wf1', workflowName: 'Invoices', status: 'succeeded', runs: 2 },
      { day: '2026-11-21', workflowId: 'wf1', workflowName: 'Invoices', status: 'failed', runs: 1 },
    ]);
    expect(body['ai']).toEqual([{ userId: 'u1', userName: 'Ada', provider: 'openai', model: 'gpt-x', calls: 2, inputTokens: 300, outputTokens: 60, costUsd: 0.75 }]);
    expect(body['memoryDocuments']).toEqual([
      { source: 'google_drive', documents: 1, bytes: 5 },
      { source: 'upload', documents: 2, bytes: 30 },
    ]);
    expect(body['searchesPerDay']).toEqual([{ day: '2026-11-20', searches: 2, zeroResults: 1 }]);
    expect(body['templates']).toEqual([{ templateId: 'uptime-check-alert', templateName: 'Uptime check with Slack alert', instantiations: 1, runs: 3 }]);
  });

  it('exports CSV, refuses non-admins and a reversed range', async () => {
    t = await createTestApp(dialect, {}, { authenticator: testAuthenticator });
    await seed(t);
    const admin = asPrincipal({ workspaceId: 'ws-a', role: 'admin', permissions: ['settings:manage'] });
    const csv = await t.app.inject({ method: 'GET', url: '/api/analytics/usage?from=2026-11-01&to=2026-12-01&format=csv', headers: admin });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('atom-usage-2026-11-01-2026-12-01.csv');
    expect(csv.body.split('\n')[1]).toBe('runs,2026-11-20,Invoices,succeeded,,,,,2,,,,,,,');
    expect(csv.body).toContain('\ntemplates,,,,,,,,3,,,,,,Uptime check with Slack alert,1\n');
    const member = asPrincipal({ workspaceId: 'ws-a', role: 'member', permissions: ['workflows:read'] });
    expect((await t.app.inject({ method: 'GET', url: '/api/analytics/usage', headers: member })).statusCode).toBe(403);
    const reversed = await t.app.inject({ method: 'GET', url: '/api/analytics/usage?from=2026-12-01&to=2026-11-01', headers: admin });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ errors: [{ field: 'query.from' }] });
  });
});

describe('usage CSV', () => {
  it('quotes separators and defuses spreadsheet formulas', () => {
    const csv = usageCsv({
      range: { from: '', to: '' },
      runsPerDay: [{ day: '2026-11-20', workflowId: 'w', workflowName: '=HYPERLINK("x"), "quoted"', status: 'succeeded', runs: 1 }],
      ai: [],
      memoryDocuments: [],
      searchesPerDay: [],
      templates: [],
    });
    expect(csv.split('\n')[1]).toBe(`runs,2026-11-20,"'=HYPERLINK(""x""), ""quoted""",succeeded,,,,,1,,,,,,,`);
  });
});
