import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';

export const shareFile = defineIntegrationAction({
  id: 'google_drive.share_file',
  service: 'google-drive',
  title: 'Share a file',
  description: 'Gives a person (or anyone with the link) access to a Drive file.',
  aiDescription: 'Use to share a Drive file: with an email (type user) or with anyone who has the link (type anyone). Roles: reader, commenter, writer.',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ fileId: z.string().min(1), type: z.enum(['user', 'anyone']).default('user'), email: z.email().optional(), role: z.enum(['reader', 'commenter', 'writer']).default('reader'), notify: z.boolean().default(true) })
    .refine((v) => v.type === 'anyone' || v.email !== undefined, { message: 'email is required to share with a user', path: ['email'] }),
  output: z.object({ permissionId: z.string(), role: z.string(), type: z.string() }),
  async run({ client, signal }, input) {
    const p = await client.call(
      {
        method: 'POST',
        path: `files/${encodeURIComponent(input.fileId)}/permissions`,
        query: { supportsAllDrives: true, ...(input.type === 'user' ? { sendNotificationEmail: input.notify } : {}) },
        json: { role: input.role, type: input.type, ...(input.email ? { emailAddress: input.email } : {}) },
        idempotent: true,
        signal,
      },
      z.object({ id: z.string(), role: z.string(), type: z.string() }).loose(),
    );
    return { permissionId: p.id, role: p.role, type: p.type };
  },
});
