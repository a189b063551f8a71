import { z } from 'zod';
import type { FaultReader, IntegrationErrorCode } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** Slack error codes (api.slack.com/methods, "Errors") in plain words, with the Atom code they map to. */
const slackErrors: Record<string, [IntegrationErrorCode, string]> = {
  channel_not_found: ['integrations.http.not_found', 'the channel does not exist (or Atom cannot see it)'],
  not_in_channel: ['integrations.http.forbidden', "Atom's bot is not a member of that channel; invite it first"],
  is_archived: ['integrations.http.conflict', 'the channel is archived'],
  users_not_found: ['integrations.http.not_found', 'no one in the workspace has that email address'],
  user_not_found: ['integrations.http.not_found', 'that user does not exist'],
  msg_too_long: ['integrations.http.bad_request', 'the message is too long'],
  no_text: ['integrations.http.bad_request', 'the message has no text'],
  missing_scope: ['integrations.http.forbidden', 'the connection lacks a permission this needs; reconnect Slack to grant it'],
  invalid_auth: ['integrations.http.unauthorized', 'the sign-in is no longer valid; reconnect Slack'],
  not_authed: ['integrations.http.unauthorized', 'no sign-in was sent'],
  token_expired: ['integrations.http.unauthorized', 'the access token expired'],
  token_revoked: ['integrations.http.unauthorized', 'the access was revoked; reconnect Slack'],
  account_inactive: ['integrations.http.unauthorized', 'the account behind the connection is deactivated'],
  ratelimited: ['integrations.http.rate_limited', 'too many requests were made; slow down'],
  fatal_error: ['integrations.http.server_error', 'it had an internal error'],
  internal_error: ['integrations.http.server_error', 'it had an internal error'],
  service_unavailable: ['integrations.http.unavailable', 'it is temporarily unavailable'],
};

const slackEnvelope = z.object({ ok: z.boolean(), error: z.string().optional() }).loose();

/** Slack answers most errors with HTTP 200 and `{ ok: false, error }`; 429 carries Retry-After. */
export const readSlackFault: FaultReader = ({ status, body }) => {
  const env = slackEnvelope.safeParse(body);
  if (!env.success || env.data.ok) return undefined;
  const code = env.data.error ?? 'unknown_error';
  const known = slackErrors[code];
  if (known) return { code: known[0], providerCode: code, message: known[1] };
  return { code: status >= 500 ? 'integrations.http.server_error' : 'integrations.http.bad_request', providerCode: code, message: `the request failed (${code})` };
};

export const slackProfile: ServiceProfile = {
  serviceId: 'slack',
  readFault: readSlackFault,
  // Tier 3 methods allow ~50 calls a minute; chat.postMessage about one a second per channel.
  limits: { concurrency: 4, ratePerSecond: 1, burst: 20 },
  async check(client, signal) {
    const r = await client.call({ method: 'POST', path: 'auth.test', signal, idempotent: true }, z.object({ ok: z.literal(true), team: z.string().optional(), user: z.string().optional() }).loose());
    return { accountLabel: r.team };
  },
};
