import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature, type HmacSettings } from './signature.js';

const hmac: HmacSettings = { header: 'x-atom-signature', timestampHeader: 'x-atom-timestamp', toleranceSeconds: 300, requireTimestamp: false };
const secret = 'f'.repeat(64);
const body = Buffer.from('{"order":42}');
const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('hex');
const now = 1_800_000_000_000;

describe('verifySignature', () => {
  it('accepts the HMAC of `<timestamp>.<body>` within the tolerance, with or without the sha256= prefix', () => {
    const stamp = String(now / 1000 - 10);
    const headers = { 'x-atom-signature': `sha256=${sign(`${stamp}.${body.toString()}`)}`, 'x-atom-timestamp': stamp };
    expect(verifySignature({ headers, rawBody: body, now }, secret, hmac)).toEqual({ given: sign(`${stamp}.${body.toString()}`), stamp, now });
  });

  it('accepts a body-only signature when no timestamp is sent and none is required', () => {
    expect(verifySignature({ headers: { 'x-atom-signature': sign(body.toString()) }, rawBody: body, now }, secret, hmac).stamp).toBe('');
  });

  it('refuses a wrong signature, a missing secret, a stale or missing timestamp (401 with its own code)', () => {
    const stamp = String(now / 1000);
    const good = { 'x-atom-signature': sign(`${stamp}.${body.toString()}`), 'x-atom-timestamp': stamp };
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return (err as { code?: string; status?: number }).code;
      }
      return 'accepted';
    };
    expect(codeOf(() => verifySignature({ headers: { ...good, 'x-atom-signature': sign('other') }, rawBody: body, now }, secret, hmac))).toBe('workflows.webhook.signature');
    expect(codeOf(() => verifySignature({ headers: good, rawBody: body, now }, undefined, hmac))).toBe('workflows.webhook.signature');
    expect(codeOf(() => verifySignature({ headers: good, rawBody: body, now: now + 301_000 }, secret, hmac))).toBe('workflows.webhook.stale_timestamp');
    expect(codeOf(() => verifySignature({ headers: { ...good, 'x-atom-timestamp': '12ab' }, rawBody: body, now }, secret, hmac))).toBe('workflows.webhook.stale_timestamp');
    expect(codeOf(() => verifySignature({ headers: { 'x-atom-signature': sign(body.toString()) }, rawBody: body, now }, secret, { ...hmac, requireTimestamp: true }))).toBe('workflows.webhook.timestamp_missing');
  });
});
