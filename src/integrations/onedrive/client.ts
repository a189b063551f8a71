import { z } from 'zod';

export const driveItem = z
  .object({
    id: z.string(),
    name: z.string(),
    size: z.number().optional(),
    lastModifiedDateTime: z.string().optional(),
    webUrl: z.string().optional(),
    folder: z.object({ childCount: z.number().optional() }).loose().optional(),
    file: z.object({ mimeType: z.string().optional() }).loose().optional(),
    deleted: z.object({}).loose().optional(),
    parentReference: z.object({ id: z.string().optional() }).loose().optional(),
  })
  .loose();

export const itemOut = z.object({ id: z.string(), name: z.string(), isFolder: z.boolean(), size: z.number().nullable(), modifiedTime: z.string().nullable(), mimeType: z.string().nullable(), link: z.string().nullable() });
export const toItemOut = (i: z.infer<typeof driveItem>): z.infer<typeof itemOut> => ({
  id: i.id,
  name: i.name,
  isFolder: i.folder !== undefined,
  size: i.size ?? null,
  modifiedTime: i.lastModifiedDateTime ?? null,
  mimeType: i.file?.mimeType ?? null,
  link: i.webUrl ?? null,
});

/** `/me/drive/root` or `/me/drive/items/{id}`. */
export const itemPath = (id: string) => (id === 'root' ? 'me/drive/root' : `me/drive/items/${encodeURIComponent(id)}`);
