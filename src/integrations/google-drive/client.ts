import { z } from 'zod';

export const FILE_FIELDS = 'id,name,mimeType,modifiedTime,size,webViewLink,parents,trashed';
export const driveFile = z.object({ id: z.string(), name: z.string(), mimeType: z.string(), modifiedTime: z.string().optional(), size: z.string().optional(), webViewLink: z.string().optional(), parents: z.array(z.string()).optional() }).loose();
export const fileList = z.object({ files: z.array(driveFile).default([]), nextPageToken: z.string().optional() });
export const fileOut = z.object({ id: z.string(), name: z.string(), mimeType: z.string(), modifiedTime: z.string().nullable(), size: z.number().nullable(), link: z.string().nullable(), isFolder: z.boolean() });
export const toFileOut = (f: z.infer<typeof driveFile>): z.infer<typeof fileOut> => ({
  id: f.id,
  name: f.name,
  mimeType: f.mimeType,
  modifiedTime: f.modifiedTime ?? null,
  size: f.size !== undefined ? Number(f.size) : null,
  link: f.webViewLink ?? null,
  isFolder: f.mimeType === 'application/vnd.google-apps.folder',
});

/** Drive query literal: single quotes and backslashes escaped (developers.google.com/drive/api/guides/search-files). */
export const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Uploads go to /upload/drive/v3 beside the API's /drive/v3. */
export const uploadBase = (apiBase: string) => apiBase.replace(/\/drive\/v3\/?$/, '/upload/drive/v3');
