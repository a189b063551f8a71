import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { parseEventStream } from './event-stream.js';
import { provideAgentPorts, type DocumentHit } from './ports.js';

const KEY = 'sk-chat-test-key-1234567890abcd';
const LEAKED = 'sk-live-abcdefghijklmnopqrstuvwx';
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use', 'memory:read', 'workflows:read', 'workflows:write', 'workflows:run'] });
const someoneElse = asPrincipal({ userId: 'u2', workspaceId: 'ws1', permissions: ['ai:use', 'memory:read', 'workflows:read', 'workflows:write', 'workflows:run'] });

const docs: DocumentHit[] = [
  { documentId: 'doc-q3', title: 'Q3 financial report.pdf', url: '/memory/documents/doc-q3', snippet: 'Revenue in Q3 2026 was $1.2M, up 14% on Q2.' },
  { documentId: 'doc-ops', title: 'Ops runbook', url: '/memory/documents/doc-ops', snippet: `Deploy with the key ${LEAKED} and the token ${KEY}.` },
];
const sentEmails: unknown[] = [];

let t: Awaited<ReturnType<typeof createTestApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;

const chat = async (payload: Record<string, unknown>) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/chat', headers: me, payload });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/event-stream');
  return parseEventStream(res.body);
};
const lastModelInput = () => openai.requests.filter((r) => r.url === '/v1/responses').at(-1)!.body;

