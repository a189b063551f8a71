import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { parseEventStream } from './event-stream.js';
import { provideAgentPorts, type RunStatus } from './ports.js';

const KEY = 'sk-workflow-tools-key-123456789';
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use', 'memory:read', 'workflows:read', 'workflows:write', 'workflows:run'] });
const started: string[] = [];
const drafts: { name: string; definition: unknown }[] = [];
const failedRun: RunStatus = {
  runId: 'run-9',
  workflowId: 'wf-1',
  status: 'failed',
  steps: [
    { id: 'fetch', status: 'succeeded' },
    { id: 'post_message', status: 'failed', error: { code: 'slack.auth.invalid_token', message: 'Slack answered 401 invalid_auth' } },
  ],
};

let t: Awaited<ReturnType<typeof createTestApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
const chat = async (message: string) => parseEventStream((await t.app.inject({ method: 'POST', url: '/api/chat', headers: me, payload: { message } })).body);

beforeAll(async () => {
  t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  openai = await startFakeOpenAI({ keys: [KEY] });
  await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: me, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
  provideAgentPorts(t.ctx, {
    workflows: {
      list: async () => [{ id: 'wf-1', name: 'Invoices to Slack', active: true, lastRunStatus: 'failed' }],
      saveDraft: async (q) => {
        drafts.push({ name: q.name, definition: q.definition });
        return { id: 'wf-new' };
      },
      run: async (q) => {
        started.push(q.workflowId);
        return { runId: 'run-10' };
      },
      runStatus: async ({ runId }) => (runId === 'run-9' ? failedRun : undefined),
    },
  });
});
afterAll(async () => {
  await t.cleanup();
  await openai.close();
});

describe('workflow tools of the chat agent', () => {
  it('lists workflows and explains a failed run from its failing step', async () => {
    openai.script({ toolCalls: [{ name: 'list_workflows', args: {} }, { name: 'explain_run_failure', args: { runId: 'run-9' } }] }, (req) => {
      expect(req.body).toContain('Invoices to Slack');
      expect(req.body).toContain('post_message');
      expect(req.body).toContain('reconnect the service in Connections');
      return { text: 'The Slack step failed because the connection lost access; reconnect Slack.' };
    });
    const events = await chat('Why did my invoices workflow fail?');
    expect(events.filter((e) => e.event === 'tool' && e.data.status === 'done').map((e) => e.data.name)).toEqual(['list_workflows', 'explain_run_failure']);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered' } });
  });

  it('asks before running a workflow, and runs it once confirmed', async () => {
    openai.script({ toolCalls: [{ name: 'run_workflow', args: { workflowId: 'wf-1' } }] });
    const events = await chat('Run the invoices workflow now');
    const confirm = events.find((e) => e.event === 'confirm')!;
    expect(confirm.data).toMatchObject({ name: 'run_workflow', summary: 'Run workflow wf-1' });
    expect(started).toEqual([]);
    openai.script({ text: 'Started run run-10.' });
    const after = parseEventStream((await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm.data.pendingId)}/confirm`, headers: me })).body);
    expect(started).toEqual(['wf-1']);
    expect(after.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered' } });
  });

  it('drafts a workflow from the conversation and saves it as a draft', async () => {
    openai.script(
      { toolCalls: [{ name: 'create_workflow', args: { request: 'Every weekday at 9am post to #standup on Slack' } }] },
      // Then the planner's own model call (the key is set up), then the agent's answer.
      { text: JSON.stringify({ name: 'Standup reminder', summary: 'Every weekday at 9:00 it logs a reminder.', definition: { trigger: { type: 'schedule', cron: '0 9 * * 1-5' }, steps: [{ type: 'action', id: 'log', action: 'core.log', input: { message: 'standup' } }] } }) },
      { text: 'I drafted “Standup reminder”; review and activate it in Workflows.' },
    );
    const events = await chat('Remind the team about standup every weekday at 9');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered' } });
    expect(drafts).toEqual([expect.objectContaining({ name: 'Standup reminder' })]);
    // The same workflow card as without a model (open / dry run / activate in the page).
    expect(events.find((e) => e.event === 'card')?.data.card).toMatchObject({ kind: 'workflow', workflowId: 'wf-new', name: 'Standup reminder', planner: 'model' });
  });
});
