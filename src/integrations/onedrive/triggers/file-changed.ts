import { z } from 'zod';
import { collect, odataNextLink, paginate } from '../../http/index.js';
import { graphPage } from '../../microsoft/common.js';
import { defineIntegrationTrigger } from '../../pieces.js';
import { driveItem, itemOut, itemPath, toItemOut } from '../client.js';

const deltaPage = graphPage(driveItem);

export const fileChanged = defineIntegrationTrigger({
  id: 'onedrive.file_changed',
  service: 'onedrive',
  title: 'New or changed file in folder',
  description: 'Starts when a file is added to, or changed in, a OneDrive folder.',
  aiDescription: 'Use to process files landing in a OneDrive folder. Uses Graph delta queries; the first poll only records the delta link.',
  kind: 'poll',
  config: z.object({ folderId: z.string().default('root') }),
  event: itemOut,
  // A file fires again when it changes: its version is part of the event's identity.
  eventKey: (f) => `${f.id}@${f.modifiedTime ?? ''}`,
  async poll({ client, signal }, config, cursor) {
    const start = typeof cursor?.['deltaLink'] === 'string' ? cursor['deltaLink'] : `${itemPath(config.folderId)}/delta`;
    let deltaLink: string | undefined;
    const items = await collect(
      paginate(client, {
        first: { path: start, signal },
        schema: deltaPage,
        items: (p) => {
          deltaLink = p['@odata.deltaLink'] ?? deltaLink;
          return p.value;
        },
        next: odataNextLink(),
        maxItems: 5000,
      }),
    );
    const next = { deltaLink: deltaLink ?? start };
    if (!cursor) return { events: [], cursor: next };
    // Delta also reports the folder itself and deletions: only files that exist are events.
    return { events: items.filter((i) => !i.folder && !i.deleted).map(toItemOut), cursor: next };
  },
});
