import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../platform/index.js';
import { defineIntegrationTrigger } from '../../pieces.js';
import { responseOut, toResponse, typeformResponse } from '../auth.js';

const rejected = (why: string) => new AppError('integrations.webhook.rejected', `The Typeform delivery was refused: ${why}.`, { status: 401 });

/** `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>` with the webhook's secret (typeform.com/developers/webhooks/secure-your-webhooks). */
export function verifyTypeformSignature(given: string | undefined, rawBody: Buffer, secret: string): void {
  if (!given?.startsWith('sha256=')) throw rejected('no Typeform-Signature header');
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('base64')}`);
  const got = Buffer.from(given);
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw rejected('the signature does not match');
}

const delivery = z.object({ event_id: z.string(), event_type: z.string(), form_response: typeformResponse.extend({ form_id: z.string() }) }).loose();

export const webhookResponse = defineIntegrationTrigger({
  id: 'typeform.webhook_response',
  service: 'typeform',
  title: 'Response pushed by Typeform',
  description: 'Starts when Typeform posts a form response to the workflow’s webhook, signed with its secret.',
  aiDescription: 'Use when the form has a webhook pointed at the workflow; otherwise typeform.new_response polls.',
  kind: 'webhook',
  config: z.object({ formId: z.string().optional() }),
  event: responseOut.extend({ formId: z.string(), eventId: z.string() }),
  async webhook(d, config) {
    const header = d.headers['typeform-signature'];
    verifyTypeformSignature(Array.isArray(header) ? header[0] : header, d.rawBody, d.secret);
    let parsed: z.output<typeof delivery>;
    try {
      parsed = delivery.parse(JSON.parse(d.rawBody.toString('utf8')));
    } catch {
      throw new AppError('integrations.webhook.bad_body', 'The Typeform delivery is not a form response.', { status: 400 });
    }
    if (parsed.event_type !== 'form_response' || (config.formId && parsed.form_response.form_id !== config.formId)) return [];
    return [{ ...toResponse(parsed.form_response), formId: parsed.form_response.form_id, eventId: parsed.event_id }];
  },
});
