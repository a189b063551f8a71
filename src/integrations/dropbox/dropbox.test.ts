import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxFake, type DropboxFake } from './fake.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { downloadFile, getMetadata, listFolder, uploadFile } from './index.js';

let fake: DropboxFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startDropboxFake();
  h = await pieceHarness({ serviceId: 'dropbox', fake });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});
beforeEach(() => void (fake.faults.length = 0));

describe('Dropbox pieces', () => {
  it('lists a folder through list_folder/continue', async () => {
    const out = await h.run(listFolder, { path: '/Reports' });
    expect(out.entries.map((e) => e.name)).toEqual(['r0.txt', 'r1.txt', 'r2.txt', 'r3.txt', 'r4.txt']);
    expect(fake.requests.filter((r) => r.path === '/2/files/list_folder/continue')).toHaveLength(2);
    await expect(h.run(listFolder, { path: '/Nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Dropbox says the file or folder does not exist.' });
  });

  it('uploads with Dropbox-API-Arg (non-ASCII escaped) and autorenames in add mode', async () => {
    const a = await h.run(uploadFile, { path: '/Reports/café.txt', content: 'hello' });
    expect(a.path).toBe('/Reports/café.txt');
    expect(String(fake.requests.at(-1)?.headers['dropbox-api-arg'])).toContain('caf\\u00e9.txt');
    const b = await h.run(uploadFile, { path: '/Reports/café.txt', content: 'again' });
    expect(b.path).toBe('/Reports/café (1).txt');
  });

  it('reads metadata of a file and a folder, by path or id; 404 and a bad path named', async () => {
    expect(await h.run(getMetadata, { path: '/Reports/r1.txt' })).toEqual({ id: 'id:/Reports/r1.txt', name: 'r1.txt', path: '/Reports/r1.txt', isFolder: false, size: 8, modifiedTime: '2026-01-01T00:00:00Z' });
    expect(await h.run(getMetadata, { path: 'id:/Reports' })).toMatchObject({ name: 'Reports', isFolder: true });
    await expect(h.run(getMetadata, { path: '/Nope.txt' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    const bad = getMetadata.input.safeParse({ path: 'Reports/r1.txt' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['path']);
  });

  it('downloads text as text and binary as base64 through the content endpoint; refuses folders and files above maxBytes', async () => {
    const t = await h.run(downloadFile, { path: '/Reports/r2.txt' });
    expect(t).toMatchObject({ name: 'r2.txt', size: 8, encoding: 'text', content: 'report 2' });
    const call = fake.requests.at(-1)!;
    expect(call.path).toBe('/2/files/download');
    expect(JSON.parse(String(call.headers['dropbox-api-arg']))).toEqual({ path: '/Reports/r2.txt' });
    fake.files.set('/Reports/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff]));
    expect(await h.run(downloadFile, { path: '/Reports/logo.png' })).toMatchObject({ encoding: 'base64', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff]).toString('base64') });
    const before = fake.requests.length;
    await expect(h.run(downloadFile, { path: '/Reports/r2.txt', maxBytes: 4 })).rejects.toMatchObject({ code: 'integrations.dropbox.too_large', fields: [{ field: 'maxBytes' }] });
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(['/2/files/get_metadata']);
    await expect(h.run(downloadFile, { path: '/Reports' })).rejects.toMatchObject({ code: 'integrations.dropbox.not_a_file', fields: [{ field: 'path' }] });
    await expect(h.run(downloadFile, { path: '/Nope.txt' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    const bad = downloadFile.input.safeParse({ path: '/a.txt', maxBytes: 0 });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['maxBytes']);
  });

  it('401 expired_access_token → refresh → retry; 429 Retry-After; 500 retried on the idempotent list', async () => {
    fake.expireAll();
    await h.run(listFolder, { path: '/Reports', limit: 1 });
    expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error_summary: 'too_many_requests/..' } }, { kind: 'status', status: 500, body: 'oops' });
    await h.run(listFolder, { path: '/Reports', limit: 1 });
  });
});
