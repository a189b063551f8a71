import { form, generic, type ProviderQuirks } from '../oauth/quirks.js';

/** Trello's flow is not OAuth 2 (see oauth/engine.ts); only revocation lives here. */
export const trelloOAuth: ProviderQuirks = {
  ...generic,
  id: 'trello',
  revoke: (r) => ({ method: 'DELETE', url: `${r.apiBaseUrl}/tokens/${encodeURIComponent(r.accessToken)}?${form({ key: r.clientId, token: r.accessToken })}`, headers: {} }),
};
