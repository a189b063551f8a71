import { z } from 'zod';
import { type ProviderQuirks, generic, standardParse } from '../oauth/quirks.js';

/** How Notion's OAuth departs from plain OAuth 2 (from its published documentation). */
export const notionOAuth: ProviderQuirks = {
  ...generic,
  id: 'notion',
  authorizeParams: { owner: 'user' },
  clientAuth: 'basic',
  tokenBody: 'json',
  parseToken(service, status, body, previous) {
    const set = standardParse(service, status, body, previous);
    const b = z.object({ workspace_name: z.string().nullish(), workspace_id: z.string().optional(), bot_id: z.string().optional() }).loose().safeParse(body);
    if (b.success) {
      set.accountLabel = b.data.workspace_name ?? undefined;
      set.extra = { ...(b.data.workspace_id ? { workspaceId: b.data.workspace_id } : {}), ...(b.data.bot_id ? { botId: b.data.bot_id } : {}) };
    }
    return set;
  },
  revoke: () => undefined,
};
