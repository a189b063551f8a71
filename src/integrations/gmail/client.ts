import { z } from 'zod';
import type { ServiceClient } from '../http/index.js';

export const gmailHeader = z.object({ name: z.string(), value: z.string() });
type Part = { mimeType?: string | undefined; headers?: z.infer<typeof gmailHeader>[] | undefined; body?: { data?: string | undefined; size?: number | undefined } | undefined; parts?: Part[] | undefined };
export const gmailPart: z.ZodType<Part> = z.lazy(() =>
  z.object({ mimeType: z.string().optional(), headers: z.array(gmailHeader).optional(), body: z.object({ data: z.string().optional(), size: z.number().optional() }).optional(), parts: z.array(gmailPart).optional() }),
);
export const gmailMessage = z.object({ id: z.string(), threadId: z.string(), snippet: z.string().default(''), labelIds: z.array(z.string()).default([]), internalDate: z.string().optional(), payload: gmailPart.optional() }).loose();
export const messageList = z.object({ messages: z.array(z.object({ id: z.string(), threadId: z.string() })).default([]), nextPageToken: z.string().optional() });

export const headerOf = (m: z.infer<typeof gmailMessage>, name: string) => m.payload?.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? '';

/** The first body of the given type, decoded (Gmail bodies are base64url). */
export function bodyOf(part: Part | undefined, type: string): string | undefined {
  if (!part) return undefined;
  if (part.mimeType === type && part.body?.data) return Buffer.from(part.body.data, 'base64url').toString('utf8');
  for (const p of part.parts ?? []) {
    const found = bodyOf(p, type);
    if (found !== undefined) return found;
  }
  return undefined;
}

export const summaryOf = (m: z.infer<typeof gmailMessage>) => ({
  id: m.id,
  threadId: m.threadId,
  from: headerOf(m, 'From'),
  to: headerOf(m, 'To'),
  subject: headerOf(m, 'Subject'),
  date: headerOf(m, 'Date'),
  snippet: m.snippet,
});

export const summarySchema = z.object({ id: z.string(), threadId: z.string(), from: z.string(), to: z.string(), subject: z.string(), date: z.string(), snippet: z.string() });

export async function getMetadata(client: ServiceClient, id: string, signal?: AbortSignal) {
  return client.call({ path: `users/me/messages/${encodeURIComponent(id)}`, query: { format: 'metadata', metadataHeaders: ['From', 'To', 'Subject', 'Date'] }, signal, cacheTtlMs: 0 }, gmailMessage);
}
