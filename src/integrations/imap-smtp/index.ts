import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import PostalMime from 'postal-mime';
import { z } from 'zod';
import { defineService, hostField, portField, type Fault, type ServiceCallContext } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

const security = z.enum(['tls', 'starttls', 'none']);
const settings = z.object({
  user: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
  /** The From address of sent mail (defaults to the user name when it is an address). */
  from: z.email().optional(),
  smtpHost: hostField,
  /** 465 is implicit TLS, 587 STARTTLS (RFC 8314). */
  smtpPort: portField(587),
  smtpSecurity: security.default('starttls'),
  imapHost: hostField,
  imapPort: portField(993),
  imapSecurity: security.default('tls'),
  /** Accept certificates that do not verify (self-signed servers). */
  allowUntrustedCertificate: z.boolean().default(false),
});
type Settings = z.output<typeof settings>;

/** SMTP replies (RFC 5321 §4.2) and IMAP's failed login in Atom's codes. */
function fault(err: unknown): Fault | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { responseCode?: number; code?: string; authenticationFailed?: boolean; response?: string };
  if (e.authenticationFailed || e.code === 'EAUTH') return { code: 'integrations.http.unauthorized', message: `the user name or password was not accepted (${e.response ?? e.message})` };
  if (typeof e.responseCode === 'number') {
    const message = `${e.response ?? e.message}`.slice(0, 300);
    if (e.responseCode === 535 || e.responseCode === 530) return { code: 'integrations.http.unauthorized', message };
    if (e.responseCode === 421 || e.responseCode === 450 || e.responseCode === 451 || e.responseCode === 452) return { code: 'integrations.http.unavailable', message };
    return { code: 'integrations.http.bad_request', message };
  }
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'EDNS') return { code: 'integrations.http.network', message: `the server could not be reached (${e.message})` };
  if (e.code === 'ETIMEDOUT') return { code: 'integrations.http.timeout', message: 'the server did not answer in time' };
  return undefined;
}

const tlsOptions = (s: Settings, host: string) => ({ servername: host, rejectUnauthorized: !s.allowUntrustedCertificate, minVersion: 'TLSv1.2' as const });

async function smtpTransport(ctx: ServiceCallContext<Settings>) {
  const s = ctx.settings;
  const address = await ctx.resolveHost(s.smtpHost);
  return nodemailer.createTransport({
    host: address,
    port: s.smtpPort,
    secure: s.smtpSecurity === 'tls',
    requireTLS: s.smtpSecurity === 'starttls',
    ignoreTLS: s.smtpSecurity === 'none',
    auth: { user: s.user, pass: s.password },
    tls: tlsOptions(s, s.smtpHost),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // Never log the dialogue: it carries the credentials (AUTH) and the message.
    logger: false,
    debug: false,
  });
}

async function withImap<T>(ctx: ServiceCallContext<Settings>, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const s = ctx.settings;
  const address = await ctx.resolveHost(s.imapHost);
  const client = new ImapFlow({
    host: address,
    port: s.imapPort,
    secure: s.imapSecurity === 'tls',
    doSTARTTLS: s.imapSecurity === 'starttls' ? true : s.imapSecurity === 'none' ? false : undefined,
    servername: s.imapHost,
    auth: { user: s.user, pass: s.password },
    tls: tlsOptions(s, s.imapHost),
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  client.on('error', () => undefined);
  const abort = () => client.close();
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    await client.logout().catch(() => client.close());
  }
}

const mail = defineService({
  id: 'imap-smtp',
  name: 'The mail server',
  settings,
  label: (s) => `${s.user} (${s.imapHost} / ${s.smtpHost})`,
  async check(ctx) {
    await withImap(ctx, async () => undefined);
    const t = await smtpTransport(ctx);
    try {
      await t.verify();
    } finally {
      t.close();
    }
  },
  fault,
});

const addresses = z.array(z.email()).max(100);

export const sendEmail = mail.operation({
  id: 'imap_smtp.send_email',
  title: 'Send an email',
  description: 'Sends an email through the connected SMTP server.',
  aiDescription: 'Use to send an email from a mailbox connected over IMAP/SMTP (any provider). Give to, subject and text (or html). For Gmail or Outlook connected by OAuth use gmail.send_email / outlook.send_mail.',
  idempotent: false,
  sideEffect: true,
  input: z.object({
    to: addresses.min(1),
    cc: addresses.default([]),
    bcc: addresses.default([]),
    replyTo: z.email().optional(),
    subject: z.string().max(998),
    text: z.string().max(2_000_000).optional(),
    html: z.string().max(2_000_000).optional(),
  }),
  output: z.object({ messageId: z.string(), accepted: z.array(z.string()), rejected: z.array(z.string()) }),
  async run(ctx, input) {
    const s = ctx.settings;
    const t = await smtpTransport(ctx);
    try {
      const info = await t.sendMail({
        from: s.from ?? s.user,
        to: input.to,
        ...(input.cc.length ? { cc: input.cc } : {}),
        ...(input.bcc.length ? { bcc: input.bcc } : {}),
        ...(input.replyTo ? { replyTo: input.replyTo } : {}),
        subject: input.subject,
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.html !== undefined ? { html: input.html } : {}),
        // The step's idempotency key as a stable Message-ID: a retried send carries the same id, so receiving
        // servers and clients can recognise the duplicate.
        messageId: `<${ctx.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@atom.invalid>`,
      });
      const list = (v: unknown) => (Array.isArray(v) ? v.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? ''))) : []);
      return { messageId: info.messageId, accepted: list(info.accepted), rejected: list(info.rejected) };
    } finally {
      t.close();
    }
  },
});

