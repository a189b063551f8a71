import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGraphFake, type GraphFake } from '../../../test/fakes/graph-actions/server.js';
import { listChannels, listTeams, postChannelMessage } from '../microsoft-teams/index.js';
import { fileChanged, getFile, listFiles, shareFile, uploadFile } from '../onedrive/index.js';
import { listEvents, sendMail } from '../outlook/index.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';

let fake: GraphFake;
let onedrive: PieceHarness;
let outlook: PieceHarness;
let teams: PieceHarness;
beforeAll(async () => {
  fake = await startGraphFake();
  onedrive = await pieceHarness({ serviceId: 'onedrive', fake, basePath: '/v1.0' });
  outlook = await pieceHarness({ serviceId: 'outlook', fake, basePath: '/v1.0' });
  teams = await pieceHarness({ serviceId: 'microsoft-teams', fake, basePath: '/v1.0' });
});
afterAll(async () => {
  for (const h of [onedrive, outlook, teams]) await h.cleanup();
  await fake.close();
});
beforeEach(() => void (fake.faults.length = 0));

describe('OneDrive', () => {
  it('lists a folder across @odata.nextLink pages', async () => {
    const out = await onedrive.run(listFiles, { folderId: 'folder-1' });
    expect(out.files.map((f) => f.name)).toEqual(['file-0.txt', 'file-1.txt', 'file-2.txt', 'file-3.txt', 'file-4.txt']);
    expect((await onedrive.run(listFiles, {})).files).toEqual([expect.objectContaining({ id: 'folder-1', isFolder: true })]);
  });

  it('gets a file with content and reports a missing one plainly', async () => {
    expect(await onedrive.run(getFile, { fileId: 'i1', includeContent: true })).toMatchObject({ name: 'file-1.txt', content: 'content 1' });
    await expect(onedrive.run(getFile, { fileId: 'zzz' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'OneDrive says “The resource could not be found”.' });
  });

  it('uploads (PUT …:/name:/content), refuses a clash when asked, and shares', async () => {
    const up = await onedrive.run(uploadFile, { name: 'plan.txt', folderId: 'folder-1', content: 'v1' });
    expect(fake.items.find((i) => i.id === up.id)?.content).toBe('v1');
    await expect(onedrive.run(uploadFile, { name: 'plan.txt', folderId: 'folder-1', content: 'v2', conflict: 'fail' })).rejects.toMatchObject({ code: 'integrations.http.conflict' });
    const shared = await onedrive.run(shareFile, { fileId: up.id, emails: ['ada@example.com'], linkScope: 'organization' });
    expect(shared).toEqual({ link: `https://1drv.ms/${up.id}`, invited: ['ada@example.com'] });
    expect(fake.invites.at(-1)).toMatchObject({ recipients: [{ email: 'ada@example.com' }], roles: ['read'] });
  });

  it('file-changed trigger follows the delta link', async () => {
    const first = await onedrive.poll(fileChanged, { folderId: 'folder-1' });
    expect(first.events).toEqual([]);
    await onedrive.run(uploadFile, { name: 'new.txt', folderId: 'folder-1', content: 'fresh' });
    const next = await onedrive.poll(fileChanged, { folderId: 'folder-1' }, first.cursor);
    expect(next.events.map((e) => e.name)).toEqual(['new.txt']);
    expect((await onedrive.poll(fileChanged, { folderId: 'folder-1' }, next.cursor)).events).toEqual([]);
  });

  it('refreshes after 401 InvalidAuthenticationToken, waits out 429 Retry-After, retries 503', async () => {
    fake.expireAll();
    expect((await onedrive.run(getFile, { fileId: 'i2' })).name).toBe('file-2.txt');
    expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
    fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } } }, { kind: 'status', status: 503, body: { error: { code: 'serviceNotAvailable', message: 'Service unavailable' } } });
    const t0 = Date.now();
    expect((await onedrive.run(getFile, { fileId: 'i3' })).name).toBe('file-3.txt');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });
});

describe('Outlook and Teams', () => {
  it('sends mail (202 Accepted)', async () => {
    expect(await outlook.run(sendMail, { to: ['ada@example.com'], subject: 'Hi', body: 'Hello' })).toEqual({ accepted: true });
    expect(fake.sentMail.at(-1)).toMatchObject({ message: { subject: 'Hi', toRecipients: [{ emailAddress: { address: 'ada@example.com' } }] }, saveToSentItems: true });
  });

  it('lists calendar events across pages in UTC', async () => {
    const out = await outlook.run(listEvents, {});
    expect(out.events.map((e) => e.subject)).toEqual(['Sync 0', 'Sync 1', 'Sync 2']);
    expect(out.events[0]!.start).toMatch(/Z$/);
  });

  it('times out a hanging calendarView', async () => {
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'hang' as const, path: /calendarView/ })));
    await expect(outlook.run(listEvents, {})).rejects.toMatchObject({ code: 'integrations.http.timeout' });
  });

  it('posts a Teams channel message and a reply; unknown team is a plain 404', async () => {
    expect(await teams.run(postChannelMessage, { teamId: 'team-1', channelId: '19:abc@thread.tacv2', text: 'Build green' })).toMatchObject({ id: 'msg1' });
    await teams.run(postChannelMessage, { teamId: 'team-1', channelId: 'c1', text: 'reply', replyToId: 'msg1' });
    expect(fake.teamMessages.map((m) => m.path)).toEqual(['teams/team-1/channels/19:abc@thread.tacv2/messages', 'teams/team-1/channels/c1/messages/msg1/replies']);
    await expect(teams.run(postChannelMessage, { teamId: 'team-x', channelId: 'c1', text: 'x' })).rejects.toMatchObject({ message: 'Microsoft Teams says “No team found with Group Id team-x”.' });
  });

  it('lists joined teams and a team\'s channels ($select without email, membershipType filter); unknown team 404; bad input named', async () => {
    expect((await teams.run(listTeams, {})).teams).toEqual([
      { id: 'team-1', name: 'Engineering', description: 'Builds things', archived: false },
      { id: 'team-2', name: 'Old project', description: null, archived: true },
    ]);
    expect(fake.requests.at(-1)?.path).toBe('/v1.0/me/joinedTeams');
    const all = await teams.run(listChannels, { teamId: 'team-1' });
    expect(all.channels.map((c) => [c.name, c.membershipType])).toEqual([['General', 'standard'], ['Leads', 'private']]);
    expect(all.channels[0]).toEqual({ id: '19:general@thread.tacv2', name: 'General', description: 'Everyone', membershipType: 'standard', webUrl: 'https://teams.microsoft.com/l/channel/general', createdTime: '2025-01-01T00:00:00Z' });
    expect(new URL(fake.requests.at(-1)!.path, fake.url).searchParams.get('$select')).not.toContain('email');
    expect((await teams.run(listChannels, { teamId: 'team-1', membershipType: 'private' })).channels.map((c) => c.name)).toEqual(['Leads']);
    await expect(teams.run(listChannels, { teamId: 'team-x' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Microsoft Teams says “No team found with Group Id team-x”.' });
    const bad = listChannels.input.safeParse({ teamId: 'a/b', membershipType: 'public' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['membershipType', 'teamId']);
  });
});
