import { describe, expect, it } from 'vitest';
import { ActionError } from '../actions/index.js';
import { renderValue } from '../definition/expressions.js';
import { definedSecretNames, redactSecrets, secretMarker, secretPlaceholders, secretScope } from './markers.js';

describe('secret markers', () => {
  it('renders secrets as placeholders, shown by name only, so the journaled input never holds a value or the nonce', async () => {
    const input = { headers: { authorization: 'Bearer {{ secrets.TOKEN }}' }, key: '{{ secrets.KEY }}', n: '{{ trigger.n }}' };
    const p = secretPlaceholders();
    const rendered = await renderValue(input, { trigger: { n: 2 }, secrets: p.scope(['secrets.TOKEN', 'secrets.KEY', 'trigger.n']) });
    expect(JSON.stringify(rendered)).not.toContain(secretMarker('KEY'));
    expect(await p.shown(rendered)).toEqual({ headers: { authorization: `Bearer ${secretMarker('TOKEN')}` }, key: secretMarker('KEY'), n: 2 });
    expect(secretScope(['trigger.n'])).toBeUndefined();
    expect(secretScope(['secrets.A'])).toEqual({ A: secretMarker('A') });
  });

  it('fills only the placeholders its own render produced, and fails the step when such a secret is not set', async () => {
    const p = secretPlaceholders();
    const scope = p.scope(['secrets.A', 'secrets.B']) ?? {};
    const a = scope['A'] ?? '';
    const b = scope['B'] ?? '';
    const rendered = { a: `x-${a}-${a}`, list: [b], keep: 3 };
    const values: Record<string, string> = { A: 'alpha-secret', B: 'beta-secret', C: 'gamma-secret' };
    const filled = await p.fill(rendered, async (n) => values[n]);
    expect(filled).toEqual({ a: 'x-alpha-secret-alpha-secret', list: ['beta-secret'], keep: 3 });
    expect(rendered.a).toContain(a);

    const missing = secretPlaceholders();
    const nope = missing.scope(['secrets.NOPE'])?.['NOPE'];
    const err = await missing.fill({ v: nope }, async () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err).toMatchObject({ code: 'workflows.secret.missing', retryable: false, message: expect.stringContaining('NOPE') });
  });

  it('leaves marker-looking text from data alone: plain markers, another render\'s placeholders, names it did not read', async () => {
    const other = secretPlaceholders();
    const stolen = other.scope(['secrets.A'])?.['A'] ?? '';
    const p = secretPlaceholders();
    const own = p.scope(['secrets.A'])?.['A'] ?? '';
    const forged = own.replace('secret:A~', 'secret:C~');
    const asked: string[] = [];
    const resolve = async (n: string) => {
      asked.push(n);
      return `value-of-${n}`;
    };
    const data = { plain: secretMarker('A'), other: secretMarker('C'), stolen, forged, mine: own };
    const filled = await p.fill(data, resolve);
    expect(filled).toEqual({ plain: secretMarker('A'), other: secretMarker('C'), stolen, forged: secretMarker('C'), mine: 'value-of-A' });
    expect(asked).toEqual(['A']);
    // With no placeholder of its own, nothing is resolved at all.
    const none = secretPlaceholders();
    none.scope(['trigger.x']);
    expect(await none.fill(data, resolve)).toBe(data);
    expect(asked).toEqual(['A']);
  });

  it('names the secrets a step definition itself names: expressions and a literal bearerSecret, not a computed one', () => {
    expect(definedSecretNames({ url: 'https://x/{{ secrets.A }}', body: { k: '{{ trigger.k & secrets.B }}' }, bearerSecret: 'C' })).toEqual(new Set(['A', 'B', 'C']));
    expect(definedSecretNames({ bearerSecret: '{{ trigger.body.which }}' })).toEqual(new Set());
    expect(definedSecretNames('{{ secrets.D }}')).toEqual(new Set(['D']));
  });

  it('redacts secret values wherever they come back, longest first, leaving very short values alone', () => {
    const out = redactSecrets({ body: { echo: 'token abcd1234 and abcd12345678', n: 1, list: ['abcd1234'] }, short: 'abc' }, new Set(['abcd1234', 'abcd12345678', 'abc']));
    expect(out).toEqual({ body: { echo: 'token [redacted] and [redacted]', n: 1, list: ['[redacted]'] }, short: 'abc' });
    const same = { a: 1 };
    expect(redactSecrets(same, new Set())).toBe(same);
  });
});
