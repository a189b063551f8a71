import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T10:00:00Z');
  it('reads delay-seconds', () => expect(parseRetryAfter('120', now)).toBe(120_000));
  it('reads an HTTP date', () => expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30_000));
  it('never returns a negative wait for a past date', () => expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0));
  it('reads an HTTP date in the obsolete RFC 850 and asctime forms', () => {
    expect(parseRetryAfter('Thursday, 26-Nov-26 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Thu Nov 26 10:00:05 2026', now)).toBe(5_000);
  });
  it('tolerates surrounding spaces and fractional seconds (sent by some APIs)', () => {
    expect(parseRetryAfter(' 3 ', now)).toBe(3000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
