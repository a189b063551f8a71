import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { itemPath } from '../client.js';

export const shareFile = defineIntegrationAction({
  id: 'onedrive.share_file',
  service: 'onedrive',
  title: 'Share a file',
  description: 'Invites people to a OneDrive file, or creates a sharing link.',
  aiDescription: 'Use to share a OneDrive item: with emails (invite) or as a view/edit link for anyone or the organization.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ fileId: z.string().min(1), emails: z.array(z.email()).default([]), role: z.enum(['read', 'write']).default('read'), linkScope: z.enum(['anonymous', 'organization']).optional(), notify: z.boolean().default(true) }).refine((v) => v.emails.length > 0 || v.linkScope, { message: 'give emails or a linkScope', path: ['emails'] }),
  output: z.object({ link: z.string().nullable(), invited: z.array(z.string()) }),
  async run({ client, signal }, input) {
    let link: string | null = null;
    if (input.linkScope) {
      const r = await client.call(
        { method: 'POST', path: `${itemPath(input.fileId)}/createLink`, json: { type: input.role === 'write' ? 'edit' : 'view', scope: input.linkScope }, idempotent: true, signal },
        z.object({ link: z.object({ webUrl: z.string() }).loose() }).loose(),
      );
      link = r.link.webUrl;
    }
    if (input.emails.length) {
      await client.call(
        { method: 'POST', path: `${itemPath(input.fileId)}/invite`, json: { recipients: input.emails.map((email) => ({ email })), roles: [input.role], requireSignIn: true, sendInvitation: input.notify }, signal },
        z.object({ value: z.array(z.unknown()) }).loose(),
      );
    }
    return { link, invited: input.emails };
  },
});
