import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { slackOk } from '../client.js';

const userSchema = z
  .object({ id: z.string(), name: z.string().optional(), real_name: z.string().optional(), tz: z.string().optional(), is_bot: z.boolean().optional(), profile: z.object({ email: z.string().optional(), display_name: z.string().optional() }).loose().optional() })
  .loose();

export const lookupUser = defineIntegrationAction({
  id: 'slack.lookup_user',
  service: 'slack',
  title: 'Find a user by email',
  description: 'Finds a Slack user by their email address.',
  aiDescription: 'Use to turn an email address into a Slack user id (for mentions <@U…> or direct messages). Fails with "not found" when nobody in the workspace has that email.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ email: z.email() }),
  output: z.object({ id: z.string(), name: z.string(), realName: z.string(), displayName: z.string(), timeZone: z.string().nullable(), isBot: z.boolean() }),
  async run({ client, signal }, input) {
    const r = await client.call({ path: 'users.lookupByEmail', query: { email: input.email }, signal, cacheTtlMs: 60_000 }, slackOk({ user: userSchema }));
    const u = r.user;
    return { id: u.id, name: u.name ?? '', realName: u.real_name ?? '', displayName: u.profile?.display_name ?? '', timeZone: u.tz ?? null, isBot: u.is_bot ?? false };
  },
});
