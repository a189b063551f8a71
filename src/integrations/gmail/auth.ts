import { z } from 'zod';
import { googleProfile } from '../google/common.js';

export const gmailProfile = googleProfile('gmail', async (client, signal) => {
  const p = await client.call({ path: 'users/me/profile', signal }, z.object({ emailAddress: z.string() }).loose());
  return { accountLabel: p.emailAddress };
});
