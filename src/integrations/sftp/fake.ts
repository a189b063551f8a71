import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ssh2, { type Attributes, type SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export interface SftpTestServer {
  port: number;
  user: string;
  password: string;
  /** The folder served as the user's home (`.`). */
  root: string;
  /** The host key's fingerprint, as `ssh-keygen -lf` prints it. */
  hostKeySha256: string;
  close(): Promise<void>;
}

/**
 * A real SFTP server for tests, from the ssh2 package's server API (password auth), serving a temporary folder:
 * enough of the protocol (draft-ietf-secsh-filexfer-02) for listing, stat, reading, writing and mkdir.
 */
export async function startSftpServer(o: { user?: string; password?: string } = {}): Promise<SftpTestServer> {
  const user = o.user ?? 'robot';
  const password = o.password ?? 'sftp-pass-1234';
  const root = fs.mkdtempSync(path.join(tmpdir(), 'atom-sftp-'));
  const key = utils.generateKeyPairSync('ed25519');
  const parsed = utils.parseKey(key.private);
  if (parsed instanceof Error) throw parsed;
  const hostKeySha256 = `SHA256:${createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
  const inside = (p: string) => {
    const full = path.resolve(root, p.replace(/^\/+/, ''));
    if (full !== root && !full.startsWith(root + path.sep)) throw Object.assign(new Error('outside'), { code: 'EACCES' });
    return full;
  };
  const attrsOf = (st: fs.Stats): Attributes => ({ mode: st.mode, uid: st.uid, gid: st.gid, size: st.size, atime: Math.floor(st.atimeMs / 1000), mtime: Math.floor(st.mtimeMs / 1000) });

  const server = new Server({ hostKeys: [key.private] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === user && ctx.password === password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('error', () => undefined);
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (acceptSftp) => serve(acceptSftp()));
      });
    });
  });

  function serve(sftp: SFTPWrapper) {
    const handles = new Map<string, { fd?: number; dir?: string; listed?: boolean }>();
    let next = 0;
    const newHandle = (h: { fd?: number; dir?: string }) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(next++);
      handles.set(b.toString('hex'), h);
      return b;
    };
    const fail = (id: number, err: unknown) => {
      const code = (err as { code?: string }).code;
      sftp.status(id, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE, (err as Error).message);
    };
    const guard = (id: number, fn: () => void) => {
      try {
        fn();
      } catch (err) {
        fail(id, err);
      }
    };
    sftp.on('REALPATH', (id, p) => guard(id, () => {
      const full = inside(p);
      const rel = '/' + path.relative(root, full).split(path.sep).join('/');
      sftp.name(id, [{ filename: rel === '/' ? '/' : rel, longname: rel, attrs: {} as Attributes }]);
    }));
    sftp.on('STAT', (id, p) => guard(id, () => sftp.attrs(id, attrsOf(fs.statSync(inside(p))))));
    sftp.on('LSTAT', (id, p) => guard(id, () => sftp.attrs(id, attrsOf(fs.lstatSync(inside(p))))));
    sftp.on('OPENDIR', (id, p) => guard(id, () => {
      const dir = inside(p);
      if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOENT' });
      sftp.handle(id, newHandle({ dir }));
    }));
    sftp.on('READDIR', (id, handle) => guard(id, () => {
      const h = handles.get(handle.toString('hex'));
      if (!h?.dir) return void sftp.status(id, STATUS_CODE.FAILURE);
      if (h.listed) return void sftp.status(id, STATUS_CODE.EOF);
      h.listed = true;
      const names = fs.readdirSync(h.dir).map((n) => {
        const st = fs.statSync(path.join(h.dir!, n));
        return { filename: n, longname: `${st.isDirectory() ? 'd' : '-'}rw-r--r-- 1 ${user} ${user} ${st.size} Jan 1 00:00 ${n}`, attrs: attrsOf(st) };
      });
      sftp.name(id, names);
    }));
    sftp.on('OPEN', (id, p, flags) => guard(id, () => {
      const mode = flags & OPEN_MODE.WRITE ? (flags & OPEN_MODE.APPEND ? 'a' : 'w') : 'r';
      sftp.handle(id, newHandle({ fd: fs.openSync(inside(p), mode) }));
    }));
    sftp.on('READ', (id, handle, offset, len) => guard(id, () => {
      const h = handles.get(handle.toString('hex'));
      const buf = Buffer.alloc(len);
      const n = fs.readSync(h!.fd!, buf, 0, len, offset);
      if (n === 0) sftp.status(id, STATUS_CODE.EOF);
      else sftp.data(id, buf.subarray(0, n));
    }));
    sftp.on('WRITE', (id, handle, offset, data) => guard(id, () => {
      fs.writeSync(handles.get(handle.toString('hex'))!.fd!, data, 0, data.length, offset);
      sftp.status(id, STATUS_CODE.OK);
    }));
    sftp.on('FSTAT', (id, handle) => guard(id, () => sftp.attrs(id, attrsOf(fs.fstatSync(handles.get(handle.toString('hex'))!.fd!)))));
    sftp.on('SETSTAT', (id) => sftp.status(id, STATUS_CODE.OK));
    sftp.on('FSETSTAT', (id) => sftp.status(id, STATUS_CODE.OK));
    sftp.on('MKDIR', (id, p) => guard(id, () => {
      fs.mkdirSync(inside(p));
      sftp.status(id, STATUS_CODE.OK);
    }));
    sftp.on('CLOSE', (id, handle) => guard(id, () => {
      const k = handle.toString('hex');
      const h = handles.get(k);
      if (h?.fd !== undefined) fs.closeSync(h.fd);
      handles.delete(k);
      sftp.status(id, STATUS_CODE.OK);
    }));
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    user,
    password,
    root,
    hostKeySha256,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
