import { z } from 'zod';

/** Atom's OAuth server, consent side: what an MCP client asks for and the grants a person made (server response schemas; the web app imports their types). zod only. */

/** GET /api/oauth/authorization: what an MCP client asks to be allowed, for the consent page. */
export const authorizationAskSchema = z.object({
  client: z.object({ id: z.string(), name: z.string() }),
  redirectUri: z.string(),
  resource: z.string(),
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), permissions: z.array(z.string()) })),
});
export type AuthorizationAsk = z.infer<typeof authorizationAskSchema>;

/** POST /api/oauth/authorization: where the browser goes next (back to the client, with a code or an error). */
export const authorizationDecisionSchema = z.object({ redirectTo: z.string() });
export type AuthorizationDecision = z.infer<typeof authorizationDecisionSchema>;

/** An MCP client the person authorized (never its tokens). */
export const oauthGrantSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  role: z.string(),
  resource: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  refreshExpiresAt: z.string(),
});
export type OAuthGrant = z.infer<typeof oauthGrantSchema>;

/** GET /api/oauth/grants. */
export const oauthGrantListSchema = z.object({ grants: z.array(oauthGrantSchema) });
export type OAuthGrantList = z.infer<typeof oauthGrantListSchema>;
