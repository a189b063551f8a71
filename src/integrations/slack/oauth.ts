import { z } from 'zod';
import { type ProviderQuirks, formHeaders, generic, standardParse } from '../oauth/quirks.js';
import { oauthFailure } from '../oauth/token-response.js';

const slackBody = z.object({
  ok: z.boolean(),
  error: z.string().optional(),
  team: z.object({ id: z.string(), name: z.string() }).nullish(),
  bot_user_id: z.string().optional(),
  authed_user: z.object({ id: z.string() }).loose().optional(),
}).loose();

/** How Slack's OAuth departs from plain OAuth 2 (from its published documentation). */
export const slackOAuth: ProviderQuirks = {
  ...generic,
  id: 'slack',
  scopeSeparator: ',',
  parseToken(service, status, body, previous) {
    const b = slackBody.safeParse(body);
    if (status >= 400 || !b.success) throw oauthFailure(service, status, body);
    if (!b.data.ok) throw oauthFailure(service, status, { error: b.data.error === 'invalid_refresh_token' ? 'invalid_grant' : (b.data.error ?? 'unknown') });
    const set = standardParse(service, status, body, previous);
    set.extra = { ...(b.data.team ? { teamId: b.data.team.id } : {}), ...(b.data.bot_user_id ? { botUserId: b.data.bot_user_id } : {}) };
    set.accountLabel = b.data.team?.name;
    return set;
  },
  revoke: (r) => ({ method: 'POST', url: r.revokeUrl ?? `${r.apiBaseUrl}/auth.revoke`, headers: { ...formHeaders, authorization: `Bearer ${r.accessToken}` }, body: '' }),
  revokeOk: (status, body) => status < 300 && z.object({ ok: z.literal(true) }).safeParse(body).success,
};
