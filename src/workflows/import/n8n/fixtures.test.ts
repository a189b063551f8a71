import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationActions, registerWorkflowActions } from '../../../integrations/index.js';
import { builtinActions, createActionRegistry } from '../../actions/index.js';
import { validateDefinition } from '../../definition/validate.js';
import { createEngineHarness, type EngineHarness } from '../../engine/testing.js';
import { importN8nDraft } from './index.js';

// Exports written from n8n's node documentation and template shapes (test/fixtures/n8n).
const dir = new URL('../../../../test/fixtures/n8n/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const load = (f: string, base?: string): unknown => JSON.parse(base ? readFileSync(new URL(f, dir), 'utf8').replaceAll('http://127.0.0.1:9', base) : readFileSync(new URL(f, dir), 'utf8'));

/** The nodes each export leaves as placeholders (or out), by name: the report is checked exactly. */
const expectedUnmapped: Record<string, string[]> = {
  '01-webhook-if-slack.json': [],
  '02-schedule-http-set-sheets.json': ['Append to sheet'],
  '03-gmail-trigger-notion.json': [],
  '04-loop-over-items-http.json': [],
  '05-merge-two-apis.json': [],
  '06-switch-ticket-router.json': [],
  '07-webhook-wait-respond.json': [],
  '08-execute-sub-workflow.json': ['Enrich lead'],
  '09-code-to-dropbox.json': [],
  '10-github-issue-to-asana.json': [],
  '11-legacy-cron-function-if.json': [],
  '12-drive-trigger-share.json': [],
  '13-openai-summarize.json': ['OpenAI'],
  '14-calendar-digest.json': [],
  '15-form-airtable-telegram.json': ['On form submission', 'Save to Airtable', 'Telegram'],
  '16-untranslatable-expressions.json': [],
};
const expectedTrigger: Record<string, string> = {
  '01-webhook-if-slack.json': 'webhook',
  '02-schedule-http-set-sheets.json': 'schedule',
  '03-gmail-trigger-notion.json': 'integration:gmail.new_email',
  '04-loop-over-items-http.json': 'manual',
  '05-merge-two-apis.json': 'manual',
  '06-switch-ticket-router.json': 'webhook',
  '07-webhook-wait-respond.json': 'webhook',
  '08-execute-sub-workflow.json': 'manual',
  '09-code-to-dropbox.json': 'schedule',
  '10-github-issue-to-asana.json': 'integration:github.new_issue',
  '11-legacy-cron-function-if.json': 'schedule',
  '12-drive-trigger-share.json': 'integration:google_drive.file_changed',
  '13-openai-summarize.json': 'webhook',
  '14-calendar-digest.json': 'schedule',
  '15-form-airtable-telegram.json': 'manual',
  '16-untranslatable-expressions.json': 'webhook',
};

/** Every credential id and name in an export (they must never reach the draft). */
function credentialStrings(exp: unknown): string[] {
  const out: string[] = [];
  for (const n of (exp as { nodes: { credentials?: Record<string, { id?: string; name?: string }> }[] }).nodes)
    for (const c of Object.values(n.credentials ?? {})) out.push(...[c.id, c.name].filter((x): x is string => typeof x === 'string'));
  return out;
}

describe('n8n import: fixtures', () => {
  let h: EngineHarness;
  let server: Server;
  let base = '';
  const received: { method: string; url: string; body: string }[] = [];
  const actions = createActionRegistry(builtinActions);

  beforeAll(async () => {
    h = await createEngineHarness('embedded-sqlite', { actions });
    registerWorkflowActions(h.t.ctx, actions, integrationActions);
    // A local API standing in for the services the exports call.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', body });
        const data: Record<string, unknown> = {
          '/users': [{ id: 1, name: 'Ada' }],
          '/orders': [{ id: 9, total: 42 }],
          '/contacts': [{ email: 'a@example.com', firstName: 'Ada', lastName: 'L', score: 7 }, { email: 'b@example.com', firstName: 'Bob', lastName: 'K', score: 3 }],
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data[req.url ?? ''] ?? { ok: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await h.close();
  });

  it('has at least 15 exports', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(expectedUnmapped).sort()).toEqual(fixtures);
  });

  it.each(fixtures)('%s imports into a draft that validates, with the expected report', async (f) => {
    const exp = load(f);
    const { definition, report, issues } = await importN8nDraft(exp, { actions });
    expect(issues).toEqual([]);
    expect(await validateDefinition(definition, { actions })).toEqual([]);
    expect(report.unmapped.map((u) => u.node).sort()).toEqual([...(expectedUnmapped[f] ?? [])].sort());
    expect(report.trigger.atomType).toBe(expectedTrigger[f]);
    // Every placeholder is in the draft, marked, and every node is accounted for.
    const text = JSON.stringify(definition);
    for (const u of report.unmapped) if (u.stepId) expect(text).toContain(`n8n placeholder: ${u.node}`);
    const names = (exp as { nodes: { name: string; type: string }[] }).nodes.filter((n) => !n.type.endsWith('stickyNote')).map((n) => n.name);
    const accounted = new Set([report.trigger.node, ...report.mapped.map((m) => m.node), ...report.unmapped.map((u) => u.node)]);
    for (const n of names) expect(accounted.has(n), n).toBe(true);
    // Credentials are never imported: no credential id or name appears in the draft.
    for (const s of credentialStrings(exp)) expect(text).not.toContain(s);
  });

  it('lists the connections and secrets to create instead of importing credentials', async () => {
    const router = await importN8nDraft(load('06-switch-ticket-router.json'), { actions });
    expect(router.report.connectionsToCreate.map((c) => [c.service, c.n8nCredentialType, c.usedBy])).toEqual([
      ['github', 'githubApi', ['Create GitHub issue']],
      ['trello', 'trelloApi', ['Create Trello card']],
      ['microsoft-teams', 'microsoftTeamsOAuth2Api', ['Ask in Teams']],
      ['gmail', 'gmailOAuth2', ['Forward by email']],
    ]);
    const wait = await importN8nDraft(load('07-webhook-wait-respond.json'), { actions });
    expect(wait.report.secretsToCreate).toEqual([{ name: 'N8N_HTTP_BEARER_AUTH', n8nCredentialType: 'httpBearerAuth', usedBy: ['Notify partner'] }]);
  });

  it('reports expressions it could not translate and leaves an inert marker', async () => {
    const { report, definition } = await importN8nDraft(load('16-untranslatable-expressions.json'), { actions });
    expect(report.expressionWarnings.map((w) => [w.node, w.field])).toEqual([['Compute totals', 'field total']]);
    expect(JSON.stringify(definition)).toContain('[n8n value of total not translated]');
  });

  it('maps Execute Workflow to a sub-workflow once the called workflow is imported', async () => {
    const child = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'echo', type: 'transform', expression: 'trigger' }] }, 'Lead enrichment');
    const lookupWorkflow = async (id: string) => (id === child.id ? (await h.engine.workflows.getVersion('ws-engine', id, 1)).definition : undefined);
    const { definition, report } = await importN8nDraft(load('08-execute-sub-workflow.json'), { actions, workflowIds: { K7hQ2rT9wZ1xV3bN: child.id }, lookupWorkflow });
    expect(report.unmapped).toEqual([]);
    expect(definition.steps?.[1]).toMatchObject({ type: 'sub_workflow', workflowId: child.id, input: { item: '{{ steps.lead }}' } });
  });

  const runImported = async (f: string, triggerData: unknown, mode: 'dry' | 'live') => {
    const { definition } = await importN8nDraft(load(f, base), { actions });
    const wf = await h.publish(definition, f);
    const run = await h.finished(await h.run(wf.id, triggerData, mode));
    return { run, journal: await h.journal(run.id) };
  };

  it('dry runs three imported workflows end to end: nothing is sent to the API', async () => {
    received.length = 0;
    const order = await runImported('01-webhook-if-slack.json', { body: { amount: 1500, customer: 'Ada', currency: 'EUR' } }, 'dry');
    expect(order.run.status).toBe('succeeded');
    expect(order.journal.get('post_to_sales')?.input).toMatchObject({ channel: 'C0123SALES', text: ':moneybag: New order from Ada: 1500 EUR' });

    const loop = await runImported('04-loop-over-items-http.json', {}, 'dry');
    expect(loop.run.status).toBe('succeeded');
    expect(loop.journal.get('summary_to_slack')?.status).toBe('succeeded');

    const callback = await runImported('07-webhook-wait-respond.json', { body: { partnerId: 'p1', orderId: 'o-77' } }, 'dry');
    expect(callback.run.status).toBe('succeeded');
    expect(callback.journal.get('notify_partner')?.input).toMatchObject({ url: 'https://partner.example.com/hooks/p1', body: { orderId: 'o-77', status: 'processed' } });
    expect(callback.run.output).toBe(JSON.stringify({ ok: true, order: 'o-77' }));
    expect(received).toEqual([]);
  });

  it('runs an imported n8n Function node in the sandboxed code step (dry run)', async () => {
    const weekly = await runImported('11-legacy-cron-function-if.json', {}, 'dry');
    expect(weekly.run.status).toBe('succeeded');
    expect(weekly.journal.get('function_step')?.inlineOutput).toMatchObject({ total: 1 });
    expect(weekly.journal.get('send_report')?.input).toMatchObject({ to: ['manager@acme.test', 'lead@acme.test'], body: 'Items this week: 1' });
  });

  it('keeps text from the export inert: a literal {{ secrets.X }} is sent as text, never resolved', async () => {
    const exp = {
      name: 'inert',
      nodes: [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
        { name: 'Say', type: 'n8n-nodes-base.slack', typeVersion: 2.2, parameters: { select: 'channel', channelId: 'C1', text: 'token: {{ secrets.SLACK_TOKEN }}' }, credentials: { slackApi: { id: 'cred-9', name: 'Ops Slack token' } } },
        { name: 'Env', type: 'n8n-nodes-base.slack', typeVersion: 2.2, parameters: { select: 'channel', channelId: 'C1', text: '={{ $env.DATABASE_URL }}' } },
      ],
      connections: { Start: { main: [[{ node: 'Say', type: 'main', index: 0 }]] }, Say: { main: [[{ node: 'Env', type: 'main', index: 0 }]] } },
    };
    const { definition, report } = await importN8nDraft(exp, { actions });
    expect(report.expressionWarnings.map((w) => w.expression)).toEqual(['$env.DATABASE_URL']);
    const wf = await h.publish(definition, 'inert');
    const run = await h.finished(await h.run(wf.id, {}, 'dry'));
    const journal = await h.journal(run.id);
    expect(run.status).toBe('succeeded');
    expect(journal.get('say')?.input).toMatchObject({ text: 'token: {{ secrets.SLACK_TOKEN }}' });
    expect(journal.get('env')?.input).toMatchObject({ text: '[n8n expression not translated: $env.DATABASE_URL]' });
    expect(JSON.stringify(definition)).not.toContain('cred-9');
  });

  it('runs imported HTTP workflows live against the local API', async () => {
    received.length = 0;
    const merged = await runImported('05-merge-two-apis.json', {}, 'live');
    expect(merged.run.status).toBe('succeeded');
    expect(JSON.parse(merged.run.output ?? 'null')).toEqual({ records: [{ id: 1, name: 'Ada' }, { id: 9, total: 42 }], source: 'merged' });

    const ledger = await runImported('16-untranslatable-expressions.json', { body: { id: 'A-1', customer: { name: 'ada', tier: 'gold', orders: 1 }, items: [] } }, 'live');
    expect(ledger.run.status).toBe('succeeded');
    const post = received.find((r) => r.url === '/ledger');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({ order: 'A-1', customer: 'ADA', vip: true });
  });
});
