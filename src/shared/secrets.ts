import { z } from 'zod';

/** Workflow secrets API shapes (server response schemas; the web app imports their types). zod only. */

/** The value is never returned: `masked` is the same fixed string for every secret, so not even its length leaks. */
export const secretViewSchema = z.object({ name: z.string(), masked: z.literal('••••••••'), createdBy: z.string(), createdAt: z.string(), updatedAt: z.string() });
export type SecretView = z.infer<typeof secretViewSchema>;

/** GET /api/workflows/secrets. */
export const secretListSchema = z.object({ items: z.array(secretViewSchema) });
export type SecretList = z.infer<typeof secretListSchema>;
