import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../integrations/google-drive/fake.js';
import { createTestContext, dialects, type TestContext } from '../../test/support/context.js';
import { adapterFor, createMemory, syncConnection, type Memory } from '../memory/index.js';
import { sourceApiEnv } from '../memory/test-support.js';
import { eventBus, type RealtimeEvent } from './index.js';

const noSleep = async () => undefined;

describe.each(dialects)('memory sync events (%s)', (dialect) => {
  let t: TestContext;
  let memory: Memory;
  let drive: FakeGoogleDrive;
  const events: RealtimeEvent[] = [];

  beforeAll(async () => {
    drive = await startFakeGoogleDrive();
    t = await createTestContext(dialect, sourceApiEnv({ drive: drive.url }));
    memory = await createMemory(t.ctx);
    eventBus(t.ctx).subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    await drive.close();
    await memory.close();
    await t.cleanup();
  });

  it('publishes start, finish with counts, and failure with the reason, for memory readers', async () => {
    for (let i = 0; i < 3; i++) drive.add({ name: `doc-${i}.txt`, content: `Live sync document ${i}.`, sharedWith: ['me@example.com'] });
    const conn = await memory.connections.create({ workspaceId: 'ws-live', kind: 'google_drive', name: 'Team Drive', ownerUserId: 'u1', accountEmail: 'me@example.com' });
    const adapter = adapterFor(memory, conn, async () => drive.token, { sleep: noSleep });
    await syncConnection(memory, conn, adapter);
    const mine = () => events.filter((e) => e.resource.id === conn.id);
    expect(mine().map((e) => e.type)).toEqual(expect.arrayContaining(['memory.sync.started', 'memory.sync.finished']));
    const finished = mine().find((e) => e.type === 'memory.sync.finished')!;
    expect(finished).toMatchObject({ workspaceId: 'ws-live', permission: 'memory:read', audience: 'workspace', data: { name: 'Team Drive', indexed: 3, failed: 0 } });

    // The source goes away: the sync fails and says why.
    await drive.close();
    await expect(syncConnection(memory, conn, adapterFor(memory, conn, async () => drive.token, { sleep: noSleep }))).rejects.toThrow();
    const failed = mine().find((e) => e.type === 'memory.sync.failed');
    expect(failed?.data['error']).toEqual(expect.any(String));
    drive = await startFakeGoogleDrive();
  });
});
