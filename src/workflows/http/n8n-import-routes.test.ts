import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';

const as = (permissions = ['workflows:read', 'workflows:write', 'workflows:run']) => asPrincipal({ workspaceId: 'ws-a', permissions });
const fixture = (f: string) => readFileSync(new URL(`../../../test/fixtures/n8n/${f}`, import.meta.url), 'utf8');
type App = Awaited<ReturnType<typeof createTestApp>>;

describe('POST /api/workflows/import/n8n', () => {
  let t: App;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, { authenticator: testAuthenticator });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('creates an inactive draft from pasted JSON and answers with the report', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows/import/n8n', headers: as(), payload: { export: fixture('02-schedule-http-set-sheets.json') } });
    expect(r.statusCode).toBe(201);
    const out = r.json<{ workflow: { id: string; name: string; active: boolean }; report: { unmapped: { node: string }[] } }>();
    expect(out.workflow).toMatchObject({ name: 'Daily exchange rates to Google Sheets', active: false });
    expect(out.report.unmapped.map((u) => u.node)).toEqual(['Append to sheet']);
    const wf = (await t.app.inject({ method: 'GET', url: `/api/workflows/${out.workflow.id}`, headers: as() })).json<{ draft: { steps: { id: string }[] } }>();
    expect(wf.draft.steps.map((s) => s.id)).toEqual(['fetch_rates', 'shape_row', 'append_to_sheet']);
    const valid = (await t.app.inject({ method: 'POST', url: `/api/workflows/${out.workflow.id}/validate`, headers: as(), payload: {} })).json<{ issues: { code: string }[] }>();
    // Only what the workspace must provide is left (none here: the placeholder needs nothing).
    expect(valid.issues).toEqual([]);
  });

  it('translates only with save false, needs workflows:write, and refuses what is not an export', async () => {
    const dry = await t.app.inject({ method: 'POST', url: '/api/workflows/import/n8n', headers: as(), payload: { export: JSON.parse(fixture('01-webhook-if-slack.json')) as unknown, save: false } });
    expect(dry.statusCode).toBe(201);
    expect(dry.json<{ workflow: null }>().workflow).toBeNull();
    expect((await t.app.inject({ method: 'POST', url: '/api/workflows/import/n8n', headers: as(['workflows:read']), payload: { export: '{}' } })).statusCode).toBe(403);
    const notJson = await t.app.inject({ method: 'POST', url: '/api/workflows/import/n8n', headers: as(), payload: { export: '{ nodes: [' } });
    expect(notJson.statusCode).toBe(400);
    const notExport = await t.app.inject({ method: 'POST', url: '/api/workflows/import/n8n', headers: as(), payload: { export: { hello: 'world' } } });
    expect(notExport.statusCode).toBe(400);
    const tooMany = { nodes: Array.from({ length: 301 }, (_, i) => ({ name: `n${i}`, type: 'n8n-nodes-base.noOp', parameters: {} })), connections: {} };
    expect((await t.app.inject({ method: 'POST', url: '/api/workflows/import/n8n', headers: as(), payload: { export: tooMany } })).statusCode).toBe(400);
    const huge = await t.app.inject({ method: 'POST', url: '/api/workflows/import/n8n', headers: as(), payload: { export: 'x'.repeat(3 * 1024 * 1024) } });
    expect(huge.statusCode).toBe(413);
  });
});
