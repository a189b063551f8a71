import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LogCapture } from '../../../test/support/context.js';
import { createLogger } from '../../platform/logging/index.js';
import { redactingLogger, secretForms, secretRedactor } from './redaction.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('secret redaction', () => {
  it('knows the encoded forms a secret takes, and finds it inside longer base64 at any offset', () => {
    const secret = `k/${randomBytes(9).toString('hex')}+ä= x`;
    const forms = secretForms(secret);
    for (const f of [secret, b64(secret), encodeURIComponent(secret), encodeURIComponent(secret).replaceAll('%20', '+'), JSON.stringify(secret).slice(1, -1)]) expect(forms).toContain(f);
    expect(secretForms('abc')).toEqual([]);

    const r = secretRedactor(new Set([secret]));
    for (const prefix of ['', 'u', 'us', 'user:']) {
      // A Basic header encodes `user:secret` as one string: no part of the secret's encoding longer than a
      // few characters at its edges may survive.
      const encoded = b64(`${prefix}${secret}`);
      const out = r.text(`Basic ${encoded}`);
      expect(out).toContain('[redacted]');
      expect(out.replace('[redacted]', '').length).toBeLessThan(`Basic ${encoded}`.length - 16);
    }
    expect(r.text(`Bearer ${secret}`)).toBe('Bearer [redacted]');
    expect(r.text('nothing to see')).toBe('nothing to see');
  });

  it('redacts messages, fields, errors and child bindings before pino writes them', () => {
    const logs = new LogCapture();
    const root = createLogger({ level: 'trace', pretty: 'false', destination: logs });
    const secrets = new Set<string>();
    const logger = redactingLogger(root, secrets, { runId: 'run-1' });
    const secret = `tok_${randomBytes(12).toString('hex')}`;
    // Resolved after the logger was made (an action reading a secret by name mid-call).
    secrets.add(secret);

    logger.info('sending %s', `Bearer ${secret}`);
    logger.info({ outgoing: { Authorization: `Bearer ${secret}` }, url: new URL(`https://api.example/x?key=${secret}`) }, 'request');
    const cause = new Error(`socket said ${secret}`);
    logger.error({ err: new Error(`upstream refused ${secret}`, { cause }) }, 'upstream failed');
    logger.error(new Error(`bare error with ${secret}`));
    logger.warn({ nested: { list: [{ deep: { b64: b64(secret), form: `t=${encodeURIComponent(secret)}` } }] }, other: { error: cause } }, 'nested');
    const cyclic: Record<string, unknown> = { secret };
    cyclic['self'] = cyclic;
    logger.debug({ cyclic }, 'cycle');
    logger.child({ bound: secret }).child({ again: `x${secret}x` }, { msgPrefix: '[c] ' }).info({ v: secret }, `child ${secret}`);

    const text = logs.text;
    for (const form of [secret, b64(secret), encodeURIComponent(secret)]) expect(text).not.toContain(form);
    const entries = logs.entries();
    expect(entries).toHaveLength(7);
    expect(entries.map((e) => e['msg'])).toEqual(['sending Bearer [redacted]', 'request', 'upstream failed', 'bare error with [redacted]', 'nested', 'cycle', '[c] child [redacted]']);
    expect(entries[0]).toMatchObject({ runId: 'run-1' });
    expect(entries[1]).toMatchObject({ outgoing: { Authorization: 'Bearer [redacted]' }, url: 'https://api.example/x?key=[redacted]' });
    // Errors keep pino's layout (type, message with causes, stack).
    expect(entries[2]?.['err']).toMatchObject({ type: 'Error', message: 'upstream refused [redacted]: socket said [redacted]', stack: expect.stringContaining('upstream refused [redacted]') });
    expect(entries[4]).toMatchObject({ nested: { list: [{ deep: { b64: '[redacted]', form: 't=[redacted]' } }] }, other: { error: { message: 'socket said [redacted]' } } });
    expect(entries[5]).toMatchObject({ cyclic: { secret: '[redacted]', self: '[Circular]' } });
    expect(entries[6]).toMatchObject({ bound: '[redacted]', again: 'x[redacted]x', v: '[redacted]' });
  });

  it('leaves lines alone while no secret is known', () => {
    const logs = new LogCapture();
    const logger = redactingLogger(createLogger({ level: 'info', pretty: 'false', destination: logs }), new Set(['abc']));
    logger.info({ a: { b: 'abc' } }, 'abc');
    logger.error(new Error('boom'));
    expect(logs.entries()).toMatchObject([{ a: { b: 'abc' }, msg: 'abc' }, { msg: 'boom', err: { type: 'Error', message: 'boom' } }]);
  });
});
