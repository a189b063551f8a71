import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fernetDecrypt, fernetEncrypt, generateFernetKey, looksLikeFernetToken, parseFernetKey } from './fernet.js';

interface Vector {
  desc?: string;
  token: string;
  now: string;
  iv?: number[];
  src?: string;
  secret: string;
  ttl_sec?: number;
}
const vectors = JSON.parse(readFileSync(new URL('./fernet-vectors.json', import.meta.url), 'utf8')) as Record<
  'generate' | 'verify' | 'invalid',
  Vector[]
>;
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('Fernet (published spec vectors)', () => {
  it.each(vectors.generate)('generates the spec token for $src', (v) => {
    const token = fernetEncrypt(parseFernetKey(v.secret), Buffer.from(v.src!), { iv: Buffer.from(v.iv!), now: epoch(v.now) });
    expect(token).toBe(v.token);
  });

  it.each(vectors.verify)('verifies the spec token for $src', (v) => {
    const plain = fernetDecrypt(parseFernetKey(v.secret), v.token, { ttlSec: v.ttl_sec!, now: epoch(v.now) });
    expect(plain.toString('utf8')).toBe(v.src);
  });

  it.each(vectors.invalid)('rejects: $desc', (v) => {
    expect(() => fernetDecrypt(parseFernetKey(v.secret), v.token, { ttlSec: v.ttl_sec!, now: epoch(v.now) })).toThrow(
      expect.objectContaining({ code: 'vault.token_invalid' }),
    );
  });

  it('covers all eight invalid cases of the spec', () => {
    expect(vectors.invalid).toHaveLength(8);
  });
});

describe('Fernet round trip', () => {
  it('seals and opens text of any length, including unicode and empty', () => {
    const key = parseFernetKey(generateFernetKey());
    for (const text of ['', 'a', 'x'.repeat(15), 'y'.repeat(16), 'z'.repeat(1000), 'clé 🔑 ключ']) {
      const token = fernetEncrypt(key, Buffer.from(text));
      expect(looksLikeFernetToken(token)).toBe(true);
      expect(fernetDecrypt(key, token).toString('utf8')).toBe(text);
    }
  });

  it('uses a fresh IV each time', () => {
    const key = parseFernetKey(generateFernetKey());
    expect(fernetEncrypt(key, Buffer.from('same'))).not.toBe(fernetEncrypt(key, Buffer.from('same')));
  });

  it('refuses another key, a flipped byte and a truncated token', () => {
    const key = parseFernetKey(generateFernetKey());
    const token = fernetEncrypt(key, Buffer.from('secret'));
    expect(() => fernetDecrypt(parseFernetKey(generateFernetKey()), token)).toThrow(/not a valid Fernet token/);
    const bytes = Buffer.from(token, 'base64url');
    bytes[30] = bytes[30]! ^ 1;
    expect(() => fernetDecrypt(key, bytes.toString('base64url'))).toThrow(/not a valid Fernet token/);
    expect(() => fernetDecrypt(key, token.slice(0, 40))).toThrow(/not a valid Fernet token/);
  });

  it('accepts keys with or without padding and refuses malformed keys', () => {
    const key = generateFernetKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(() => parseFernetKey(key.replace(/=$/, ''))).not.toThrow();
    expect(() => parseFernetKey('too-short')).toThrow(expect.objectContaining({ code: 'vault.key_invalid' }));
    expect(() => parseFernetKey(`${key.slice(0, 10)}+/${key.slice(12)}`)).toThrow(expect.objectContaining({ code: 'vault.key_invalid' }));
  });
});
