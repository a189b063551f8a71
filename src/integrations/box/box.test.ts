import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBoxFake, type BoxFake } from './fake.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { getFile, listFolder, uploadFile } from './index.js';

let fake: BoxFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startBoxFake();
  h = await pieceHarness({ serviceId: 'box', fake, basePath: '/2.0' });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});
beforeEach(() => void (fake.faults.length = 0));

describe('Box pieces', () => {
  it('lists a folder with marker paging', async () => {
    expect((await h.run(listFolder, {})).items.map((i) => i.name)).toEqual(['doc-0.txt', 'doc-1.txt', 'doc-2.txt', 'doc-3.txt', 'doc-4.txt']);
  });

  it('uploads multipart (attributes before file) to the upload host; a taken name is a conflict', async () => {
    // The fake serves the API under /2.0 and uploads under /api/2.0, like api.box.com and upload.box.com.
    const up = await h.run(uploadFile, { name: 'new.txt', content: 'fresh' });
    expect(up).toMatchObject({ name: 'new.txt', type: 'file', size: 5 });
    expect(fake.items.find((i) => i.id === up.id)?.content).toBe('fresh');
    await expect(h.run(uploadFile, { name: 'doc-1.txt', content: 'x' })).rejects.toMatchObject({ code: 'integrations.http.conflict', message: 'Box says an item with that name already exists in the folder.' });
  });

  it('gets a file with fields, and its content (text, or base64 for binary) through the 302 download', async () => {
    const meta = await h.run(getFile, { fileId: '101' });
    expect(meta).toEqual({ id: '101', name: 'doc-1.txt', type: 'file', size: 5, modifiedTime: '2026-01-01T00:00:00-08:00', createdTime: '2025-12-01T00:00:00-08:00', description: null, extension: 'txt', sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', parentId: '0', encoding: null, content: null });
    expect(fake.requests.at(-1)?.path).toMatch(/^\/2\.0\/files\/101\?fields=type%2Cid%2Cname%2Csize/);
    expect(await h.run(getFile, { fileId: '101', includeContent: true })).toMatchObject({ encoding: 'text', content: 'doc 1' });
    expect(fake.requests.slice(-2).map((r) => r.path)).toEqual(['/2.0/files/101/content', '/dl/101']);
    fake.items.push({ id: '150', name: 'logo.png', parent: '0', content: Buffer.from([0x89, 0x50, 0, 0xff]) });
    expect(await h.run(getFile, { fileId: '150', includeContent: true })).toMatchObject({ size: 4, encoding: 'base64', content: Buffer.from([0x89, 0x50, 0, 0xff]).toString('base64') });
  });

  it('get_file: 404, too large (before downloading), bad id named', async () => {
    await expect(h.run(getFile, { fileId: '999' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Box says the file or folder does not exist.' });
    const before = fake.requests.length;
    await expect(h.run(getFile, { fileId: '101', includeContent: true, maxBytes: 2 })).rejects.toMatchObject({ code: 'integrations.box.too_large', fields: [{ field: 'maxBytes' }] });
    expect(fake.requests.slice(before).map((r) => r.path.split('?')[0])).toEqual(['/2.0/files/101']);
    const bad = getFile.input.safeParse({ fileId: 'abc' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['fileId']);
  });

  it('401 → refresh → retry; 429 with Retry-After; timeout', async () => {
    fake.expireAll();
    await h.run(listFolder, { limit: 1 });
    expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
    fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { type: 'error', status: 429, code: 'rate_limit_exceeded', message: 'Request rate limit exceeded' } });
    const t0 = Date.now();
    await h.run(listFolder, { limit: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'hang' as const })));
    await expect(h.run(listFolder, {})).rejects.toMatchObject({ code: 'integrations.http.timeout' });
  });
});
