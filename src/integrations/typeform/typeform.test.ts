import { describe, expect, it } from 'vitest';
import { startTypeformFake, type TypeformFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { listResponses, typeform, webhookResponse } from './index.js';

const FORM = 'lT4Z3j';

async function seeded(): Promise<TypeformFake> {
  const fake = await startTypeformFake();
  // More forms (200 a page) and responses (100 a page) than one page each.
  for (let i = 0; i < 210; i++) fake.forms.push({ id: `bulk${i}`, title: `Bulk ${i}`, last_updated_at: '2026-01-01T00:00:00Z', fields: [] });
  for (let i = 1; i <= 120; i++) fake.respond(FORM, [{ ref: 'name', text: i % 2 ? `Ada ${i}` : `Grace ${i}` }, { ref: 'email', email: `person${i}@example.com` }]);
  return fake;
}

describeConformance({
  service: typeform,
  startFake: seeded,
  throttleBody: { code: 'RATE_LIMIT_EXCEEDED', description: 'Too many requests' },
  operations: {
    'typeform.list_forms': { input: { limit: 205 }, check: (out) => expect((out as { forms: { id: string }[] }).forms[0]).toMatchObject({ id: FORM, title: 'Contact us', url: `https://example.typeform.com/to/${FORM}` }), badInput: { input: { limit: 0 }, field: 'limit' } },
    'typeform.get_form': { input: { formId: FORM }, check: (out) => expect(out).toMatchObject({ title: 'Contact us', fields: [{ ref: 'name', type: 'short_text' }, { ref: 'email', type: 'email' }] }), badInput: { input: { formId: 'a/b' }, field: 'formId' } },
    'typeform.list_responses': {
      input: { formId: FORM, limit: 110 },
      check: (out) => {
        const responses = (out as { responses: { answers: Record<string, unknown> }[] }).responses;
        expect(responses).toHaveLength(110);
        expect(responses[0]?.answers).toEqual({ name: 'Grace 120', email: 'person120@example.com' });
      },
      badInput: { input: { formId: FORM, since: 'last week' }, field: 'since' },
    },
  },
  triggers: {
    'typeform.new_response': {
      config: { formId: FORM },
      produce: (f) => void (f as TypeformFake).respond(FORM, [{ ref: 'name', text: 'Newcomer' }, { ref: 'email', email: 'new@example.com' }]),
      check: (events) => expect(events[0]).toMatchObject({ answers: { name: 'Newcomer', email: 'new@example.com' } }),
    },
  },
  extra(ctx) {
    describe('Typeform specifics', () => {
      it('searches answers and reports an unknown form in words', async () => {
        const { h } = ctx();
        expect((await h.run(listResponses, { formId: FORM, query: 'person7@' })).responses.map((r) => r.answers['email'])).toEqual(['person7@example.com']);
        await expect(h.run(listResponses, { formId: 'nope1' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Typeform says the form does not exist (or the connection cannot see it).' });
      });
    });
    describe('typeform.webhook_response (Typeform-Signature)', () => {
      const secret = 'tf-secret';
      const deliver = (headers: Record<string, string>, body: string, formId?: string) => webhookResponse.webhook!({ method: 'POST', headers, rawBody: Buffer.from(body), query: {}, secret }, webhookResponse.config.parse(formId ? { formId } : {}));
      it('accepts a signed response and keys answers by ref', async () => {
        const fake = ctx().fake as TypeformFake;
        const r = fake.respond(FORM, [{ ref: 'name', text: 'Pushed' }]);
        const { body, headers } = fake.signedDelivery(FORM, r, secret);
        expect(await deliver(headers, body)).toEqual([expect.objectContaining({ formId: FORM, token: r.token, answers: { name: 'Pushed' } })]);
        expect(await deliver(headers, body, 'otherForm')).toEqual([]);
      });
      it('refuses a wrong secret, a changed body and a missing signature', async () => {
        const fake = ctx().fake as TypeformFake;
        const r = fake.respond(FORM, [{ ref: 'name', text: 'x' }]);
        const good = fake.signedDelivery(FORM, r, secret);
        await expect(deliver(fake.signedDelivery(FORM, r, 'wrong').headers, good.body)).rejects.toMatchObject({ code: 'integrations.webhook.rejected' });
        await expect(deliver(good.headers, good.body.replace('"x"', '"y"'))).rejects.toThrow(/does not match/);
        await expect(deliver({ 'content-type': 'application/json' }, good.body)).rejects.toThrow(/no Typeform-Signature/);
      });
    });
  },
});
