import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh unguessable secret (256 bits), URL-safe. */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * How session ids, API tokens and invitation links are stored: a SHA-256 digest. They carry 256 bits
 * of entropy, so a fast hash is enough (a slow one only matters for low-entropy passwords).
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** The CSRF token of a session: derived from the session secret, so it needs no storage of its own. */
export const csrfTokenFor = (sessionSecret: string): string =>
  createHmac('sha256', sessionSecret).update('atom-csrf-v1').digest('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const API_TOKEN_PREFIX = 'atom_';

/** A personal API token as shown to its owner once: `atom_` + 43 characters. */
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${randomSecret()}`;
