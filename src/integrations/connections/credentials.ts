import { z } from 'zod';
import type { ServiceEntry } from '../catalog/schema.js';

/** What the vault holds for one connection. Never leaves the server; never logged. */
export const storedCredentialsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('oauth2'),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).optional(),
    tokenType: z.string().default('Bearer'),
    /** ISO time the access token expires, when the provider said. */
    expiresAt: z.string().optional(),
    /** Provider extras needed later (Slack team id, Notion workspace id, Microsoft id token claims). */
    extra: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ kind: z.literal('api_key'), apiKey: z.string().min(1) }),
  z.object({ kind: z.literal('basic'), username: z.string().min(1), password: z.string() }),
  // Trello's own flow: the app's API key plus the user's token.
  z.object({ kind: z.literal('trello'), apiKey: z.string().min(1), token: z.string().min(1) }),
  z.object({ kind: z.literal('none') }),
  // A server connection's settings (host, port, user, password, database...), checked by the service's own
  // schema (src/integrations/kit); sealed whole, so the password never sits in a plain column.
  z.object({ kind: z.literal('settings'), settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) }),
]);

export type StoredCredentials = z.infer<typeof storedCredentialsSchema>;

/** Adds the connection's credentials to an outgoing request the way the service expects them. */
export function applyCredentials(entry: ServiceEntry, creds: StoredCredentials, headers: Headers, url?: URL): void {
  switch (creds.kind) {
    case 'oauth2':
      // RFC 6750: provider token "types" such as Slack's `bot`/`user` are not auth schemes; Bearer is.
      headers.set('authorization', `Bearer ${creds.accessToken}`);
      return;
    case 'api_key': {
      if (entry.auth.kind === 'api_key' && entry.auth.placement === 'query') {
        url?.searchParams.set(entry.auth.name, creds.apiKey);
        return;
      }
      const name = entry.auth.kind === 'api_key' ? entry.auth.name : 'authorization';
      const prefix = entry.auth.kind === 'api_key' ? entry.auth.prefix : 'Bearer ';
      headers.set(name, `${prefix}${creds.apiKey}`);
      return;
    }
    case 'basic':
      headers.set('authorization', `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`);
      return;
    case 'trello':
      // Trello accepts the key and token in an OAuth-style Authorization header (keeps them out of URLs and logs).
      headers.set('authorization', `OAuth oauth_consumer_key="${creds.apiKey}", oauth_token="${creds.token}"`);
      return;
    case 'none':
    case 'settings':
      return;
    default: {
      const never: never = creds;
      throw new Error(`unknown credentials ${String(never)}`);
    }
  }
}
