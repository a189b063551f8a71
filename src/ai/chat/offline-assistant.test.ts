import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { workflowRuntime } from '../../workflows/runtime.js';
import { parseEventStream } from './event-stream.js';
import { classify, HELP, MODEL_NOTE } from './offline-assistant.js';

const full = ['ai:use', 'memory:read', 'memory:write', 'workflows:read', 'workflows:write', 'workflows:run', 'connections:read', 'connections:manage'];
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: full });
const colleague = asPrincipal({ userId: 'u2', workspaceId: 'ws1', permissions: full });
const viewer = asPrincipal({ userId: 'u3', workspaceId: 'ws1', role: 'viewer', permissions: ['ai:use', 'memory:read', 'workflows:read', 'connections:read'] });
const stranger = asPrincipal({ userId: 'u9', workspaceId: 'ws2', permissions: full });
type Headers = typeof me;
type Event = ReturnType<typeof parseEventStream>[number];

describe('offline intent router: what a message asks for', () => {
  it.each([
    ['every Monday at 9am post a summary of new Drive files to #team on Slack', 'automate'],
    ['When a new file is added to Drive, email me', 'automate'],
    ['post a summary of new Drive files to Slack', 'automate'],
    ['How many days of paid leave do I get?', 'documents'],
    ['board approved hiring plan', 'documents'],
    ['run Weekly report', 'run'],
    ['please run the "Invoices to Slack" workflow now', 'run'],
    ['what failed today?', 'failed'],
    ['show me failed runs', 'failed'],
    ['connect Slack', 'connect'],
    ['connect to my Google Drive account', 'connect'],
    ['hello', 'help'],
    ['what can you do', 'help'],
  ])('%s → %s', (message, kind) => {
    expect(classify(message).kind).toBe(kind);
  });

  it('keeps the name to run and the service to connect', () => {
    expect(classify('please run the "Invoices to Slack" workflow now')).toEqual({ kind: 'run', name: 'Invoices to Slack' });
    expect(classify('connect to my Google Drive account')).toEqual({ kind: 'connect', service: 'Google Drive' });
    expect(classify('search my documents for the leave policy?')).toEqual({ kind: 'documents', query: 'the leave policy' });
  });
});

