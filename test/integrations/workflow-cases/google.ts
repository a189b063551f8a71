import { startGoogleFake, type GoogleFake } from '../../fakes/google-apis/server.js';
import { defineCases, fakeOAuth } from './types.js';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** Gmail, Google Calendar and Google Drive share one Google APIs fake, as in src/integrations/google/google.test.ts. */
export const google = defineCases<GoogleFake>({
  name: 'Gmail, Google Calendar, Google Drive',
  async start() {
    const fake = await startGoogleFake();
    fake.events.push({ id: 'ev-existing', summary: 'Planning', start: { dateTime: inMinutes(3 * 24 * 60) }, end: { dateTime: inMinutes(3 * 24 * 60 + 30) } });
    return fake;
  },
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('gmail', fake, '/gmail/v1', '/token'), fakeOAuth('google-calendar', fake, '/calendar/v3', '/token'), fakeOAuth('google-drive', fake, '/drive/v3', '/token')],
  actions: {
    'gmail.send_email': () => ({ to: ['ada@example.com'], subject: 'Weekly report', text: 'Attached below.' }),
    'gmail.search_emails': () => ({ query: 'invoice', maxResults: 3 }),
    'gmail.get_email': () => ({ id: 'm1' }),
    'google_calendar.list_events': () => ({}),
    'google_calendar.create_event': () => ({ summary: 'Review', start: inMinutes(2 * 24 * 60), end: inMinutes(2 * 24 * 60 + 30), attendees: ['ada@example.com'] }),
    'google_calendar.update_event': () => ({ eventId: 'ev-existing', summary: 'Planning (moved)', location: 'Room 2' }),
    'google_drive.list_files': () => ({ folderId: 'folder-1' }),
    'google_drive.get_file': () => ({ fileId: 'f2', includeContent: true }),
    'google_drive.upload_file': () => ({ name: 'notes.md', folderId: 'folder-1', mimeType: 'text/markdown', content: '# Notes' }),
    'google_drive.share_file': () => ({ fileId: 'f1', email: 'ada@example.com', role: 'writer' }),
  },
  triggers: {
    'gmail.new_email': {
      config: () => ({ query: 'invoice' }),
      produce: (fake) => void fake.messages.push({ id: 'm-new', threadId: 't-new', from: 'bob@example.com', to: 'me@example.com', subject: 'Invoice 99', text: 'new' }),
    },
    'google_calendar.event_starting_soon': {
      config: () => ({ minutesBefore: 15 }),
      produce: (fake) => void fake.events.push({ id: 'ev-soon', summary: 'Standup', start: { dateTime: inMinutes(10) }, end: { dateTime: inMinutes(25) } }),
    },
    'google_drive.file_changed': {
      config: () => ({ folderId: 'folder-1' }),
      produce: (fake) => void (fake.files.find((f) => f.id === 'f3')!.modifiedTime = new Date(Date.now() + 1000).toISOString()),
    },
  },
});
