import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';

export const sendMail = defineIntegrationAction({
  id: 'outlook.send_mail',
  service: 'outlook',
  title: 'Send an email',
  description: 'Sends an email from the connected Outlook / Microsoft 365 mailbox.',
  aiDescription: 'Use to send mail as the connected Microsoft account. For Gmail accounts use gmail.send_email.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ to: z.array(z.email()).min(1), cc: z.array(z.email()).default([]), subject: z.string().max(998), body: z.string(), html: z.boolean().default(false), saveToSentItems: z.boolean().default(true) }),
  output: z.object({ accepted: z.boolean() }),
  async run({ client, signal }, input) {
    const r = await client.request({
      method: 'POST',
      path: 'me/sendMail',
      json: {
        message: { subject: input.subject, body: { contentType: input.html ? 'HTML' : 'Text', content: input.body }, toRecipients: input.to.map((address) => ({ emailAddress: { address } })), ccRecipients: input.cc.map((address) => ({ emailAddress: { address } })) },
        saveToSentItems: input.saveToSentItems,
      },
      signal,
    });
    // Graph answers 202 Accepted with no body.
    return { accepted: r.status === 202 };
  },
});
