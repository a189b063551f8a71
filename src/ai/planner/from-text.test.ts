import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { provideAgentPorts } from '../chat/ports.js';
import { planOffline } from './offline-planner.js';

const KEY = 'sk-planner-test-key-1234567890';
const withKey = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use', 'workflows:write'] });
const noKey = asPrincipal({ userId: 'u2', workspaceId: 'ws-offline', permissions: ['ai:use'] });

const invalid = { name: 'Daily log', summary: 'Logs every day.', definition: { trigger: { type: 'schedule', cron: 'every day at nine' }, steps: [{ type: 'action', id: 'log', action: 'core.log', input: {} }] } };
const valid = {
  name: 'Weekday log',
  summary: 'Every weekday at 9:00 it writes a line to the run log.',
  definition: { trigger: { type: 'schedule', cron: '0 9 * * 1-5', timezone: 'UTC' }, steps: [{ type: 'action', id: 'log', action: 'core.log', input: { message: 'Good morning' } }] },
};

let t: Awaited<ReturnType<typeof createTestApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
const fromText = (headers: Record<string, string>, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/workflows/from-text', headers, payload });

beforeAll(async () => {
  t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  openai = await startFakeOpenAI({ keys: [KEY] });
  expect((await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: withKey, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } })).statusCode).toBe(201);
});
afterAll(async () => {
  await t.cleanup();
  await openai.close();
});

describe('POST /api/workflows/from-text with a model', () => {
  it('sends validation errors back to the model and ends with the valid draft', async () => {
    openai.script({ text: JSON.stringify(invalid) }, (req) => {
      // The repair request carries the validator's exact complaint about the cron field.
      expect(req.body).toContain('That workflow does not validate');
      expect(req.body).toContain('trigger.cron');
      return { text: '```json\n' + JSON.stringify(valid) + '\n```' };
    });
    const before = openai.requests.length;
    const res = await fromText(withKey, { text: 'Every weekday at 9am write good morning to the log' });
    expect(res.statusCode).toBe(200);
    const draft = res.json();
    expect(openai.requests.length - before).toBe(2);
    expect(draft).toMatchObject({ status: 'draft', planner: 'model', attempts: 2, name: 'Weekday log', summary: valid.summary });
    expect(draft.definition.trigger).toEqual({ type: 'schedule', cron: '0 9 * * 1-5', timezone: 'UTC' });
    expect(draft.structure).toEqual({ trigger: { type: 'schedule', cron: '0 9 * * 1-5' }, actions: ['core.log'], conditions: [] });
  });

  it('returns the model\'s clarifying questions for an ambiguous request', async () => {
    openai.script({ text: JSON.stringify({ questions: ['Which report do you mean?', 'Who should receive it?'] }) });
    const draft = (await fromText(withKey, { text: 'handle the report thing' })).json();
    expect(draft).toMatchObject({ status: 'needs_clarification', planner: 'model', questions: ['Which report do you mean?', 'Who should receive it?'], definition: null });
  });

  it('gives up after the bounded repairs and falls back to the offline planner, saying so', async () => {
    openai.script({ text: 'not json at all' }, { text: JSON.stringify(invalid) }, { text: JSON.stringify(invalid) }, { text: JSON.stringify(invalid) });
    const before = openai.requests.length;
    const draft = (await fromText(withKey, { text: 'Every weekday at 9am post to #general on Slack' })).json();
    expect(openai.requests.length - before).toBe(4); // 1 attempt + ATOM_AI_REPAIR_ATTEMPTS (3)
    expect(draft.planner).toBe('offline');
    expect(draft.notes[0]).toMatch(/did not validate after 4 attempts/);
    expect(draft.structure).toEqual({ trigger: { type: 'schedule', cron: '0 9 * * 1-5' }, actions: ['slack.post_message'], conditions: [] });
  });

  it('saves the draft through the workflows port when asked', async () => {
    const saved: unknown[] = [];
    provideAgentPorts(t.ctx, {
      workflows: {
        list: async () => [],
        saveDraft: async (q) => {
          saved.push(q);
          return { id: 'wf-123' };
        },
        run: async () => ({ runId: 'r1' }),
        runStatus: async () => undefined,
      },
    });
    openai.script({ text: JSON.stringify(valid) });
    const draft = (await fromText(withKey, { text: 'Every weekday at 9am write good morning to the log', save: true })).json();
    expect(draft.workflowId).toBe('wf-123');
    expect(saved).toEqual([expect.objectContaining({ workspaceId: 'ws1', userId: 'u1', name: 'Weekday log' })]);
    // Saving needs workflows:write.
    expect((await fromText(noKey, { text: 'every day at 9am email me', save: true })).statusCode).toBe(403);
  });
});

