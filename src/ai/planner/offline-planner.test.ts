import { describe, expect, it } from 'vitest';
import { integrationActions, integrationTriggers } from '../../integrations/index.js';
import { planOffline } from './offline-planner.js';

const steps = (d: ReturnType<typeof planOffline>) => (d.definition?.steps ?? []) as Record<string, unknown>[];

describe('offline planner: drafts use what exists and wire the data (#17)', () => {
  it('every Monday Slack summary of new Drive files: schedule → Drive list → AI summary of the list → Slack', () => {
    const d = planOffline('every Monday, send me a Slack summary of new Google Drive files');
    expect(d.structure).toEqual({ trigger: { type: 'schedule', cron: '0 9 * * 1' }, actions: ['google_drive.list_files', 'ai.summarize', 'slack.post_message'], conditions: [] });
    const [list, summary, post] = steps(d);
    expect(list).toMatchObject({ type: 'action', action: 'google_drive.list_files' });
    // The AI step reads the list, and Slack gets the summary: nothing is a summary of null.
    expect(summary).toMatchObject({ type: 'ai', prompt: expect.stringContaining(`{{ $string(steps.${String(list!.id)}) }}`) });
    expect(post).toMatchObject({ action: 'slack.post_message', input: { text: `{{ $string(steps.${String(summary!.id)}) }}` } });
  });

  it('a new row in a Google Sheet is the Sheets trigger: its link is read, and asked for when missing', () => {
    expect(integrationTriggers.some((t) => t.id === 'google_sheets.new_row')).toBe(true);
    const d = planOffline('when a new row is added to my Google Sheet, email the customer');
    expect(d.status).toBe('needs_clarification');
    expect(d.definition?.trigger).toEqual({ type: 'integration', trigger: 'google_sheets.new_row', config: {} });
    expect(d.questions.join(' ')).toMatch(/Which Google Sheet should it watch \(paste its link\)/);
    expect(steps(d)[0]).toMatchObject({ action: 'gmail.send_email', input: expect.objectContaining({ text: '{{ $string(trigger) }}' }) });
    const link = 'https://docs.google.com/spreadsheets/d/abcdefghij123/edit';
    const linked = planOffline(`When a new row is added to the Leads sheet ${link}, post it to #sales on Slack`);
    expect(linked).toMatchObject({ status: 'draft', definition: { trigger: { type: 'integration', trigger: 'google_sheets.new_row', config: { spreadsheetId: link } } } });
  });

  it('"add a row to a Google Sheet" drafts google_sheets.append_row with the data in a column to rename; Excel and Docs likewise', () => {
    const link = 'https://docs.google.com/spreadsheets/d/abcdefghij123/edit';
    const d = planOffline(`When a message is posted in #orders on Slack, add a row to the Orders sheet ${link}`);
    expect(d.structure?.actions).toEqual(['google_sheets.append_row']);
    expect(steps(d)[0]).toMatchObject({ action: 'google_sheets.append_row', input: { spreadsheetId: link, values: { Details: '{{ $string(trigger) }}' } } });
    expect(d.questions.join(' ')).toMatch(/Which sheet \(tab\).*“Details” column/);
    expect(planOffline('When a message is posted in #orders on Slack, add a row to the Excel sheet').structure?.actions).toEqual(['microsoft_excel.append_row']);
    const doc = planOffline('When a message is posted in #notes on Slack, append it to the Google Doc https://docs.google.com/document/d/abcdefghij123/edit');
    expect(steps(doc)[0]).toMatchObject({ action: 'google_docs.append_text', input: { documentId: 'https://docs.google.com/document/d/abcdefghij123/edit' } });
  });

  it('a missing event trigger whose service has a list step becomes a schedule + that list step', () => {
    const d = planOffline('When a new pull request is opened in acme/mobile, ping #mobile-review on Slack');
    expect(d.structure?.trigger).toEqual({ type: 'schedule', everyMinutes: 15 });
    expect(d.structure?.actions).toEqual(['github.list_pull_requests', 'slack.post_message']);
    expect(steps(d)[0]).toMatchObject({ input: { owner: 'acme', repo: 'mobile' } });
    expect(d.notes.join(' ')).toContain('Atom has no trigger for a new GitHub pull request (github.new_pull_request)');
    expect(d.status).toBe('needs_clarification');
  });

  it('a missing action becomes a generic HTTP request to the service, named in a note and a question', () => {
    // Capabilities without Jira's pieces: what a plan looks like for a service Atom cannot reach.
    const d = planOffline('Create a Jira ticket whenever a message is posted in #bugs on Slack', { capabilities: { actions: new Set(['slack.post_message', 'core.http_request']), triggers: new Set(['slack.new_message']) } });
    expect(d.structure).toEqual({ trigger: { type: 'integration', event: 'slack.new_message' }, actions: ['core.http_request'], conditions: [] });
    expect(steps(d)[0]).toMatchObject({ action: 'core.http_request', input: { method: 'POST', body: { text: '{{ $string(trigger) }}' } } });
    expect(d.notes.join(' ')).toContain('Atom has no Jira action (jira.create_issue)');
    expect(d.questions.join(' ')).toMatch(/Which Jira API address/);
  });

  it('Jira is a service Atom has: the ticket becomes a jira.create_issue step with the message as its description', () => {
    const d = planOffline('Create a Jira ticket whenever a message is posted in #bugs on Slack');
    expect(d.structure).toEqual({ trigger: { type: 'integration', event: 'slack.new_message' }, actions: ['jira.create_issue'], conditions: [] });
    expect(steps(d)[0]).toMatchObject({ action: 'jira.create_issue', input: { description: '{{ $string(trigger) }}' } });
  });

  it('issue 18 services in the vocabulary: a new GitLab issue opens a Zendesk ticket; Linear and ClickUp by name', () => {
    const d = planOffline('When a new GitLab issue is opened, open a Zendesk ticket');
    expect(d.structure).toEqual({ trigger: { type: 'integration', event: 'gitlab.new_issue' }, actions: ['zendesk.create_ticket'], conditions: [] });
    expect(steps(d)[0]).toMatchObject({ action: 'zendesk.create_ticket', input: { body: '{{ $string(trigger) }}' } });
    expect(planOffline('Whenever a Linear issue is created, create a ClickUp task').structure).toEqual({ trigger: { type: 'integration', event: 'linear.new_issue' }, actions: ['clickup.create_task'], conditions: [] });
  });

  it('reading a new Drive file\'s content takes a get_file step before the AI step', () => {
    const d = planOffline('When a new file is added to the Contracts folder in Google Drive, summarize it and post the summary to #legal');
    expect(d.structure?.actions).toEqual(['google_drive.get_file', 'ai.summarize', 'slack.post_message']);
    expect(steps(d)[0]).toMatchObject({ input: { fileId: '{{ trigger.id }}', includeContent: true } });
    expect(steps(d)[1]).toMatchObject({ prompt: expect.stringContaining('steps.get_file.content') });
  });

  it('an AI step with nothing to read asks where the data comes from', () => {
    const d = planOffline('Every day at 8am send a summary of overnight Sentry errors to #engineering');
    expect(d.status).toBe('needs_clarification');
    expect(d.questions.join(' ')).toMatch(/Nothing before it reads any data/);
  });

  it('only uses triggers and actions of the registry, even when told of fewer installed actions', () => {
    const actions = new Set([...integrationActions.map((a) => a.id), 'core.http_request', 'core.log', 'core.code', 'core.transform']);
    const triggers = new Set(integrationTriggers.map((t) => t.id));
    const d = planOffline('When a Stripe payment over 5k succeeds, post to #revenue, add a row to the Big deals sheet and text me', { knownActions: new Set(['slack.post_message']) });
    expect(triggers.has(String((d.definition?.trigger as { trigger?: string }).trigger ?? 'webhook.incoming')) || (d.definition?.trigger as { type: string }).type !== 'integration').toBe(true);
    for (const a of d.structure?.actions ?? []) if (!a.startsWith('ai.')) expect(actions.has(a), a).toBe(true);
  });
});
