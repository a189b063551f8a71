import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../platform/index.js';
import type { IntegrationSettings } from '../settings.js';
import { searchServices, findService } from './catalog.js';
import { authKinds, serviceCategories, type ServiceEntry } from './schema.js';

export interface PieceSummary {
  id: string;
  title: string;
  description: string;
}

export interface CatalogRouteDeps {
  settings: IntegrationSettings;
  piecesOf(serviceId: string): { actions: PieceSummary[]; triggers: PieceSummary[] };
}

const pieceSchema = z.object({ id: z.string(), title: z.string(), description: z.string() });
const summarySchema = z.object({
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
const detailSchema = summarySchema.extend({
  apiBaseUrl: z.string(),
  oauth: z
    .object({ authorizeUrl: z.string(), tokenUrl: z.string(), revokeUrl: z.string().optional(), scopes: z.array(z.string()), configured: z.boolean() })
    .optional(),
  apiKey: z.object({ placement: z.enum(['header', 'query']), name: z.string(), hint: z.string() }).optional(),
  basicHint: z.string().optional(),
});

export function catalogRoutes(deps: CatalogRouteDeps): FastifyPluginAsyncZod {
  const summary = (s: ServiceEntry) => {
    const pieces = deps.piecesOf(s.id);
    return {
      id: s.id,
      name: s.name,
      category: s.category,
      description: s.description,
      homepage: s.homepage,
      apiDocs: s.apiDocs,
      authKind: s.auth.kind,
      connectable: deps.settings.isConnectable(s),
      catalogOnly: pieces.actions.length === 0 && pieces.triggers.length === 0,
      ...pieces,
    };
  };

  return async (app) => {
    app.get(
      '/api/integrations',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['integrations'],
          summary: 'Search the catalog of services Atom knows',
          querystring: z.object({
            q: z.string().trim().max(100).optional(),
            category: z.enum(serviceCategories).optional(),
            auth: z.enum(authKinds).optional(),
            connectable: z.enum(['true', 'false']).optional(),
          }),
          response: {
            200: z.object({ items: z.array(summarySchema), total: z.number(), categories: z.array(z.object({ id: z.enum(serviceCategories), count: z.number() })) }),
          },
        },
      },
      async (req) => {
        const items = searchServices(
          {
            q: req.query.q || undefined,
            category: req.query.category,
            auth: req.query.auth,
            connectable: req.query.connectable === undefined ? undefined : req.query.connectable === 'true',
          },
          deps.settings.isConnectable,
        ).map(summary);
        const counts = new Map<(typeof serviceCategories)[number], number>();
        for (const s of searchServices({}, deps.settings.isConnectable)) counts.set(s.category, (counts.get(s.category) ?? 0) + 1);
        return { items, total: items.length, categories: serviceCategories.map((id) => ({ id, count: counts.get(id) ?? 0 })) };
      },
    );

    app.get(
      '/api/integrations/:id',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['integrations'],
          summary: 'One service of the catalog, with its endpoints and what Atom can do with it',
          params: z.object({ id: z.string().max(100) }),
          response: { 200: detailSchema },
        },
      },
      async (req) => {
        const entry = findService(req.params.id);
        const resolved = entry ? deps.settings.resolve(entry.id) : undefined;
        if (!entry || !resolved) throw errors.notFound(`The service "${req.params.id}"`, 'integrations.service_not_found');
        return {
          ...summary(entry),
          apiBaseUrl: resolved.apiBaseUrl,
          ...(resolved.oauth
            ? {
                oauth: {
                  authorizeUrl: resolved.oauth.authorizeUrl,
                  tokenUrl: resolved.oauth.tokenUrl,
                  ...(resolved.oauth.revokeUrl ? { revokeUrl: resolved.oauth.revokeUrl } : {}),
                  scopes: resolved.oauth.scopes,
                  configured: resolved.oauth.clientId !== undefined,
                },
              }
            : {}),
          ...(entry.auth.kind === 'api_key' ? { apiKey: { placement: entry.auth.placement, name: entry.auth.name, hint: entry.auth.hint } } : {}),
          ...(entry.auth.kind === 'basic' ? { basicHint: entry.auth.hint } : {}),
        };
      },
    );
  };
}
