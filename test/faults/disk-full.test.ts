// Fault: the data directory's disk fills up. The data directory is a small tmpfs mounted for the test
// (a real filesystem returning ENOSPC from the kernel, for SQLite, LanceDB and upload spooling alike,
// which an fs-level injection could not reach: SQLite and LanceDB write from native code). Writes fail
// with a clear 507 problem+json, reads keep working, nothing is corrupted, and writes succeed again once
// space returns. Needs root (mount); without it the file is skipped with that reason.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, type TestActor } from '../support/auth.js';
import { createTestApp } from '../support/context.js';

const mountPoint = mkdtempSync(path.join(tmpdir(), 'atom-fault-disk-'));
const mount = () => execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint], { stdio: 'pipe' });
let mountError: string | undefined;
try {
  // A probe only: the test mounts in beforeAll, so a filtered-out run leaves nothing mounted.
  mount();
  execFileSync('umount', [mountPoint]);
} catch (err) {
  mountError = `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]})`;
}
if (mountError) rmdirSync(mountPoint);

/** Fills the filesystem to the last byte with one file; returns its path. */
function fill(dir: string): string {
  const file = path.join(dir, 'filler.bin');
  const fd = openSync(file, 'w');
  const big = Buffer.alloc(1 << 20);
  const small = Buffer.alloc(512);
  try {
    for (const buf of [big, small]) {
      for (;;) {
        try {
          writeSync(fd, buf);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

const multipart = (name: string, content: string) => {
  const boundary = `----atomfault${Date.now()}`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  };
};

describe.skipIf(mountError !== undefined)(`fault: disk full in the data directory${mountError ? ` (skipped: ${mountError})` : ''}`, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let actor: TestActor;
  const definition = { trigger: { type: 'manual' }, steps: [{ id: 'note', type: 'set', values: { greeting: 'hello' } }] };

  beforeAll(async () => {
    mount();
    t = await createTestApp('sqlite', { ATOM_DATA_DIR: mountPoint, ATOM_LOG_LEVEL: 'warn' });
    actor = await signUpOwner(t.app);
  });
  afterAll(async () => {
    await t?.cleanup().catch(() => undefined);
    if (!mountError) {
      execFileSync('umount', ['-l', mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('writes fail with a clear 507, reads work, nothing is corrupted, writes work again when space returns', async () => {
    const create = (name: string, padding = '') =>
      t.app.inject({ method: 'POST', url: '/api/workflows', headers: actor.bearer, payload: { name, definition: { ...definition, steps: [{ ...definition.steps[0], values: { greeting: 'hello', padding } }] } } });
    const upload = (name: string, text: string) => {
      const m = multipart(name, text);
      return t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...actor.bearer, ...m.headers }, payload: m.payload });
    };
    expect((await create('before')).statusCode).toBe(201);
    expect((await upload('before.txt', 'Written before the disk filled up: albatross.')).statusCode).toBe(201);

    const filler = fill(mountPoint);
    expect(statfsSync(mountPoint).bavail).toBe(0);

    // Enough writes that SQLite must grow its file / WAL (a page or two may still fit in free pages).
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await create(`during-${i}`, 'x'.repeat(8000)));
    const failed = answers.filter((a) => a.statusCode !== 201);
    expect(failed.length).toBeGreaterThan(0);
    for (const a of failed) {
      expect(a.statusCode).toBe(507);
      expect(a.headers['content-type']).toContain('application/problem+json');
      expect(a.json()).toMatchObject({ code: 'platform.storage.full' });
      expect(String(a.json().detail)).toMatch(/disk|space/i);
    }
    const up = await upload('during.txt', 'Written while the disk is full: cormorant.');
    expect([201, 507]).toContain(up.statusCode);
    if (up.statusCode === 201) expect(up.json()).toMatchObject({ failed: 1 });
    else expect(up.json()).toMatchObject({ code: 'platform.storage.full' });
    // Reads keep working.
    const list = await t.app.inject({ method: 'GET', url: '/api/workflows', headers: actor.bearer });
    expect(list.statusCode).toBe(200);
    const search = await t.app.inject({ method: 'GET', url: '/api/memory/search?q=albatross', headers: actor.bearer });
    expect(search.statusCode).toBe(200);

    // Space returns.
    unlinkSync(filler);
    expect((await create('after')).statusCode).toBe(201);
    expect((await upload('after.txt', 'Written after space returned: puffin.')).statusCode).toBe(201);

    // No corruption: SQLite's own check, and everything that was acknowledged is there.
    const db = new SQLite(path.join(mountPoint, 'atom.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    const names = ((await t.app.inject({ method: 'GET', url: '/api/workflows?limit=200', headers: actor.bearer })).json() as { items: { name: string }[] }).items.map((w) => w.name);
    const acknowledged = ['before', 'after', ...answers.filter((a) => a.statusCode === 201).map((a) => (a.json() as { name: string }).name)];
    expect([...names].sort()).toEqual([...acknowledged].sort());
    for (const [q, title] of [['albatross', 'before.txt'], ['puffin', 'after.txt']]) {
      const r = (await t.app.inject({ method: 'GET', url: `/api/memory/search?q=${q}`, headers: actor.bearer })).json() as { hits: { title: string }[] };
      expect(r.hits[0]?.title).toBe(title);
    }
    console.log(`disk full: ${failed.length} of ${answers.length} workflow writes answered 507 while full; an upload answered ${up.statusCode} ${up.body.slice(0, 200)}; integrity ok; writes resumed`);
  }, 60_000);
});
