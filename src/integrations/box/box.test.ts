import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBoxFake, type BoxFake } from '../../../test/fakes/box/server.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { listFolder, uploadFile } from './index.js';

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