beforeAll(async () => {
  t = await createTestApp('sqlite', { ATOM_AI_CONTEXT_TOKENS: '1000', ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  openai = await startFakeOpenAI({ keys: [KEY] });
  const res = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: me, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
  expect(res.statusCode).toBe(201);
  provideAgentPorts(t.ctx, {
    memory: { search: async ({ query }) => docs.filter((d) => query.split(/\s+/).some((w) => `${d.title} ${d.snippet}`.toLowerCase().includes(w.toLowerCase()))) },
    actions: {
      list: async () => [
        { id: 'gmail.send_email', title: 'Send an email', description: 'Sends an email from Gmail', sideEffect: true, input: z.object({ to: z.email(), subject: z.string(), body: z.string() }) },
        { id: 'gmail.search_emails', title: 'Search emails', description: 'Finds emails', sideEffect: false, input: z.object({ query: z.string() }) },
      ],
      run: async ({ actionId, input }) => {
        if (actionId === 'gmail.send_email') sentEmails.push(input);
        return { id: 'sent-1' };
      },
    },
  });
});
afterAll(async () => {
  await t.cleanup();
  await openai.close();
});

describe('chat agent', () => {
  it('answers a question from a document with a citation linking to it', async () => {
    openai.script(
      { toolCalls: [{ name: 'search_documents', args: { query: 'Q3 revenue' } }] },
      (req) => {
        // The model sees the search result, numbered for citation.
        expect(req.body).toContain('Revenue in Q3 2026 was $1.2M');
        expect(req.body).toContain('\\"ref\\":1');
        return { text: 'Q3 revenue was $1.2M, up 14% [1].' };
      },
    );
    const events = await chat({ message: 'What was our Q3 revenue?' });
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('conversation');
    expect(names).toContain('delta');
    expect(events.filter((e) => e.event === 'tool').map((e) => e.data.status)).toEqual(['running', 'done']);
    const citations = events.find((e) => e.event === 'citations')!.data.citations as { n: number; documentId: string; url: string }[];
    expect(citations).toEqual([expect.objectContaining({ n: 1, documentId: 'doc-q3', url: '/memory/documents/doc-q3' })]);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered' } });
    const text = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
    expect(text).toBe('Q3 revenue was $1.2M, up 14% [1].');

    const id = String(events[0]!.data.conversationId);
    const conv = (await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: me })).json();
    expect(conv.conversation.title).toBe('What was our Q3 revenue?');
    expect(conv.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(conv.messages.at(-1).citations[0]).toMatchObject({ documentId: 'doc-q3', title: 'Q3 financial report.pdf' });
  });

  it('pauses an email for confirmation and sends nothing when it is cancelled', async () => {
    openai.script({ toolCalls: [{ name: 'run_action', args: { actionId: 'gmail.send_email', input: { to: 'bob@example.com', subject: 'Q3', body: 'Revenue was $1.2M.' } } }] });
    const events = await chat({ message: 'Email Bob the Q3 revenue' });
    const confirm = events.find((e) => e.event === 'confirm')!;
    expect(confirm.data).toMatchObject({ name: 'run_action', summary: expect.stringContaining('gmail.send_email') });
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'awaiting_confirmation' } });
    expect(sentEmails).toEqual([]);

    const conversationId = String(events[0]!.data.conversationId);
    const pending = (await t.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}`, headers: me })).json().pending;
    expect(pending).toHaveLength(1);

    // Nobody else can decide it.
    const foreign = await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm.data.pendingId)}/cancel`, headers: someoneElse });
    expect(foreign.statusCode).toBe(404);

    const modelCalls = openai.requests.length;
    const cancel = await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm.data.pendingId)}/cancel`, headers: me });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', conversationId });
    expect(sentEmails).toEqual([]);
    expect(openai.requests.length).toBe(modelCalls);

    const again = await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm.data.pendingId)}/confirm`, headers: me });
    expect(again.statusCode).toBe(409);
    expect(sentEmails).toEqual([]);
  });

  it('sends the email once the person confirms, then continues the answer', async () => {
    openai.script({ toolCalls: [{ name: 'run_action', args: { actionId: 'gmail.send_email', input: { to: 'bob@example.com', subject: 'Hi', body: 'Hello Bob' } } }] });
    const events = await chat({ message: 'Say hello to Bob by email' });
    const pendingId = String(events.find((e) => e.event === 'confirm')!.data.pendingId);
    expect(sentEmails).toEqual([]);
    openai.script((req) => {
      expect(req.body).toContain('sent-1');
      return { text: 'Done — the email to Bob is sent.' };
    });
    const res = await t.app.inject({ method: 'POST', url: `/api/chat/pending/${pendingId}/confirm`, headers: me });
    const after = parseEventStream(res.body);
    expect(after.filter((e) => e.event === 'tool').map((e) => e.data.status)).toEqual(['running', 'done']);
    expect(after.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered' } });
    expect(sentEmails).toEqual([{ to: 'bob@example.com', subject: 'Hi', body: 'Hello Bob' }]);
  });

  it('runs read-only actions without asking', async () => {
    openai.script({ toolCalls: [{ name: 'run_action', args: { actionId: 'gmail.search_emails', input: { query: 'invoice' } } }] }, { text: 'Found one.' });
    const events = await chat({ message: 'Any invoice emails?' });
    expect(events.some((e) => e.event === 'confirm')).toBe(false);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered' } });
  });

  it('never shows raw secrets to the model', async () => {
    openai.script({ toolCalls: [{ name: 'search_documents', args: { query: 'deploy runbook' } }] }, { text: 'The runbook describes deploys [1].' });
    await chat({ message: 'How do we deploy?' });
    const input = lastModelInput();
    expect(input).toContain('Deploy with the key');
    expect(input).not.toContain(LEAKED);
    expect(input).not.toContain(KEY);
    expect(input).toContain('[redacted]');
    expect(t.logs.text).not.toContain(KEY);
  });

  it('windows a long conversation and sends a summary of what fell out', async () => {
    const long = (n: number) => `Message ${n}: ${'details about the project timeline '.repeat(40)}`;
    // Summary requests and chat requests both reach the fake: answer each by what it asks.
    const reply = (req: { body: string }) =>
      req.body.includes('Summarise this conversation') ? { text: 'SUMMARY: the user described the project timeline in long messages.' } : { text: 'Noted.' };
    let conversationId: string | undefined;
    for (let i = 1; i <= 5; i++) {
      openai.script(reply, reply);
      const ev = await chat({ message: i === 5 ? 'Where are we?' : long(i), ...(conversationId ? { conversationId } : {}) });
      conversationId = String(ev[0]!.data.conversationId);
    }
    const input = lastModelInput();
    expect(input).toContain('SUMMARY: the user described the project timeline');
    expect(input).not.toContain('Message 1:');
    expect(input).toContain('Where are we?');
    const conv = await t.ctx.db.selectFrom('ai_conversations').selectAll().where('id', '=', conversationId!).executeTakeFirstOrThrow();
    expect(conv.summary).toContain('SUMMARY');
    expect(Number(conv.summary_through)).toBeGreaterThan(0);
    const summaries = await t.ctx.db.selectFrom('ai_usage').select('feature').where('feature', '=', 'summary').execute();
    expect(summaries.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps conversations private to their owner and supports rename and delete', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: me, payload: { title: 'Plans' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: someoneElse })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/conversations', headers: someoneElse })).json().conversations).toEqual([]);
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/conversations/${id}`, headers: me, payload: { title: 'Plans for Q4' } });
    expect(renamed.json().title).toBe('Plans for Q4');
    const list = (await t.app.inject({ method: 'GET', url: '/api/conversations', headers: me })).json().conversations;
    expect(list.length).toBeGreaterThanOrEqual(6);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/conversations/${id}`, headers: me })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: me })).statusCode).toBe(404);
    const noMessage = await t.app.inject({ method: 'POST', url: '/api/chat', headers: me, payload: { message: '  ' } });
    expect(noMessage.statusCode).toBe(400);
  });

  it('answers without a model through the offline assistant (see offline-assistant.test.ts)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/chat', headers: asPrincipal({ userId: 'u9', workspaceId: 'ws-empty', permissions: ['ai:use'] }), payload: { message: 'hi' } });
    expect(res.statusCode).toBe(200);
    expect(parseEventStream(res.body).at(-1)).toMatchObject({ event: 'done', data: { status: 'answered', model: 'offline' } });
  });
});
