import { z } from 'zod';
import { base64url } from '../../google/common.js';
import { defineIntegrationAction } from '../../pieces.js';

/** RFC 2047 encoded-word for non-ASCII header text. */
const headerText = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`);
const noNewlines = (s: string) => s.replace(/[\r\n]+/g, ' ');

export const sendEmail = defineIntegrationAction({
  id: 'gmail.send_email',
  service: 'gmail',
  title: 'Send an email',
  description: 'Sends an email from the connected Gmail account.',
  aiDescription: 'Use to send an email as the connected Gmail user (plain text, optional HTML). To reply in a conversation pass threadId. Use outlook.send_mail for Microsoft accounts.',
  idempotent: false,
  sideEffect: true,
  input: z.object({
    to: z.array(z.email()).min(1),
    cc: z.array(z.email()).default([]),
    bcc: z.array(z.email()).default([]),
    subject: z.string().max(998),
    text: z.string(),
    html: z.string().optional(),
    threadId: z.string().optional(),
  }),
  output: z.object({ id: z.string(), threadId: z.string() }),
  async run({ client, signal }, input) {
    const boundary = `atom-${Date.now().toString(36)}`;
    const head = [
      `To: ${input.to.join(', ')}`,
      ...(input.cc.length ? [`Cc: ${input.cc.join(', ')}`] : []),
      ...(input.bcc.length ? [`Bcc: ${input.bcc.join(', ')}`] : []),
      `Subject: ${headerText(noNewlines(input.subject))}`,
      'MIME-Version: 1.0',
    ];
    const body = input.html
      ? [`Content-Type: multipart/alternative; boundary="${boundary}"`, '', `--${boundary}`, 'Content-Type: text/plain; charset=UTF-8', '', input.text, `--${boundary}`, 'Content-Type: text/html; charset=UTF-8', '', input.html, `--${boundary}--`]
      : ['Content-Type: text/plain; charset=UTF-8', '', input.text];
    const raw = base64url([...head, ...body].join('\r\n'));
    return client.call({ method: 'POST', path: 'users/me/messages/send', json: { raw, ...(input.threadId ? { threadId: input.threadId } : {}) }, signal }, z.object({ id: z.string(), threadId: z.string() }).loose());
  },
});
