import { AppError, perContext, type AppContext } from '../platform/index.js';
import { fernetDecrypt, fernetEncrypt, looksLikeFernetToken, type FernetKey } from './fernet.js';
import { keyFileStamp, loadKeyring, type Keyring } from './keyring.js';

/**
 * Seals every secret Atom stores (OAuth tokens, model keys, webhook secrets) as a Fernet token: text,
 * storable in a text column, openable by Python's `cryptography.fernet` with the same key.
 *
 * @example
 * const vault = createVault(ctx);
 * const sealed = vault.sealJson({ accessToken, refreshToken });
 * const { accessToken } = vault.openJson<{ accessToken: string }>(sealed);
 */
export interface Vault {
  seal(plaintext: string): string;
  open(sealed: string): string;
  sealJson(value: unknown): string;
  openJson<T>(sealed: string): T;
  /** True when the value is shaped like a Fernet token (no key check). */
  isSealed(value: string): boolean;
  /**
   * The same secret sealed with the newest key, or `undefined` when it already is (rotation uses this,
   * so re-running a rotation rewrites nothing).
   */
  reseal(sealed: string): string | undefined;
  /** How many keys are configured (the first seals). */
  readonly keyCount: number;
}

interface LoadedKeyring extends Keyring {
  stamp: string;
}

// One keyring per app context: domains each call createVault(ctx), the key file is read (or generated) once.
const keyrings = perContext((): { loaded?: LoadedKeyring | undefined } => ({}));

function load(ctx: AppContext): LoadedKeyring {
  const ring = loadKeyring(ctx);
  const loaded = { ...ring, stamp: ring.file ? keyFileStamp(ring.file) : '' };
  keyrings(ctx).loaded = loaded;
  return loaded;
}

/** Drops the cached keyring so the next use re-reads the keys (after `atom vault rotate` in this process). */
export function forgetKeyring(ctx: AppContext): void {
  keyrings(ctx).loaded = undefined;
}

const openFailed = (cause?: unknown) =>
  new AppError('vault.open_failed', 'A stored secret could not be decrypted with any configured vault key.', {
    status: 500,
    ...(cause === undefined ? {} : { cause }),
  });

function tryKeys(keys: FernetKey[], sealed: string): { plain: Buffer; index: number } | undefined {
  for (const [index, key] of keys.entries()) {
    try {
      return { plain: fernetDecrypt(key, sealed), index };
    } catch {
      // Not this key: try the next (older) one.
    }
  }
  return undefined;
}

export function createVault(ctx: AppContext): Vault {
  const ring = (): LoadedKeyring => keyrings(ctx).loaded ?? load(ctx);
  ring(); // Fail fast on bad keys, and create the key file on first start.

  const openWithIndex = (sealed: string): { plain: Buffer; index: number } => {
    if (typeof sealed !== 'string' || !looksLikeFernetToken(sealed)) throw openFailed();
    const current = ring();
    const hit = tryKeys(current.keys, sealed);
    if (hit) return hit;
    // Another process may have rotated the key file since we read it: re-read once and retry.
    if (current.file && keyFileStamp(current.file) !== current.stamp) {
      const again = tryKeys(load(ctx).keys, sealed);
      if (again) return again;
    }
    throw openFailed();
  };

  const seal = (plaintext: string): string => {
    let current = ring();
    // After `atom vault rotate` in another process, seal with its new key at once, so a later --prune
    // cannot strand a value this process sealed with the old one.
    if (current.file && keyFileStamp(current.file) !== current.stamp) current = load(ctx);
    const newest = current.keys[0];
    if (!newest) throw new AppError('vault.no_keys', 'No vault key is configured.', { status: 500 });
    return fernetEncrypt(newest, Buffer.from(plaintext, 'utf8'));
  };

  return {
    seal,
    open: (sealed) => openWithIndex(sealed).plain.toString('utf8'),
    sealJson: (value) => seal(JSON.stringify(value)),
    openJson: <T>(sealed: string): T => JSON.parse(openWithIndex(sealed).plain.toString('utf8')) as T,
    isSealed: (value) => looksLikeFernetToken(value),
    reseal: (sealed) => {
      const { plain, index } = openWithIndex(sealed);
      return index === 0 ? undefined : seal(plain.toString('utf8'));
    },
    get keyCount() {
      return ring().keys.length;
    },
  };
}
