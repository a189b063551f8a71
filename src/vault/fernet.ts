import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../platform/index.js';

/**
 * Fernet tokens as the published spec defines them (https://github.com/fernet/spec/blob/master/Spec.md):
 * `0x80 | timestamp (u64 BE seconds) | IV (16) | AES-128-CBC ciphertext (PKCS#7) | HMAC-SHA256 (32)`,
 * urlsafe base64 with padding. The key is 32 bytes: the first half signs, the second half encrypts.
 * Same format as Python's `cryptography.fernet`, so secrets from the earlier Python Atom open here.
 */

const VERSION = 0x80;
const HEADER = 1 + 8 + 16;
const MAC = 32;
const BLOCK = 16;
/** Tokens stamped further in the future than this are rejected when a TTL is checked (spec: clock skew). */
const MAX_CLOCK_SKEW_SEC = 60;

export interface FernetKey {
  signing: Buffer;
  encryption: Buffer;
}

const b64url = /^[A-Za-z0-9_-]*={0,2}$/;

function decodeStrict(text: string): Buffer | undefined {
  // Buffer.from(…, 'base64url') silently skips characters outside the alphabet; the spec's invalid vectors
  // expect such tokens to be refused, so the alphabet is checked first.
  if (!b64url.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64url');
}

/** Urlsafe base64 with `=` padding, as Python's urlsafe_b64encode writes it. */
export const encodeUrlsafe = (bytes: Buffer): string =>
  bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

const invalidToken = () => new AppError('vault.token_invalid', 'The sealed value is not a valid Fernet token.', { status: 500 });

/** Parses a Fernet key (urlsafe base64 of 32 bytes, padding optional). Throws on anything else. */
export function parseFernetKey(text: string): FernetKey {
  const bytes = decodeStrict(text.trim());
  if (!bytes || bytes.length !== 32) {
    throw new AppError('vault.key_invalid', 'A vault key must be 32 bytes in urlsafe base64 (44 characters, as Fernet.generate_key() writes).', {
      status: 500,
    });
  }
  return { signing: bytes.subarray(0, 16), encryption: bytes.subarray(16) };
}

/** A fresh random Fernet key, in the text form Python's Fernet.generate_key() produces. */
export const generateFernetKey = (): string => encodeUrlsafe(randomBytes(32));

export interface EncryptOptions {
  /** Fixed IV; only the spec's test vectors pass one. */
  iv?: Buffer;
  /** Seconds since the epoch to stamp (default: now). */
  now?: number;
}

export function fernetEncrypt(key: FernetKey, plaintext: Buffer, options: EncryptOptions = {}): string {
  const iv = options.iv ?? randomBytes(16);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const header = Buffer.alloc(9);
  header.writeUInt8(VERSION, 0);
  header.writeBigUInt64BE(BigInt(now), 1);
  const body = Buffer.concat([header, iv, ciphertext]);
  const mac = createHmac('sha256', key.signing).update(body).digest();
  return encodeUrlsafe(Buffer.concat([body, mac]));
}

export interface DecryptOptions {
  /** Reject tokens older than this many seconds (and stamped too far in the future). Unset: no age check. */
  ttlSec?: number;
  /** Seconds since the epoch to check the TTL against (default: now). */
  now?: number;
}

/** Opens a token with one key; throws `vault.token_invalid` for a bad MAC, format, padding or age. */
export function fernetDecrypt(key: FernetKey, token: string, options: DecryptOptions = {}): Buffer {
  const data = decodeStrict(token);
  if (!data || data.length < HEADER + BLOCK + MAC || data[0] !== VERSION) throw invalidToken();
  const ciphertextLength = data.length - HEADER - MAC;
  if (ciphertextLength % BLOCK !== 0) throw invalidToken();

  const body = data.subarray(0, data.length - MAC);
  const expected = createHmac('sha256', key.signing).update(body).digest();
  if (!timingSafeEqual(expected, data.subarray(data.length - MAC))) throw invalidToken();

  if (options.ttlSec !== undefined) {
    const stamped = Number(data.readBigUInt64BE(1));
    const now = options.now ?? Math.floor(Date.now() / 1000);
    if (stamped + options.ttlSec < now || stamped > now + MAX_CLOCK_SKEW_SEC) throw invalidToken();
  }

  const iv = data.subarray(9, HEADER);
  try {
    const decipher = createDecipheriv('aes-128-cbc', key.encryption, iv);
    return Buffer.concat([decipher.update(data.subarray(HEADER, data.length - MAC)), decipher.final()]);
  } catch (cause) {
    throw new AppError('vault.token_invalid', 'The sealed value is not a valid Fernet token.', { status: 500, cause });
  }
}

/** Cheap shape check (version byte and alphabet), without a key: is this text a Fernet token at all? */
export function looksLikeFernetToken(value: string): boolean {
  if (!value.startsWith('gAAAAA')) return false;
  const data = decodeStrict(value);
  return data !== undefined && data.length >= HEADER + BLOCK + MAC && (data.length - HEADER - MAC) % BLOCK === 0;
}