describe.each(dialects)('chat without a model key (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const chat = async (headers: Headers, message: string, conversationId?: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/chat', headers, payload: { message, ...(conversationId ? { conversationId } : {}) } });
    expect(res.statusCode, res.body).toBe(200);
    return parseEventStream(res.body);
  };
  const textOf = (events: Event[]) => events.filter((e) => e.event === 'delta').map((e) => String(e.data.text)).join('');
  const convOf = (events: Event[]) => String(events.find((e) => e.event === 'conversation')!.data.conversationId);
  const upload = async (headers: Headers, name: string, body: string, visibility?: 'private') => {
    const b = '----atomoffline';
    const field = visibility ? `--${b}\r\ncontent-disposition: form-data; name="visibility"\r\n\r\n${visibility}\r\n` : '';
    const payload = Buffer.from(`${field}--${b}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: text/markdown\r\n\r\n${body}\r\n--${b}--\r\n`);
    const res = await t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${b}` }, payload });
    expect(res.statusCode, res.body).toBe(201);
  };
  const createWorkflow = async (name: string, steps: unknown[]) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: me, payload: { name, definition: { trigger: { type: 'manual' }, steps } } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
    workflowRuntime(t.ctx).startWorkers();
    await upload(me, 'leave-policy.md', '# Leave policy\n\nEmployees get 27 days of paid annual leave, plus public holidays. Up to 5 unused days carry over to the next year.');
    await upload(colleague, 'salary-bands.md', '# Salary bands\n\nSenior engineers: 91k to 120k. Keep this private.', 'private');
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('drafts a workflow from a request and shows it as a card; it can be activated; the key note comes once', async () => {
    const events = await chat(me, 'every hour call https://example.com/ping');
    expect(events.filter((e) => e.event === 'tool').map((e) => [e.data.name, e.data.status])).toEqual([['create_workflow', 'running'], ['create_workflow', 'done']]);
    const card = events.find((e) => e.event === 'card')!.data.card as { workflowId: string; name: string; status: string; planner: string };
    expect(card).toMatchObject({ kind: 'workflow', status: 'draft', planner: 'offline' });
    const text = textOf(events);
    expect(text).toContain(`I drafted “${card.name}”`);
    expect(text).toContain(MODEL_NOTE);
    expect(text).toContain('[Settings → AI](/settings/ai)');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered', model: 'offline' } });

    const wf = await t.app.inject({ method: 'GET', url: `/api/workflows/${card.workflowId}`, headers: me });
    expect(wf.json()).toMatchObject({ active: false });
    const activated = await t.app.inject({ method: 'POST', url: `/api/workflows/${card.workflowId}/activate`, headers: me, payload: {} });
    expect(activated.statusCode, activated.body).toBe(200);

    // The same conversation: a second answer does not repeat the note; the stored history keeps the card.
    const again = await chat(me, 'hello', convOf(events));
    expect(textOf(again)).toBe(HELP);
    const conv = (await t.app.inject({ method: 'GET', url: `/api/conversations/${convOf(events)}`, headers: me })).json<{ messages: { role: string; card?: { workflowId: string } }[] }>();
    expect(conv.messages.find((m) => m.card)?.card?.workflowId).toBe(card.workflowId);
  });

  it("asks the planner's questions in the conversation, saves nothing until answered, then drafts with the answer", async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/workflows?limit=500', headers: me })).json<{ items: unknown[] }>().items.length;
    const asked = await chat(me, 'post a summary of new Drive files to Slack');
    expect(asked.find((e) => e.event === 'card')).toBeUndefined();
    expect(textOf(asked)).toMatch(/To draft this I need to know:\n- When should this run/);
    expect((await t.app.inject({ method: 'GET', url: '/api/workflows?limit=500', headers: me })).json<{ items: unknown[] }>().items).toHaveLength(before);

    const answered = await chat(me, 'every Monday at 9am, in #team', convOf(asked));
    const card = answered.find((e) => e.event === 'card')?.data.card as { workflowId: string; status: string } | undefined;
    expect(card?.status).toBe('draft');
    const wf = (await t.app.inject({ method: 'GET', url: `/api/workflows/${card!.workflowId}`, headers: me })).json<{ draft: { trigger: { cron?: string }; steps: { action?: string; input?: { channel?: string } }[] } }>();
    expect(wf.draft.trigger.cron).toBe('0 9 * * 1');
    expect(wf.draft.steps.find((s) => s.action === 'slack.post_message')?.input?.channel).toBe('#team');
    expect(textOf(answered)).not.toContain(MODEL_NOTE);
  });

  it("answers a document question with the passage and a link, with the caller's rights", async () => {
    const events = await chat(me, 'How many days of paid annual leave do I get?');
    const citations = events.find((e) => e.event === 'citations')!.data.citations as { n: number; title: string; url: string; documentId: string }[];
    expect(citations[0]).toMatchObject({ n: 1, title: expect.stringMatching(/leave/i), url: `/memory/documents/${citations[0]!.documentId}` });
    expect(textOf(events)).toMatch(/^From your documents:\n\n\[1\] .*27 days of paid annual leave/);
    // A colleague's private document is not found, nor is anything from another workspace.
    expect(textOf(await chat(me, 'salary bands for senior engineers?'))).not.toContain('91k');
    const outside = await chat(stranger, 'How many days of paid annual leave do I get?');
    expect(textOf(outside)).toMatch(/^Nothing in your documents matches/);
    expect(textOf(await chat(colleague, 'salary bands for senior engineers?'))).toContain('91k');
  });

  it('runs a workflow by name after confirmation; a viewer and another workspace cannot', async () => {
    const id = await createWorkflow('Weekly report', [{ id: 'a', type: 'transform', expression: '1 + 1' }]);
    const asked = await chat(me, 'run weekly report');
    const confirm = asked.find((e) => e.event === 'confirm')!;
    expect(confirm.data).toMatchObject({ name: 'run_workflow', input: { workflowId: id }, target: { destination: [{ label: 'Workflow', value: `Weekly report (${id})` }] } });
    expect(asked.at(-1)).toMatchObject({ event: 'done', data: { status: 'awaiting_confirmation' } });
    const ran = parseEventStream((await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm.data.pendingId)}/confirm`, headers: me })).body);
    const runId = /\/workflows\/runs\/([^)]+)\)/.exec(textOf(ran))?.[1];
    expect(textOf(ran)).toMatch(/^Started “Weekly report”: \[open the run\]/);
    expect((await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: me })).json()).toMatchObject({ workflowId: id });

    const byViewer = await chat(viewer, 'run weekly report');
    expect(byViewer.find((e) => e.event === 'confirm')).toBeUndefined();
    expect(byViewer.filter((e) => e.event === 'tool' && e.data.name === 'run_workflow').map((e) => e.data.status)).toEqual(['failed']);
    expect(textOf(byViewer)).toMatch(/^I can't run that workflow: /);
    expect(textOf(await chat(viewer, 'every hour call https://example.com/ping'))).toMatch(/^I can't draft that workflow: /);

    const fromOutside = await chat(stranger, 'run weekly report');
    expect(fromOutside.find((e) => e.event === 'confirm')).toBeUndefined();
    expect(textOf(fromOutside)).toMatch(/^There is no workflow called “weekly report” in this workspace\./);
  });

  it('lists what failed today with links, and links to connect a service', async () => {
    const id = await createWorkflow('Broken sync', [{ id: 'boom', type: 'transform', expression: '$error("upstream said no")' }]);
    const run = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: me, payload: {} });
    expect(run.statusCode, run.body).toBeLessThan(300);
    const runId = run.json<{ id: string }>().id;
    for (let i = 0; i < 300; i++) {
      if ((await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: me })).json<{ status: string }>().status === 'failed') break;
      await new Promise((r) => setTimeout(r, 30));
    }
    const text = textOf(await chat(me, 'what failed today?'));
    expect(text).toContain(`[Broken sync](/workflows/w/${id})`);
    expect(text).toContain(`[open the run](/workflows/runs/${runId})`);
    expect(text).toContain('upstream said no');
    expect(textOf(await chat(stranger, 'what failed today?'))).toMatch(/^No workflow run failed/);

    expect(textOf(await chat(me, 'connect Slack'))).toContain('[Connect Slack](/integrations?connect=slack)');
    expect(textOf(await chat(viewer, 'connect Slack'))).toMatch(/^I can't connect services: Your role \(viewer\)/);
  });

  it('keeps a failed turn in the conversation with its error, and says the provider refused the key', async () => {
    const KEY = 'sk-offline-test-key-1234567890';
    const openai = await startFakeOpenAI({ keys: [KEY] });
    try {
      const keyed = asPrincipal({ userId: 'u5', workspaceId: 'ws1', permissions: full });
      expect((await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: keyed, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } })).statusCode).toBe(201);
      openai.script({ status: 401 });
      const events = await chat(keyed, 'What is our leave policy?');
      expect(events.find((e) => e.event === 'error')?.data).toMatchObject({ code: 'ai.key_refused', message: expect.stringMatching(/^OpenAI refused the key/) });
      const id = convOf(events);
      const list = (await t.app.inject({ method: 'GET', url: '/api/conversations', headers: keyed })).json<{ conversations: { id: string }[] }>();
      expect(list.conversations.map((c) => c.id)).toContain(id);
      const conv = (await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: keyed })).json<{ messages: { role: string; via: string; text: string }[] }>();
      expect(conv.messages.map((m) => [m.role, m.via])).toEqual([['user', 'text'], ['assistant', 'error']]);
      expect(conv.messages[1]!.text).toMatch(/Settings → AI/);
    } finally {
      await openai.close();
    }
  });
});
