import { describe, expect, it } from 'vitest';
import { ActionError } from '../actions/index.js';
import { renderValue } from '../definition/expressions.js';
import { fillSecrets, hasSecretMarker, redactSecrets, secretMarker, secretScope } from './markers.js';

describe('secret markers', () => {
  it('renders secrets as markers, so the rendered input names them without holding them', async () => {
    const input = { headers: { authorization: 'Bearer {{ secrets.TOKEN }}' }, key: '{{ secrets.KEY }}', n: '{{ trigger.n }}' };
    const data = { trigger: { n: 2 }, secrets: secretScope(['secrets.TOKEN', 'secrets.KEY', 'trigger.n']) };
    const rendered = await renderValue(input, data);
    expect(rendered).toEqual({ headers: { authorization: `Bearer ${secretMarker('TOKEN')}` }, key: secretMarker('KEY'), n: 2 });
    expect(hasSecretMarker(rendered)).toBe(true);
    expect(secretScope(['trigger.n'])).toBeUndefined();
  });

  it('fills markers only in the copy for the action, and fails the step when a secret is not set', async () => {
    const rendered = { a: `x-${secretMarker('A')}-${secretMarker('A')}`, list: [secretMarker('B')], keep: 3 };
    const values: Record<string, string> = { A: 'alpha-secret', B: 'beta-secret' };
    const filled = await fillSecrets(rendered, async (n) => values[n]);
    expect(filled).toEqual({ a: 'x-alpha-secret-alpha-secret', list: ['beta-secret'], keep: 3 });
    expect(rendered.a).toContain('⟦secret:A⟧');
    const missing = await fillSecrets({ v: secretMarker('NOPE') }, async () => undefined).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ActionError);
    expect(missing).toMatchObject({ code: 'workflows.secret.missing', retryable: false, message: expect.stringContaining('NOPE') });
  });

  it('redacts secret values wherever they come back, longest first, leaving very short values alone', () => {
    const out = redactSecrets({ body: { echo: 'token abcd1234 and abcd12345678', n: 1, list: ['abcd1234'] }, short: 'abc' }, new Set(['abcd1234', 'abcd12345678', 'abc']));
    expect(out).toEqual({ body: { echo: 'token [redacted] and [redacted]', n: 1, list: ['[redacted]'] }, short: 'abc' });
    const same = { a: 1 };
    expect(redactSecrets(same, new Set())).toBe(same);
  });
});
