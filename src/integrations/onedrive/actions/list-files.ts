import { z } from 'zod';
import { collect, odataNextLink, paginate } from '../../http/index.js';
import { graphPage } from '../../microsoft/common.js';
import { defineIntegrationAction } from '../../pieces.js';
import { driveItem, itemOut, itemPath, toItemOut } from '../client.js';

export const listFiles = defineIntegrationAction({
  id: 'onedrive.list_files',
  service: 'onedrive',
  title: 'List files in a folder',
  description: 'Lists the files and folders in a OneDrive folder.',
  aiDescription: 'Use to browse a OneDrive folder (folderId "root" for the top). For Google Drive use google_drive.list_files.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ folderId: z.string().default('root'), limit: z.number().int().min(1).max(5000).default(200) }),
  output: z.object({ files: z.array(itemOut) }),
  async run({ client, signal }, input) {
    const items = await collect(paginate(client, { first: { path: `${itemPath(input.folderId)}/children`, query: { $top: 200 }, signal }, schema: graphPage(driveItem), items: (p) => p.value, next: odataNextLink(), maxItems: input.limit }));
    return { files: items.map(toItemOut) };
  },
});
