import { z } from 'zod';

/** Integrations API shapes: the service catalog and the workspace's OAuth apps (server response schemas; the web app imports their types). zod only. */

export const serviceCategories = [
  'storage',
  'email',
  'calendar',
  'chat',
  'meetings',
  'dev_tools',
  'project_management',
  'docs_notes',
  'crm',
  'finance',
  'ecommerce',
  'marketing',
  'social',
  'hr',
  'support',
  'analytics',
  'ai',
  'forms',
  'databases',
  'automation',
  'security',
] as const;

export const authKinds = ['oauth2', 'oauth1', 'api_key', 'basic', 'server', 'none'] as const;

/** One field of a server service's connect form, generated from its settings schema. */
export const settingsFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  /** `password`: masked; `secret_text`: several lines, never shown back (a private key). */
  kind: z.enum(['text', 'password', 'secret_text', 'number', 'boolean', 'select']),
  required: z.boolean(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  options: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type SettingsField = z.infer<typeof settingsFieldSchema>;

export const pieceSchema = z.object({ id: z.string(), title: z.string(), description: z.string() });
export const serviceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.enum(serviceCategories),
  description: z.string(),
  homepage: z.string(),
  apiDocs: z.string(),
  authKind: z.enum(authKinds),
  connectable: z.boolean(),
  /** True when Atom has no actions or triggers for it yet: it can be connected and called through HTTP only. */
  catalogOnly: z.boolean(),
  actions: z.array(pieceSchema),
  triggers: z.array(pieceSchema),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;
export const serviceDetailSchema = serviceSummarySchema.extend({
  apiBaseUrl: z.string(),
  oauth: z
    .object({
      authorizeUrl: z.string(),
      tokenUrl: z.string(),
      revokeUrl: z.string().optional(),
      scopes: z.array(z.string()),
      /** Added only when the person chooses write access when connecting (empty: no such choice). */
      writeScopes: z.array(z.string()),
      configured: z.boolean(),
      /** The OAuth app this service uses (`google` for every Google service), as /api/integrations/oauth-apps names it. */
      appKey: z.string(),
      /** Who may register the app, when it is not configured yet. */
      askAdmins: z.array(z.object({ name: z.string(), email: z.string() })),
    })
    .optional(),
  apiKey: z.object({ placement: z.enum(['header', 'query']), name: z.string(), hint: z.string() }).optional(),
  basicHint: z.string().optional(),
  /** Server services: the fields of their connect form (host, port, user, password...), with the hint. */
  server: z.object({ hint: z.string(), fields: z.array(settingsFieldSchema) }).optional(),
});
export type ServiceDetail = z.infer<typeof serviceDetailSchema>;

/** GET /api/integrations: a page of the catalog. */
export const catalogPageSchema = z.object({ items: z.array(serviceSummarySchema), total: z.number(), categories: z.array(z.object({ id: z.enum(serviceCategories), count: z.number() })) });
export type CatalogPage = z.infer<typeof catalogPageSchema>;

/** A provider's OAuth app as the workspace's admins see it (GET /api/integrations/oauth-apps). */
export const oauthAppSchema = z.object({
  key: z.string(),
  name: z.string(),
  services: z.array(z.object({ id: z.string(), name: z.string() })),
  /** True when Atom has actions or triggers for one of its services (shown first). */
  worksWithAtom: z.boolean(),
  /** Where the app in use comes from: the environment wins over the workspace's own. */
  source: z.enum(['environment', 'workspace']).nullable(),
  clientId: z.string().nullable(),
  /** Of the secret only whether it is set and its last four characters (none for short secrets). */
  secret: z.object({ set: z.boolean(), last4: z.string() }),
  scopes: z.array(z.string()),
  guide: z.string().nullable().describe('Anchor of the setup guide in docs/oauth-setup.md'),
  updatedAt: z.string().nullable(),
});
export type OAuthApp = z.infer<typeof oauthAppSchema>;

/** GET /api/integrations/oauth-apps. */
export const oauthAppListSchema = z.object({ redirectUri: z.string(), items: z.array(oauthAppSchema) });
export type OAuthAppList = z.infer<typeof oauthAppListSchema>;
