import { z } from 'zod';
import { type ProviderQuirks, basicAuth, generic, standardParse } from '../oauth/quirks.js';
import { oauthFailure } from '../oauth/token-response.js';

/** How GitHub's OAuth departs from plain OAuth 2 (from its published documentation). */
export const githubOAuth: ProviderQuirks = {
  ...generic,
  id: 'github',
  parseToken(service, status, body, previous) {
    // GitHub answers token errors with HTTP 200 and an `error` field.
    if (z.object({ error: z.string() }).safeParse(body).success) throw oauthFailure(service, 400, body);
    return standardParse(service, status, body, previous);
  },
  revoke: (r) => ({
    method: 'DELETE',
    url: `${r.apiBaseUrl}/applications/${encodeURIComponent(r.clientId)}/token`,
    headers: { authorization: basicAuth(r.clientId, r.clientSecret), accept: 'application/vnd.github+json', 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: r.accessToken }),
  }),
  revokeOk: (status) => status === 204 || status === 404,
};
