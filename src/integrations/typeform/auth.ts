import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Typeform errors (typeform.com/developers/get-started/errors): `{ code, description, details? }`. */
const typeformError = z.object({ code: z.string(), description: z.string().optional() }).loose();

export const readTypeformFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = typeformError.safeParse(body).data;
  if (status === 401) return { ...(e ? { providerCode: e.code } : {}), message: 'the sign-in is no longer valid; reconnect Typeform' };
  if (status === 404) return { code: 'integrations.http.not_found', ...(e ? { providerCode: e.code } : {}), message: 'the form does not exist (or the connection cannot see it)' };
  return e ? { providerCode: e.code, message: `“${(e.description ?? e.code).replace(/\.$/, '')}”` } : undefined;
};

export const typeform = defineRestService({
  id: 'typeform',
  name: 'Typeform',
  auth: 'oauth2',
  readFault: readTypeformFault,
  // 2 requests per second per account.
  limits: { concurrency: 1, ratePerSecond: 2, burst: 2 },
  async check(client, signal) {
    const me = await client.call({ path: 'me', ...(signal ? { signal } : {}) }, z.object({ email: z.string().optional(), alias: z.string().optional() }).loose());
    return { accountLabel: me.email ?? me.alias };
  },
});

export const formId = z.string().regex(/^[A-Za-z0-9]{4,}$/, { error: 'must be a form id such as lT4Z3j (from the form’s URL)' });

const answer = z.object({ field: z.object({ id: z.string(), ref: z.string().optional(), type: z.string().optional() }).loose(), type: z.string() }).catchall(z.unknown());
export const typeformResponse = z.object({ token: z.string(), response_id: z.string().optional(), landed_at: z.string().optional(), submitted_at: z.string(), answers: z.array(answer).nullish(), hidden: z.record(z.string(), z.string()).nullish() }).loose();
export const responseList = z.object({ total_items: z.number(), page_count: z.number(), items: z.array(typeformResponse) }).loose();
export const responseOut = z.object({ token: z.string(), submittedAt: z.string(), answers: z.record(z.string(), z.unknown()), hidden: z.record(z.string(), z.string()) });

/** An answer's value, whatever its type (text, email, number, boolean, choice, choices, date, url, file_url...). */
function valueOf(a: z.output<typeof answer>): unknown {
  switch (a.type) {
    case 'choice':
      return (a['choice'] as { label?: string } | undefined)?.label ?? null;
    case 'choices':
      return (a['choices'] as { labels?: string[] } | undefined)?.labels ?? [];
    default:
      return a[a.type] ?? null;
  }
}

/** A response as field ref (or id) → value, so a workflow reads `trigger.answers.email`. */
export const toResponse = (r: z.output<typeof typeformResponse>): z.input<typeof responseOut> => ({
  token: r.token,
  submittedAt: r.submitted_at,
  answers: Object.fromEntries((r.answers ?? []).map((a) => [a.field.ref ?? a.field.id, valueOf(a)])),
  hidden: r.hidden ?? {},
});
