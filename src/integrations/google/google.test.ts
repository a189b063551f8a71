import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { googleError, startGoogleFake, type GoogleFake } from '../../../test/fakes/google-apis/server.js';
import { getEmail, newEmail, searchEmails, sendEmail } from '../gmail/index.js';
import { createEvent, eventStartingSoon, listEvents } from '../google-calendar/index.js';
import { fileChanged, getFile, listFiles, shareFile, uploadFile } from '../google-drive/index.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';

let fake: GoogleFake;
let gmail: PieceHarness;
let calendar: PieceHarness;
let drive: PieceHarness;
beforeAll(async () => {
  fake = await startGoogleFake();
  gmail = await pieceHarness({ serviceId: 'gmail', fake, basePath: '/gmail/v1', tokenPath: '/token' });
  calendar = await pieceHarness({ serviceId: 'google-calendar', fake, basePath: '/calendar/v3', tokenPath: '/token' });
  drive = await pieceHarness({ serviceId: 'google-drive', fake, basePath: '/drive/v3', tokenPath: '/token' });
});
afterAll(async () => {
  for (const h of [gmail, calendar, drive]) await h.cleanup();
  await fake.close();
});
beforeEach(() => void (fake.faults.length = 0));

describe('Gmail', () => {
  it('sends a MIME message (base64url raw) with a UTF-8 subject', async () => {
    const out = await gmail.run(sendEmail, { to: ['ada@example.com'], subject: 'Bonjour ☕', text: 'Hi Ada', html: '<b>Hi</b>' });
    expect(out.id).toMatch(/^s\d+/);
    const raw = Buffer.from(fake.sent.at(-1)!.raw, 'base64url').toString('utf8');
    expect(raw).toContain('To: ada@example.com');
    expect(raw).toContain(`Subject: =?UTF-8?B?${Buffer.from('Bonjour ☕').toString('base64')}?=`);
    expect(raw).toContain('Content-Type: multipart/alternative');
  });

  it('searches across pages and reads one message', async () => {
    const found = await gmail.run(searchEmails, { query: 'invoice', maxResults: 3 });
    expect(found.messages.map((m) => m.subject)).toEqual(['Invoice 4', 'Invoice 3', 'Invoice 2']);
    const full = await gmail.run(getEmail, { id: 'm0' });
    expect(full).toMatchObject({ subject: 'Invoice 0', from: 'ada@example.com', text: 'Body 0', html: '<p>Body 0</p>' });
    await expect(gmail.run(getEmail, { id: 'nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Gmail says “Requested entity was not found”.' });
  });

  it('new-email trigger emits only new matching mail', async () => {
    const first = await gmail.poll(newEmail, { query: 'invoice' });
    expect(first.events).toEqual([]);
    fake.messages.push({ id: 'm9', threadId: 't9', from: 'bob@example.com', to: 'me@example.com', subject: 'Invoice 9', text: 'new' });
    const next = await gmail.poll(newEmail, { query: 'invoice' }, first.cursor);
    expect(next.events.map((e) => e.id)).toEqual(['m9']);
    expect((await gmail.poll(newEmail, { query: 'invoice' }, next.cursor)).events).toEqual([]);
  });

  it('refreshes an expired token on 401 and retries once', async () => {
    fake.expireAll();
    const before = fake.tokenRequests.length;
    expect((await gmail.run(getEmail, { id: 'm1' })).subject).toBe('Invoice 1');
    expect(fake.tokenRequests.length).toBe(before + 1);
  });

  it('treats 403 rateLimitExceeded as a rate limit and retries', async () => {
    fake.inject({ kind: 'status', status: 403, body: googleError(403, 'PERMISSION_DENIED', 'Rate Limit Exceeded', 'rateLimitExceeded'), path: /messages\/m2$/ });
    expect((await gmail.run(getEmail, { id: 'm2' })).subject).toBe('Invoice 2');
  });
});

describe('Google Calendar', () => {
  const soon = (min: number) => new Date(Date.now() + min * 60_000).toISOString();
  it('creates events and lists them across pages in order', async () => {
    for (const [i, m] of [30, 10, 20].entries()) await calendar.run(createEvent, { summary: `Meeting ${i}`, start: soon(m), end: soon(m + 30), attendees: ['ada@example.com'] });
    const out = await calendar.run(listEvents, {});
    expect(out.events.map((e) => e.summary)).toEqual(['Meeting 1', 'Meeting 2', 'Meeting 0']);
    expect(out.events[0]!.attendees).toEqual(['ada@example.com']);
    await expect(calendar.run(createEvent, { summary: 'bad', start: soon(10), end: soon(5) })).rejects.toThrow(/end must be after start/);
  });

  it('event-starting-soon fires once per event inside the window', async () => {
    const first = await calendar.poll(eventStartingSoon, { minutesBefore: 15 });
    expect(first.events.map((e) => e.summary)).toEqual(['Meeting 1']);
    expect((await calendar.poll(eventStartingSoon, { minutesBefore: 15 }, first.cursor)).events).toEqual([]);
  });

  it('retries 5xx and honours Retry-After on 429', async () => {
    fake.inject({ kind: 'status', status: 500, body: googleError(500, 'INTERNAL', 'Backend Error', 'backendError'), path: /events$/ }, { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: googleError(429, 'RESOURCE_EXHAUSTED', 'Too many requests', 'rateLimitExceeded'), path: /events$/ });
    const t0 = Date.now();
    expect((await calendar.run(listEvents, {})).events.length).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('times out when the API hangs', async () => {
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'hang' as const, path: /events$/ })));
    await expect(calendar.run(listEvents, {})).rejects.toMatchObject({ code: 'integrations.http.timeout', message: 'Google Calendar did not answer within 0.8 s.' });
  });
});

