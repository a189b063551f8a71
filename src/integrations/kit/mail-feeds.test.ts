import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailServers, type MailServers } from '../../../test/fakes/mail/server.js';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { workflowRuntime } from '../../workflows/index.js';
import { integrationTriggers } from '../registry.js';
import { pollTriggers } from '../triggers/poller.js';

/**
 * SMTP send and the IMAP new-mail trigger against real servers on 127.0.0.1 (smtp-server delivering into an
 * in-process IMAP server), and the RSS/Atom trigger against a feed served over HTTP, all through workflows.
 */
describe('mail and feeds in workflows', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let mail: MailServers;
  let feed: Server;
  let feedUrl = '';
  const feedItems: { guid: string; title: string }[] = [{ guid: 'post-1', title: 'First post' }];
  let redirectTo = '';
  let mailConnection = '';

  const settings = (password: string) => ({ user: mail.user, password, from: mail.user, smtpHost: '127.0.0.1', smtpPort: mail.smtpPort, smtpSecurity: 'none', imapHost: '127.0.0.1', imapPort: mail.imapPort, imapSecurity: 'none' });
  const create = async (definition: unknown) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: `wf ${Math.random()}`, definition } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const activate = (id: string) => t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
  let clock = Date.now();
  const pass = () => pollTriggers(t.ctx, workflowRuntime(t.ctx).events, integrationTriggers, { clock: { now: () => (clock += 2 * 60_000) } });
  const triggerData = async (workflowId: string) =>
    (await t.ctx.db.selectFrom('workflow_runs').select(['trigger_data']).where('workflow_id', '=', workflowId).execute()).map((r) => JSON.parse(r.trigger_data ?? 'null') as Record<string, unknown>);

  beforeAll(async () => {
    mail = await startMailServers();
    feed = createServer((req, res) => {
      if (req.url === '/moving.xml' && redirectTo) return void res.writeHead(302, { location: redirectTo }).end();
      const items = feedItems.map((i) => `<item><guid>${i.guid}</guid><title>${i.title}</title><link>https://blog.example.test/${i.guid}</link><description>About ${i.title}</description></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test blog</title><link>https://blog.example.test</link>${[...items].join('')}</channel></rss>`);
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.xml`;
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_LOG_LEVEL: 'warn' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await mail?.close();
    await new Promise((r) => feed?.close(r));
  });

  it('IMAP/SMTP: a wrong password is refused when connecting; the right one is verified and sealed', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'imap-smtp', credentials: { settings: settings('wrong-mail-pass') } } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json<{ code: string }>().code).toBe('integrations.credentials_rejected');
    expect(wrong.body).not.toContain('wrong-mail-pass');
    const bad = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'imap-smtp', credentials: { settings: { ...settings(mail.password), smtpSecurity: 'maybe' } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field)).toContain('body.credentials.settings.smtpSecurity');
    const ok = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'imap-smtp', credentials: { settings: settings(mail.password) } } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.body).not.toContain(mail.password);
    mailConnection = ok.json<{ id: string }>().id;
  });

  it('IMAP/SMTP: a workflow sends mail through SMTP, and the new-mail trigger starts a run for it', async () => {
    const watcher = await create({ trigger: { type: 'integration', trigger: 'imap_smtp.new_email', connectionId: mailConnection, pollMinutes: 1, config: { mailbox: 'INBOX' } }, steps: [] });
    expect((await activate(watcher)).statusCode).toBe(200);
    mail.deliver('From: old@example.test\r\nSubject: before the workflow\r\n\r\nold');
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });

    const sender = await create({ trigger: { type: 'manual' }, steps: [{ id: 'send', type: 'action', action: 'imap_smtp.send_email', input: { connectionId: mailConnection, to: ['ops@example.test'], subject: 'Deploy {{ trigger.version }}', text: 'Version {{ trigger.version }} is live. {{ secrets.NOPE }}' } }] });
    const act = await activate(sender);
    // A secret that is not set is refused at activation; write the text without it.
    expect(act.statusCode).toBe(422);
    const sender2 = await create({ trigger: { type: 'manual' }, steps: [{ id: 'send', type: 'action', action: 'imap_smtp.send_email', input: { connectionId: mailConnection, to: ['ops@example.test'], subject: 'Deploy {{ trigger.version }}', text: 'Version {{ trigger.version }} is live.' } }] });
    expect((await activate(sender2)).statusCode).toBe(200);
    const run = await t.app.inject({ method: 'POST', url: `/api/workflows/${sender2}/run`, headers: owner.bearer, payload: { input: { version: '2.4.0' }, waitMs: 20_000 } });
    expect(run.json<{ status: string; error: unknown }>(), run.body).toMatchObject({ status: 'succeeded' });
    expect(mail.received.at(-1)).toMatchObject({ from: mail.user, to: ['ops@example.test'] });
    expect(mail.received.at(-1)!.raw).toMatch(/Subject: Deploy 2\.4\.0/);

    expect(await pass()).toMatchObject({ events: 1, failed: 0 });
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });
    const data = await triggerData(watcher);
    expect(data).toEqual([expect.objectContaining({ subject: 'Deploy 2.4.0', from: mail.user, to: ['ops@example.test'], text: expect.stringContaining('Version 2.4.0 is live.') })]);
  });

  it('IMAP/SMTP: bad input is a 422 naming the field', async () => {
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'send', type: 'action', action: 'imap_smtp.send_email', input: { connectionId: mailConnection, to: ['not an address'], subject: 'x' } }] });
    const r = await activate(id);
    expect(r.statusCode).toBe(422);
    expect(r.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field)).toContain('steps.send.input.to.0');
  });

  it('RSS: the feed trigger starts a run per new item, none for items there at the start', async () => {
    const wf = await create({ trigger: { type: 'integration', trigger: 'rss.new_item', pollMinutes: 1, config: { url: feedUrl } }, steps: [] });
    expect((await activate(wf)).statusCode, 'a feed needs no connection').toBe(200);
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });
    feedItems.unshift({ guid: 'post-2', title: 'Second post' }, { guid: 'post-3', title: 'Third post' });
    expect(await pass()).toMatchObject({ events: 2, failed: 0 });
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });
    const data = await triggerData(wf);
    expect(data.map((d) => d['title']).sort()).toEqual(['Second post', 'Third post']);
    expect(data[0]).toMatchObject({ feedTitle: 'Test blog', link: expect.stringMatching(/^https:\/\/blog\.example\.test\/post-/) });
  });

  it('RSS: a feed on an internal address not allow-listed is refused at activation, naming the trigger settings', async () => {
    const wf = await create({ trigger: { type: 'integration', trigger: 'rss.new_item', pollMinutes: 1, config: { url: feedUrl.replace('127.0.0.1', '127.0.0.3') } }, steps: [] });
    const act = await activate(wf);
    expect(act.statusCode).toBe(422);
    expect(act.json<{ errors?: { field: string; message: string }[] }>().errors).toContainEqual(expect.objectContaining({ field: 'trigger.config', message: expect.stringMatching(/internal address/) }));
  });

  it('RSS: a feed that starts redirecting to an internal address after activation is refused at poll time and the poll records it', async () => {
    const wf = await create({ trigger: { type: 'integration', trigger: 'rss.new_item', pollMinutes: 1, config: { url: feedUrl.replace('/feed.xml', '/moving.xml') } }, steps: [] });
    expect((await activate(wf)).statusCode).toBe(200);
    redirectTo = feedUrl.replace('127.0.0.1', '127.0.0.3');
    try {
      const r = await pass();
      expect(r.failed).toBe(1);
      const row = await t.ctx.db.selectFrom('integration_trigger_cursors').selectAll().where('workflow_id', '=', wf).executeTakeFirstOrThrow();
      expect(row.last_error).toMatch(/internal address/);
    } finally {
      redirectTo = '';
    }
  });
});
