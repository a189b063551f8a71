import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { notionHeaders } from '../auth.js';

const notionPage = z
  .object({
    id: z.string(),
    url: z.string().optional(),
    created_time: z.string().optional(),
    last_edited_time: z.string().optional(),
    archived: z.boolean().optional(),
    in_trash: z.boolean().optional(),
    parent: z.record(z.string(), z.unknown()).default({}),
    properties: z.record(z.string(), z.object({ type: z.string().optional(), title: z.array(z.object({ plain_text: z.string().default('') }).loose()).optional() }).loose()).default({}),
  })
  .loose();

export const getPage = defineIntegrationAction({
  id: 'notion.get_page',
  service: 'notion',
  title: 'Get a page',
  description: 'Reads one Notion page: its title, properties, parent and dates.',
  aiDescription: 'Use to read a Notion page (or database row) by id, e.g. one found with notion.search. Returns its property values as Notion gives them, not the page body.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ pageId: z.string().trim().min(1).max(100) }),
  output: z.object({ id: z.string(), title: z.string(), url: z.string().nullable(), parent: z.record(z.string(), z.unknown()), properties: z.record(z.string(), z.unknown()), created: z.string().nullable(), lastEdited: z.string().nullable(), archived: z.boolean() }),
  async run({ client, signal }, input) {
    const p = await client.call({ path: `pages/${encodeURIComponent(input.pageId)}`, headers: notionHeaders, signal }, notionPage);
    const title = Object.values(p.properties).find((v) => v.type === 'title' || v.title)?.title ?? [];
    return {
      id: p.id,
      title: title.map((t) => t.plain_text).join(''),
      url: p.url ?? null,
      parent: p.parent,
      properties: p.properties,
      created: p.created_time ?? null,
      lastEdited: p.last_edited_time ?? null,
      archived: Boolean(p.archived ?? p.in_trash),
    };
  },
});