describe('POST /api/workflows/from-text without any key (offline planner)', () => {
  it('drafts common phrasing deterministically, with a plain summary and a definition that parses', async () => {
    const res = await fromText(noKey, { text: 'When a new invoice is added to the Finance folder in Drive, if the amount is over 10,000, post to #finance on Slack', timezone: 'Europe/Paris' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ status: 'draft', planner: 'offline', attempts: 0 });
    expect(d.structure).toEqual({ trigger: { type: 'integration', event: 'google_drive.file_changed' }, actions: ['slack.post_message'], conditions: [{ field: 'amount', op: '>', value: 10000 }] });
    expect(d.definition.trigger).toEqual({ type: 'integration', trigger: 'google_drive.file_changed', config: { folder: 'Finance' } });
    expect(d.definition.steps[0]).toMatchObject({ type: 'if', condition: '(trigger.amount > 10000)', then: [expect.objectContaining({ action: 'slack.post_message', input: expect.objectContaining({ channel: '#finance' }) })] });
    expect(d.summary).toBe('When there is a new file in the Finance folder in Google Drive, if the amount is over 10,000: post to #finance on Slack.');
    expect(d.notes).toEqual([]);
  });

  it('reads schedules with chrono-node times and the first Monday of the month', async () => {
    const d = (await fromText(noKey, { text: 'On the first Monday of the month at 10:30am, create a Notion page for the monthly review and email me a summary' })).json();
    expect(d.structure).toEqual({ trigger: { type: 'schedule', cron: '30 10 * * 1#1' }, actions: ['ai.summarize', 'notion.create_page', 'gmail.send_email'], conditions: [] });
    expect(d.summary).toMatch(/^On the first Monday of every month at 10:30 \(UTC\)/);
    // Both actions exist (the registries): nothing is flagged as missing.
    expect(d.notes.join(' ')).not.toMatch(/Atom has no/);
  });

  it('asks what it needs and says plainly what it cannot map', async () => {
    const ask = (await fromText(noKey, { text: 'Every Friday at 5pm post the weekly numbers on Slack' })).json();
    expect(ask.status).toBe('needs_clarification');
    expect(ask.questions).toEqual(['Which Slack channel should it post to?']);

    const partial = (await fromText(noKey, { text: 'Every morning, translate the new tickets to French and post them to #support' })).json();
    expect(partial.unmapped).toEqual(['translate the new tickets to French']);
    expect(partial.summary).toContain('Not understood: “translate the new tickets to French”');

    const none = (await fromText(noKey, { text: 'make my coffee stronger please' })).json();
    expect(none).toMatchObject({ status: 'unsupported', definition: null });
    expect(none.summary).toBe('I could not find a trigger or an action I know in this request.');
  });

  it('says which actions Atom does not have and uses the generic HTTP request in their place', () => {
    // Capabilities without Linear's pieces (Atom has them now): the plan for a service it cannot reach.
    const d = planOffline('Every Monday at 9am create a Linear issue and post to #team on Slack', { capabilities: { actions: new Set(['slack.post_message', 'core.http_request']), triggers: new Set() } });
    expect(d.structure?.actions).toEqual(['core.http_request', 'slack.post_message']);
    expect(d.notes).toEqual([expect.stringContaining('Atom has no Linear action (linear.create_issue)')]);
    expect(d.status).toBe('needs_clarification');
  });

  it('refuses a bad time zone naming the field', async () => {
    const res = await fromText(noKey, { text: 'every day at 9am email me', timezone: 'Mars/Olympus' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('timezone');
  });
});
