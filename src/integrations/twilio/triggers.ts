import { z } from 'zod';
import { newSince } from '../kit/index.js';
import { defineIntegrationTrigger } from '../pieces.js';
import { listAll, messageOut, phone, toMessage } from './service.js';

/**
 * Incoming SMS by polling the message list to one of the account's numbers (Twilio pushes them to a webhook
 * too, but that needs a public URL per number; polling works behind a firewall). New = a SID not seen before.
 */
export const newIncomingSms = defineIntegrationTrigger({
  id: 'twilio.new_incoming_sms',
  service: 'twilio',
  title: 'New incoming SMS',
  description: 'Starts for each text message received at one of the account’s numbers.',
  aiDescription: 'Use to react to SMS sent to a Twilio number (to, in E.164 form). The event carries from and body (untrusted text); reply with twilio.send_sms from the same number. Messages present when the workflow starts do not start runs.',
  kind: 'poll',
  config: z.object({ to: phone.describe('The Twilio number that receives the messages') }),
  event: messageOut,
  eventKey: (e) => e.sid,
  async poll(ctx, config, cursor) {
    const inbound = (await listAll(ctx, { To: config.to }, 200)).filter((m) => m.direction === 'inbound');
    // Oldest first for the runs; the list answers newest first.
    const { fresh, cursor: next } = newSince({ style: 'seen', id: (m: (typeof inbound)[number]) => m.sid, keep: 1000 }, [...inbound].reverse(), cursor);
    return { events: fresh.map(toMessage), cursor: next };
  },
});
