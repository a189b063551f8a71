import { describe, expect, it } from 'vitest';
import { boundedMemo } from './memo.js';

describe('boundedMemo', () => {
  it('computes once per key and drops the least recently used entry past max', () => {
    const calls: string[] = [];
    const upper = boundedMemo((s: string) => {
      calls.push(s);
      return s.toUpperCase();
    }, { max: 2 });
    expect(upper('a')).toBe('A');
    expect(upper('b')).toBe('B');
    expect(upper('a')).toBe('A'); // a hit: `a` is now the most recently used
    expect(upper('c')).toBe('C'); // drops `b`, the least recently used
    expect(upper('a')).toBe('A');
    expect(upper('b')).toBe('B'); // computed again
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keys calls of several arguments by the key function', () => {
    let calls = 0;
    const add = boundedMemo((a: number, b: number) => ++calls && a + b, { max: 10, key: (a, b) => `${a}+${b}` });
    expect(add(1, 2)).toBe(3);
    expect(add(1, 2)).toBe(3);
    expect(add(2, 1)).toBe(3);
    expect(calls).toBe(2);
  });

  it('does not remember a thrown error or a rejected promise', async () => {
    let attempts = 0;
    const flaky = boundedMemo((s: string) => {
      attempts++;
      if (attempts === 1) throw new Error('first call fails');
      return s;
    }, { max: 4 });
    expect(() => flaky('x')).toThrow('first call fails');
    expect(flaky('x')).toBe('x');

    let asyncAttempts = 0;
    const later = boundedMemo(async (s: string) => {
      asyncAttempts++;
      if (asyncAttempts === 1) throw new Error('first promise rejects');
      return s;
    }, { max: 4 });
    await expect(later('y')).rejects.toThrow('first promise rejects');
    await expect(later('y')).resolves.toBe('y');
    await expect(later('y')).resolves.toBe('y');
    expect(asyncAttempts).toBe(2);
  });

  it('refuses a max that is not a positive integer', () => {
    expect(() => boundedMemo((s: string) => s, { max: 0 })).toThrow(RangeError);
  });
});
