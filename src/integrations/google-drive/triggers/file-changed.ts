import { z } from 'zod';
import { collect, pageToken, paginate } from '../../http/index.js';
import { defineIntegrationTrigger } from '../../pieces.js';
import { FILE_FIELDS, fileList, fileOut, quote, toFileOut } from '../client.js';

export const fileChanged = defineIntegrationTrigger({
  id: 'google_drive.file_changed',
  service: 'google-drive',
  title: 'New or changed file in folder',
  description: 'Starts when a file is added to, or changed in, a Drive folder.',
  aiDescription: 'Use to process documents as they land in a Drive folder (e.g. summarise new reports). Polls by modification time; the first poll only remembers the newest time.',
  kind: 'poll',
  config: z.object({ folderId: z.string().default('root') }),
  event: fileOut,
  // A file fires again when it changes: its version is part of the event's identity.
  eventKey: (f) => `${f.id}@${f.modifiedTime ?? ''}`,
  async poll({ client, signal }, config, cursor) {
    const since = typeof cursor?.['since'] === 'string' ? cursor['since'] : undefined;
    const q = [`${quote(config.folderId)} in parents`, 'trashed = false', ...(since ? [`modifiedTime > ${quote(since)}`] : [])].join(' and ');
    const files = await collect(
      paginate(client, {
        first: { path: 'files', query: { q, fields: `nextPageToken,files(${FILE_FIELDS})`, orderBy: 'modifiedTime desc', pageSize: since ? 100 : 1, supportsAllDrives: true, includeItemsFromAllDrives: true }, signal },
        schema: fileList,
        items: (p) => p.files,
        next: pageToken(),
        maxItems: since ? 1000 : 1,
      }),
    );
    const newest = files.reduce((max, f) => (f.modifiedTime && f.modifiedTime > max ? f.modifiedTime : max), since ?? new Date(0).toISOString());
    if (!since) return { events: [], cursor: { since: files.length ? newest : new Date().toISOString() } };
    return { events: files.reverse().map(toFileOut), cursor: { since: newest } };
  },
});
