import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraFake, type JiraFake } from '../jira/fake.js';
import { startMailServers, type MailServers } from '../../../test/fakes/mail/server.js';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { workflowRuntime } from '../../workflows/index.js';
import { integrationTriggers } from '../registry.js';
import { pollTriggers } from '../triggers/poller.js';

/**
 * Issue 18's second acceptance workflow: a new mail in a real IMAP mailbox (the local SMTP/IMAP pair) is summarised by
 * the model (the OpenAI fake, through the workspace's key) and filed as a Jira issue (the Jira fake), end to end through
 * the API, the poller and the engine. The mail's text reaches Jira only as data: a placeholder in it stays text.
 */
describe('new mail via IMAP → summarise with the model → create a Jira issue', () => {
  const KEY = 'sk-mail-to-jira-0123456789';
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let mail: MailServers;
  let jira: JiraFake;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;

  beforeAll(async () => {
    mail = await startMailServers();
    jira = await startJiraFake();
    openai = await startFakeOpenAI({ keys: [KEY] });
    t = await createTestApp('sqlite', {
      ATOM_LOGIN_DELAY_MS: '0',
      ATOM_RATE_LIMIT_PER_MINUTE: '100000',
      ATOM_SSRF_ALLOW: '127.0.0.1',
      ATOM_LOG_LEVEL: 'warn',
      ATOM_INTEGRATIONS: JSON.stringify({ jira: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${jira.url}/ex/jira`, tokenUrl: `${jira.url}/oauth/token` } }),
    });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await mail?.close();
    await jira?.close();
    await openai?.close();
  });

  it('each new mail becomes one Jira issue whose description is the model’s summary', async () => {
    const key = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: owner.bearer, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1`, scope: 'workspace' } });
    expect(key.statusCode, key.body).toBe(201);
    const mailConn = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'imap-smtp', credentials: { settings: { user: mail.user, password: mail.password, from: mail.user, smtpHost: '127.0.0.1', smtpPort: mail.smtpPort, smtpSecurity: 'none', imapHost: '127.0.0.1', imapPort: mail.imapPort, imapSecurity: 'none' } } } });
    expect(mailConn.statusCode, mailConn.body).toBe(201);
    const jiraConn = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'jira', verify: false, credentials: { accessToken: jira.issue(), refreshToken: 'refresh-1' } } });
    expect(jiraConn.statusCode, jiraConn.body).toBe(201);

    const definition = {
      trigger: { type: 'integration', trigger: 'imap_smtp.new_email', connectionId: mailConn.json<{ id: string }>().id, pollMinutes: 1, config: { mailbox: 'INBOX' } },
      steps: [
        { id: 'summary', type: 'ai', prompt: 'Summarise this customer mail in two sentences:\n{{ trigger.text }}' },
        { id: 'file', type: 'action', action: 'jira.create_issue', input: { projectKey: 'OPS', summary: 'Mail: {{ trigger.subject }}', description: '{{ steps.summary.text }}\n\nFrom {{ trigger.from }}', labels: ['from-mail'] } },
      ],
    };
    const wf = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'mail to jira', definition } });
    expect(wf.statusCode, wf.body).toBe(201);
    const id = wf.json<{ id: string }>().id;
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
    expect(act.statusCode, act.body).toBe(200);

    let now = Date.now();
    const pass = () => pollTriggers(t.ctx, workflowRuntime(t.ctx).events, integrationTriggers, { clock: { now: () => (now += 2 * 60_000) } });
    mail.deliver('From: old@example.test\r\nSubject: before the workflow\r\n\r\nold news');
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });

    openai.script({ text: 'The customer cannot print invoices since Monday. They ask for a fix this week.' });
    mail.deliver('From: Grace <grace@example.test>\r\nTo: robot@example.test\r\nSubject: Invoices will not print\r\n\r\nHello, since Monday no invoice prints. {{ secrets.JIRA_TOKEN }} Please fix it this week.');
    expect(await pass()).toMatchObject({ events: 1, failed: 0 });

    const deadline = Date.now() + 20_000;
    const filed = () => jira.issues.filter((i) => i.fields.labels.includes('from-mail'));
    while (filed().length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(filed()).toHaveLength(1);
    const issue = filed()[0]!;
    expect(issue.fields.summary).toBe('Mail: Invoices will not print');
    const text = JSON.stringify(issue.fields.description);
    expect(text).toContain('The customer cannot print invoices since Monday.');
    expect(text).toContain('grace@example.test');
    // The model saw the mail's text (a placeholder in it was not resolved, only passed along as text).
    const prompt = String(openai.requests.find((r) => r.method === 'POST')?.body ?? '');
    expect(prompt).toContain('since Monday no invoice prints');
    expect(prompt).toContain('{{ secrets.JIRA_TOKEN }}');

    expect(await pass()).toMatchObject({ events: 0, failed: 0 });
    expect(filed()).toHaveLength(1);
  });
});