describe('Google Drive', () => {
  it('lists a folder across pages, gets a file with content', async () => {
    const out = await drive.run(listFiles, { folderId: 'folder-1' });
    expect(out.files.map((f) => f.id)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(fake.requests.filter((r) => r.path.startsWith('/drive/v3/files?')).length).toBeGreaterThanOrEqual(3);
    expect(new URL(fake.requests.find((r) => r.path.startsWith('/drive/v3/files?'))!.path, 'http://x').searchParams.get('q')).toContain("'folder-1' in parents and trashed = false");
    expect(await drive.run(getFile, { fileId: 'f2', includeContent: true })).toMatchObject({ name: 'Report 2.txt', content: 'report 2', isFolder: false });
  });

  it('uploads with a multipart/related body and shares', async () => {
    const up = await drive.run(uploadFile, { name: 'notes.md', folderId: 'folder-1', mimeType: 'text/markdown', content: '# Notes' });
    expect(fake.files.find((f) => f.id === up.id)).toMatchObject({ name: 'notes.md', parents: ['folder-1'], content: '# Notes' });
    const shared = await drive.run(shareFile, { fileId: up.id, email: 'ada@example.com', role: 'writer' });
    expect(shared).toMatchObject({ role: 'writer', type: 'user' });
    expect(fake.permissions.at(-1)?.body).toEqual({ role: 'writer', type: 'user', emailAddress: 'ada@example.com' });
    await expect(drive.run(shareFile, { fileId: 'missing', type: 'anyone' })).rejects.toMatchObject({ message: 'Google Drive says “File not found: missing”.' });
  });

  it('file-changed trigger emits new and modified files after the first poll', async () => {
    const first = await drive.poll(fileChanged, { folderId: 'folder-1' });
    expect(first.events).toEqual([]);
    fake.files.find((f) => f.id === 'f1')!.modifiedTime = new Date(Date.now() + 1000).toISOString();
    const next = await drive.poll(fileChanged, { folderId: 'folder-1' }, first.cursor);
    expect(next.events.map((e) => e.id)).toEqual(['f1']);
    expect((await drive.poll(fileChanged, { folderId: 'folder-1' }, next.cursor)).events).toEqual([]);
  });

  it('ends a dropped connection with a clear error', async () => {
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'drop' as const, path: /files\/f3$/ })));
    await expect(drive.run(getFile, { fileId: 'f3' })).rejects.toMatchObject({ code: 'integrations.http.network' });
  });
});
