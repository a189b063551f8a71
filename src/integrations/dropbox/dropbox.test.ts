import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDropboxFake, type DropboxFake } from '../../../test/fakes/dropbox/server.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { listFolder, uploadFile } from './index.js';

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

  it('401 expired_access_token → refresh → retry; 429 Retry-After; 500 retried on the idempotent list', async () => {
    fake.expireAll();
    await h.run(listFolder, { path: '/Reports', limit: 1 });
    expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
    fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error_summary: 'too_many_requests/..' } }, { kind: 'status', status: 500, body: 'oops' });
    await h.run(listFolder, { path: '/Reports', limit: 1 });
  });
});
