import { z } from 'zod';
import { serviceCategories, type authKinds } from '../../shared/integrations.js';

// The category and auth-kind lists are API shapes: they live in src/shared/integrations.ts (the web app reads them).
export { authKinds, serviceCategories } from '../../shared/integrations.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and dashes' });

export const oauth2AuthSchema = z.object({
  kind: z.literal('oauth2'),
  authorizeUrl: z.url(),
  tokenUrl: z.url(),
  revokeUrl: z.url().optional(),
  /** What a connection asks for by default: the narrowest set Atom's reading (sync, triggers, get/list) needs. */
  scopes: z.array(z.string()),
  /**
   * Added only when the person chooses write access at connect time (OneDrive's uploads and sharing need
   * `Files.ReadWrite.All`; reading for memory needs only `Files.Read.All`).
   */
  writeScopes: z.array(z.string()).optional(),
  /** Provider quirks the OAuth engine applies (see src/integrations/oauth/providers). */
  provider: z.string().optional(),
});

export const serviceAuthSchema = z.discriminatedUnion('kind', [
  oauth2AuthSchema,
  z.object({ kind: z.literal('oauth1'), requestTokenUrl: z.url(), authorizeUrl: z.url(), accessTokenUrl: z.url() }),
  z.object({
    kind: z.literal('api_key'),
    placement: z.enum(['header', 'query']),
    /** Header or query parameter name. */
    name: z.string().min(1),
    /** Text before the key in the header (`Bearer `). */
    prefix: z.string().default(''),
    /** Where the user finds the key, shown in the connect form. */
    hint: z.string().min(5),
  }),
  z.object({ kind: z.literal('basic'), hint: z.string().min(5) }),
  /** A server reached over its own protocol (database, mail, SFTP): host, port, user, password... as the
   * service declares them (src/integrations/kit), sealed whole. */
  z.object({ kind: z.literal('server'), hint: z.string().min(5) }),
  z.object({ kind: z.literal('none') }),
]);

export const serviceEntrySchema = z.object({
  id,
  name: z.string().min(2),
  category: z.enum(serviceCategories),
  description: z.string().min(10).max(300),
  homepage: z.url(),
  apiDocs: z.url(),
  apiBaseUrl: z.url(),
  auth: serviceAuthSchema,
});

export type ServiceCategory = (typeof serviceCategories)[number];
export type AuthKind = (typeof authKinds)[number];
export type ServiceAuth = z.infer<typeof serviceAuthSchema>;
export type ServiceEntryInput = z.input<typeof serviceEntrySchema>;
export type ServiceEntry = z.infer<typeof serviceEntrySchema>;
