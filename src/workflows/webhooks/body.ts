import { errors } from '../../platform/index.js';

/**
 * A delivery's body as the run sees it: JSON parsed, a form as an object of fields, anything else as text,
 * nothing as null. The raw bytes are kept for the signature, so the webhook routes parse bodies themselves.
 */
export function parseWebhookBody(raw: unknown, contentType: string | undefined): unknown {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return null;
  const text = raw.toString('utf8');
  const type = contentType ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw errors.badRequest('The body is not valid JSON.', [{ field: 'body', message: 'is not valid JSON' }], 'workflows.webhook.bad_json');
    }
  }
  if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}
