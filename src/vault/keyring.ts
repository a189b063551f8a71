import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, type AppContext } from '../platform/index.js';
import { generateFernetKey, parseFernetKey, type FernetKey } from './fernet.js';

/**
 * The vault's master keys, newest first: the newest seals, any opens. They come from ATOM_VAULT_KEYS
 * (comma-separated) or from a key file (ATOM_VAULT_KEY_FILE, default `<dataDir>/vault.key`, one key a
 * line, newest first), which is generated with mode 0600 on first start when neither exists.
 */
export interface Keyring {
  source: 'env' | 'file';
  /** Key file path (file mode). */
  file: string | undefined;
  keys: FernetKey[];
}

export const keyFilePath = (ctx: Pick<AppContext, 'config' | 'dataDir'>): string =>
  path.resolve(ctx.config.ATOM_VAULT_KEY_FILE ?? path.join(ctx.dataDir, 'vault.key'));

const parseKeyLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));

function parseAll(texts: string[], where: string): FernetKey[] {
  if (texts.length === 0) throw new AppError('vault.no_keys', `${where} holds no vault key.`, { status: 500 });
  return texts.map((t, i) => {
    try {
      return parseFernetKey(t);
    } catch (cause) {
      throw new AppError('vault.key_invalid', `Vault key #${i + 1} in ${where} is not a Fernet key (32 bytes, urlsafe base64).`, {
        status: 500,
        cause,
      });
    }
  });
}

const fileHeader =
  '# Atom vault keys, newest first. The first key seals new secrets; every key here can open them.\n' +
  '# BACK THIS FILE UP: without it, the secrets stored in the database cannot be decrypted.\n';

/** Writes the key file atomically with mode 0600 (temp file in the same folder, then rename). */
export function writeKeyFile(file: string, keys: string[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${fileHeader}${keys.join('\n')}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Reads the key file's keys as text, newest first. */
export const readKeyFileTexts = (file: string): string[] => parseKeyLines(readFileSync(file, 'utf8'));

function createKeyFile(ctx: Pick<AppContext, 'logger'>, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Written in full under a temporary name, then hard-linked into place: link fails if the file exists, so
  // two processes starting at once (server and worker) never both write a key, nor read a half-written one.
  const tmp = `${file}.${process.pid}.${Date.now()}.new`;
  writeFileSync(tmp, `${fileHeader}${generateFernetKey()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
  ctx.logger.warn(
    { file },
    'Generated a new vault key file. BACK IT UP: without it, the secrets stored in the database cannot be decrypted.',
  );
}

/** Loads the keyring, generating the key file on first start when no keys are configured. */
export function loadKeyring(ctx: Pick<AppContext, 'config' | 'dataDir' | 'logger'>): Keyring {
  const fromEnv = ctx.config.ATOM_VAULT_KEYS;
  if (fromEnv && fromEnv.length > 0) {
    const keys = parseAll(fromEnv, 'ATOM_VAULT_KEYS');
    if (existsSync(keyFilePath(ctx))) {
      // Moving from the key file to the variable: values sealed with a file key stay closed unless it moved too.
      ctx.logger.warn({ file: keyFilePath(ctx) }, 'ATOM_VAULT_KEYS is set, so the vault key file is ignored; keep its keys in ATOM_VAULT_KEYS until `atom vault rotate` has re-sealed everything');
    }
    return { source: 'env', file: undefined, keys };
  }
  const file = keyFilePath(ctx);
  if (!existsSync(file)) createKeyFile(ctx, file);
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    ctx.logger.warn({ file, mode: mode.toString(8) }, 'The vault key file is readable by other users; chmod 600 it.');
  }
  return { source: 'file', file, keys: parseAll(readKeyFileTexts(file), file) };
}

/**
 * Identity of the key file's current contents, to notice a rotation done by another process. The
 * modification time alone can repeat (the kernel's file clock is coarse), so size and inode join it.
 */
export const keyFileStamp = (file: string): string => {
  try {
    const st = statSync(file);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return '';
  }
};
