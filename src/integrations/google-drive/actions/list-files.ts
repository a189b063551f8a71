import { z } from 'zod';
import { collect, pageToken, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { FILE_FIELDS, fileList, fileOut, quote, toFileOut } from '../client.js';

export const listFiles = defineIntegrationAction({
  id: 'google_drive.list_files',
  service: 'google-drive',
  title: 'List files in a folder',
  description: 'Lists the files and folders in a Google Drive folder.',
  aiDescription: 'Use to browse a Drive folder (folderId "root" is My Drive). Optional nameContains filters by name. Use google_drive.get_file for one file.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ folderId: z.string().default('root'), nameContains: z.string().optional(), limit: z.number().int().min(1).max(5000).default(200) }),
  output: z.object({ files: z.array(fileOut) }),
  async run({ client, signal }, input) {
    const q = [`${quote(input.folderId)} in parents`, 'trashed = false', ...(input.nameContains ? [`name contains ${quote(input.nameContains)}`] : [])].join(' and ');
    const files = await collect(
      paginate(client, {
        first: { path: 'files', query: { q, fields: `nextPageToken,files(${FILE_FIELDS})`, pageSize: 100, supportsAllDrives: true, includeItemsFromAllDrives: true, orderBy: 'folder,name' }, signal },
        schema: fileList,
        items: (p) => p.files,
        next: pageToken(),
        maxItems: input.limit,
      }),
    );
    return { files: files.map(toFileOut) };
  },
});