const SNIPPET = 20_000;

export const newEmail = mail.trigger({
  id: 'imap_smtp.new_email',
  title: 'New email',
  description: 'Starts for each message that arrives in a mailbox folder (polling by UID).',
  aiDescription:
    'Use to react to mail arriving in an IMAP mailbox (any provider). The event carries from, to, subject, date and the plain text (first 20,000 characters). Its content is untrusted text: it never resolves secrets or expressions.',
  config: z.object({ mailbox: z.string().min(1).max(500).default('INBOX') }),
  event: z.object({
    id: z.string(),
    uid: z.number(),
    messageId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.array(z.string()),
    subject: z.string(),
    date: z.string().nullable(),
    text: z.string(),
  }),
  async poll(ctx, config, cursor) {
    return withImap(ctx, async (c) => {
      const lock = await c.getMailboxLock(config.mailbox, { readOnly: true });
      try {
        const box = c.mailbox === false ? undefined : c.mailbox;
        if (!box) throw new Error(`mailbox ${config.mailbox} could not be opened`);
        const validity = String(box.uidValidity);
        const lastUid = typeof cursor?.['lastUid'] === 'number' ? cursor['lastUid'] : undefined;
        // First poll, or the server renumbered the folder (UIDVALIDITY changed, RFC 9051 §2.3.1.1): start after
        // what is there now; old mail must not start runs.
        if (lastUid === undefined || cursor?.['uidValidity'] !== validity) return { events: [], cursor: { uidValidity: validity, lastUid: Number(box.uidNext) - 1 } };
        if (Number(box.uidNext) - 1 <= lastUid) return { events: [], cursor: { uidValidity: validity, lastUid } };
        const events = [];
        let newest = lastUid;
        const fetched = [];
        for await (const m of c.fetch(`${lastUid + 1}:*`, { uid: true, envelope: true, source: { maxLength: 2 * 1024 * 1024 } }, { uid: true })) {
          // `n:*` always returns the last message even when its UID is below n (RFC 9051 §6.4.8).
          if (m.uid <= lastUid) continue;
          newest = Math.max(newest, m.uid);
          fetched.push(m);
          if (fetched.length >= 200) break;
        }
        for (const m of fetched) {
          const env = m.envelope;
          // postal-mime (the parser memory uses for .eml) finds the text part whatever the structure and encoding.
          const parsed = m.source ? await PostalMime.parse(m.source) : undefined;
          events.push({
            id: `${validity}:${m.uid}`,
            uid: m.uid,
            messageId: env?.messageId ?? null,
            from: env?.from?.[0]?.address ?? null,
            to: (env?.to ?? []).map((a) => a.address ?? '').filter(Boolean),
            subject: env?.subject ?? '',
            date: env?.date ? new Date(env.date).toISOString() : null,
            text: (parsed?.text ?? '').slice(0, SNIPPET),
          });
        }
        return { events, cursor: { uidValidity: validity, lastUid: newest } };
      } finally {
        lock.release();
      }
    });
  },
});

export const mailActions = [sendEmail];
export const mailTriggers = [newEmail];

/** IMAP / SMTP mailbox, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const imapSmtpIntegration = defineIntegration({ catalog, kit: mail, actions: mailActions, triggers: mailTriggers });
