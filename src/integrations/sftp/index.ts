import { createHash } from 'node:crypto';
import path from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import { defineService, hostField, portField, type Fault, type ServiceCallContext } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

const settings = z
  .object({
    host: hostField,
    port: portField(22),
    username: z.string().trim().min(1).max(256),
    password: z.string().max(1024).optional(),
    /** An OpenSSH or PEM private key, instead of (or with) the password. */
    privateKey: z.string().max(32_768).optional(),
    passphrase: z.string().max(1024).optional(),
    /**
     * The server's host key fingerprint as `SHA256:<base64>` (what `ssh-keygen -lf` prints). When set, a server
     * presenting another key is refused (a man in the middle); when empty, any key is accepted.
     */
    hostKeySha256: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, { error: 'must look like SHA256:<43 base64 characters>, as ssh-keygen -lf prints it' })
      .optional(),
  })
  .refine((s) => Boolean(s.password) || Boolean(s.privateKey), { error: 'give a password or a private key', path: ['password'] });
type Settings = z.output<typeof settings>;

function fault(err: unknown): Fault | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: string | number; level?: string };
  if (e.level === 'client-authentication' || /All configured authentication methods failed/i.test(e.message)) return { code: 'integrations.http.unauthorized', message: 'the user name, password or key was not accepted' };
  if (/host key/i.test(e.message) || e.level === 'client-hostkey') return { code: 'integrations.http.forbidden', message: 'the server presented a host key other than the one configured (hostKeySha256)' };
  // SFTP status codes (draft-ietf-secsh-filexfer-02 §7): 2 no such file, 3 permission denied.
  if (e.code === 2 || e.code === 'ENOENT') return { code: 'integrations.http.not_found', message: e.message.replace(/^[a-zA-Z]+: /, '') };
  if (e.code === 3 || e.code === 'EACCES') return { code: 'integrations.http.forbidden', message: e.message.replace(/^[a-zA-Z]+: /, '') };
  if (e.code === 'ERR_GENERIC_CLIENT' && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(e.message)) return { code: 'integrations.http.network', message: `the server could not be reached (${e.message})` };
  return undefined;
}

async function withSftp<T>(ctx: ServiceCallContext<Settings>, fn: (c: SftpClient) => Promise<T>): Promise<T> {
  const s = ctx.settings;
  const address = await ctx.resolveHost(s.host);
  const pinned = s.hostKeySha256?.replace(/=+$/, '');
  const client = new SftpClient('atom');
  const abort = () => void client.end().catch(() => undefined);
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    await client.connect({
      host: address,
      port: s.port,
      username: s.username,
      ...(s.password ? { password: s.password } : {}),
      ...(s.privateKey ? { privateKey: s.privateKey } : {}),
      ...(s.passphrase ? { passphrase: s.passphrase } : {}),
      readyTimeout: 15_000,
      retries: 0,
      ...(pinned ? { hostVerifier: (key: Buffer) => `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` === pinned } : {}),
    });
    return await fn(client);
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    await client.end().catch(() => undefined);
  }
}

const sftp = defineService({
  id: 'sftp',
  name: 'The SFTP server',
  settings,
  label: (s) => `${s.username}@${s.host}:${s.port}`,
  async check(ctx) {
    await withSftp(ctx, (c) => c.cwd());
  },
  fault,
});

const remotePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), { error: 'must not contain NUL' });
const MAX_BYTES = 20 * 1024 * 1024;

export const list = sftp.operation({
  id: 'sftp.list',
  title: 'List a folder',
  description: 'Lists the files and folders in a remote folder.',
  aiDescription: 'Use to see what is in a folder on an SFTP server (names, types, sizes, modification times). Use sftp.get to read a file.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ path: remotePath.default('.'), pattern: z.string().max(200).optional().describe('Only names containing this text') }),
  output: z.object({ path: z.string(), entries: z.array(z.object({ name: z.string(), path: z.string(), type: z.enum(['file', 'folder', 'link', 'other']), size: z.number(), modifiedAt: z.string() })) }),
  async run(ctx, input) {
    return withSftp(ctx, async (c) => {
      const items = await c.list(input.path);
      const entries = items
        .filter((i) => !input.pattern || i.name.includes(input.pattern))
        .map((i) => ({
          name: i.name,
          path: path.posix.join(input.path, i.name),
          type: i.type === '-' ? ('file' as const) : i.type === 'd' ? ('folder' as const) : i.type === 'l' ? ('link' as const) : ('other' as const),
          size: i.size,
          modifiedAt: new Date(i.modifyTime).toISOString(),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { path: input.path, entries };
    });
  },
});

export const get = sftp.operation({
  id: 'sftp.get',
  title: 'Download a file',
  description: "Reads a remote file's content (text, or base64 for binary files), up to 20 MiB.",
  aiDescription: 'Use to read a file from an SFTP server. encoding utf8 for text files (CSV, JSON), base64 for anything else.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ path: remotePath, encoding: z.enum(['utf8', 'base64']).default('utf8') }),
  output: z.object({ path: z.string(), size: z.number(), encoding: z.enum(['utf8', 'base64']), content: z.string() }),
  async run(ctx, input) {
    return withSftp(ctx, async (c) => {
      const st = await c.stat(input.path);
      if (st.isDirectory) throw Object.assign(new Error(`${input.path} is a folder; use sftp.list`), { code: 'EISDIR' });
      if (st.size > MAX_BYTES) throw Object.assign(new Error(`${input.path} is larger than 20 MiB`), { code: 'EFBIG' });
      const data = (await c.get(input.path)) as Buffer;
      return { path: input.path, size: data.length, encoding: input.encoding, content: data.toString(input.encoding) };
    });
  },
});

export const put = sftp.operation({
  id: 'sftp.put',
  title: 'Upload a file',
  description: 'Writes a file on the server (text, or base64 for binary content), replacing one that exists.',
  aiDescription: 'Use to write a file to an SFTP server, e.g. an export for a partner. content is text (encoding utf8) or base64. Fails when the folder does not exist unless createFolders is true.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ path: remotePath, content: z.string().max(28 * 1024 * 1024), encoding: z.enum(['utf8', 'base64']).default('utf8'), createFolders: z.boolean().default(false) }),
  output: z.object({ path: z.string(), size: z.number() }),
  async run(ctx, input) {
    const data = Buffer.from(input.content, input.encoding);
    if (data.length > MAX_BYTES) throw Object.assign(new Error('the content is larger than 20 MiB'), { code: 'EFBIG' });
    return withSftp(ctx, async (c) => {
      const dir = path.posix.dirname(input.path);
      if (input.createFolders && dir !== '.' && dir !== '/') await c.mkdir(dir, true);
      await c.put(data, input.path);
      return { path: input.path, size: data.length };
    });
  },
});

export const sftpActions = [list, get, put];

/** SFTP server, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const sftpIntegration = defineIntegration({ catalog, kit: sftp, actions: sftpActions });
