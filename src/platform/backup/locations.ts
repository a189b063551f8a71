import { access } from 'node:fs/promises';
import path from 'node:path';
import type { AtomConfig } from '../config/index.js';

export const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/** The LanceDB directory, or undefined when the memory store is remote (s3://, gs://, az://, db://). */
export function lanceDirOf(config: Pick<AtomConfig, 'ATOM_MEMORY_LANCEDB_URI'>, dataDir: string): string | undefined {
  const uri = config.ATOM_MEMORY_LANCEDB_URI;
  if (!uri) return path.join(dataDir, 'lancedb');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return uri.startsWith('file://') ? new URL(uri).pathname : undefined;
  return path.resolve(uri);
}

/** The vault key file (src/vault/keyring.ts reads the same place). */
export const vaultKeyFileOf = (config: Pick<AtomConfig, 'ATOM_VAULT_KEY_FILE'>, dataDir: string): string =>
  path.resolve(config.ATOM_VAULT_KEY_FILE ?? path.join(dataDir, 'vault.key'));
