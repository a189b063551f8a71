import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, passwordProblem } from './passwords.js';

describe('password policy', () => {
  it.each([
    ['short1!', 'at least 10'],
    ['password123', 'most common'],
    ['aaaaaaaaaaaa', 'too few different'],
    ['abababababab', 'too few different'],
    ['abcdefghijkl', 'sequence'],
    ['zyxwvutsrq', 'sequence'],
    ['x'.repeat(201), 'at most 200'],
  ])('refuses %s', (pw, words) => {
    expect(passwordProblem(pw)).toContain(words);
  });

  it('refuses a password built from the email', () => {
    expect(passwordProblem('mariela-2026!', { email: 'mariela@example.com' })).toContain('email');
  });

  it('accepts a long passphrase', () => {
    expect(passwordProblem('correct horse battery staple', { email: 'a@example.com', name: 'Ann' })).toBeUndefined();
  });
});

describe('password hashing', () => {
  it('stores argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(hash).not.toContain('correct horse');
    expect(await checkPassword('correct horse battery staple', hash)).toBe(true);
    expect(await checkPassword('wrong horse battery staple', hash)).toBe(false);
  });

  it('never accepts anything without a stored hash, yet does the same work', async () => {
    await checkPassword('warm up', null);
    const t0 = performance.now();
    expect(await checkPassword('anything', null)).toBe(false);
    const withoutHash = performance.now() - t0;
    expect(withoutHash).toBeGreaterThan(2);
  });
});
