import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphMailFake, type GraphMailFake } from '../../../test/fakes/graph-actions/mail.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { listMessages } from './index.js';

let fake: GraphMailFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startGraphMailFake();
  h = await pieceHarness({ serviceId: 'outlook', fake, basePath: '/v1.0' });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});

describe('outlook.list_messages', () => {
  it('lists the inbox newest first across @odata.nextLink pages, with sender, subject, received and preview', async () => {
    const out = await h.run(listMessages, {});
    expect(out.messages.map((m) => m.id)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    expect(out.messages[0]).toEqual({ id: 'm4', subject: 'Hello 4', from: { name: 'Sender 4', address: 's4@example.com' }, received: '2026-01-05T09:00:00Z', preview: 'Preview 4', isRead: true, hasAttachments: false, link: 'https://outlook.office365.com/owa/?ItemID=m4' });
    expect(fake.requests.filter((r) => r.path.includes('/messages'))).toHaveLength(3);
    expect((await h.run(listMessages, { limit: 3 })).messages).toHaveLength(3);
    expect((await h.run(listMessages, { folder: 'archive' })).messages.map((m) => m.subject)).toEqual(['Old news']);
  });

  it('narrows with an OData $filter or a $search', async () => {
    expect((await h.run(listMessages, { filter: 'isRead eq false' })).messages.map((m) => m.id)).toEqual(['m3', 'm1']);
    expect((await h.run(listMessages, { search: 'invoice' })).messages.map((m) => m.subject)).toEqual(['Invoice 42']);
  });

  it('reports an unknown folder as not found and a bad filter as bad input', async () => {
    await expect(h.run(listMessages, { folder: 'nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    await expect(h.run(listMessages, { filter: 'startswith(subject' })).rejects.toMatchObject({ code: 'integrations.http.bad_request' });
  });

  it('refuses search with filter, naming the field', () => {
    const r = listMessages.input.safeParse({ search: 'a', filter: 'isRead eq true' });
    expect(r.error?.issues[0]?.path).toEqual(['search']);
    expect(listMessages.input.safeParse({ limit: 0 }).error?.issues[0]?.path).toEqual(['limit']);
  });
});
