import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { driveItem, itemOut, itemPath, toItemOut } from '../client.js';

export const getFile = defineIntegrationAction({
  id: 'onedrive.get_file',
  service: 'onedrive',
  title: 'Get a file',
  description: "Reads a OneDrive file's details, and its text content when asked.",
  aiDescription: 'Use to look at one OneDrive file by id; includeContent downloads text up to 1 MB.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ fileId: z.string().min(1), includeContent: z.boolean().default(false) }),
  output: itemOut.extend({ content: z.string().nullable() }),
  async run({ client, signal }, input) {
    const item = await client.call({ path: itemPath(input.fileId), signal }, driveItem);
    let content: string | null = null;
    if (input.includeContent && !item.folder) {
      const res = await client.request({ path: `${itemPath(input.fileId)}/content`, responseType: 'text', signal });
      content = typeof res.body === 'string' ? res.body.slice(0, 1_000_000) : null;
    }
    return { ...toItemOut(item), content };
  },
});
