import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { notionHeaders } from '../auth.js';

const paragraph = (text: string) => ({ object: 'block', type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: text.slice(0, 2000) } }] } });

export const createPage = defineIntegrationAction({
  id: 'notion.create_page',
  service: 'notion',
  title: 'Create a page',
  description: 'Creates a Notion page under a page or as a row of a database.',
  aiDescription: 'Use to write notes or add a database row in Notion. Give parentPageId or databaseId; for a database, `properties` uses Notion property values and the title property name (often "Name").',
  idempotent: false,
  sideEffect: true,
  input: z
    .object({ parentPageId: z.string().optional(), databaseId: z.string().optional(), title: z.string().min(1).max(2000), titleProperty: z.string().default('Name'), properties: z.record(z.string(), z.unknown()).default({}), content: z.string().default('') })
    .refine((v) => (v.parentPageId === undefined) !== (v.databaseId === undefined), { message: 'give exactly one of parentPageId or databaseId', path: ['parentPageId'] }),
  output: z.object({ id: z.string(), url: z.string() }),
  async run({ client, signal }, input) {
    const title = [{ type: 'text', text: { content: input.title } }];
    const page = await client.call(
      {
        method: 'POST',
        path: 'pages',
        headers: notionHeaders,
        json: {
          parent: input.databaseId ? { database_id: input.databaseId } : { page_id: input.parentPageId },
          properties: input.databaseId ? { ...input.properties, [input.titleProperty]: { title } } : { title: { title } },
          children: input.content ? input.content.split(/\n{2,}/).slice(0, 100).map(paragraph) : [],
        },
        signal,
      },
      z.object({ id: z.string(), url: z.string() }).loose(),
    );
    return { id: page.id, url: page.url };
  },
});
