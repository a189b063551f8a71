import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../platform/index.js';
import { oauthAppKeyOf, type IntegrationSettings } from '../settings.js';
import { searchServices, findService } from './catalog.js';
import { authKinds, serviceCategories, type ServiceEntry } from './schema.js';
import type { SettingsField } from '../kit/settings-form.js';
import { catalogPageSchema, serviceDetailSchema } from '../../shared/integrations.js';

export interface PieceSummary {
  id: string;
  title: string;
  description: string;
}

export interface CatalogRouteDeps {
  settings: IntegrationSettings;
  piecesOf(serviceId: string): { actions: PieceSummary[]; triggers: PieceSummary[] };
  /** Keys of the OAuth apps the workspace registered itself (oauth/apps.ts). */
  workspaceApps?(workspaceId: string): Promise<ReadonlySet<string>>;
  /** Whom to ask to register an OAuth app (members with settings:manage). */
  admins?(workspaceId: string): Promise<{ name: string; email: string }[]>;
  /** The connect form of a server service (auth kind `server`), generated from its settings schema. */
  settingsForm?(serviceId: string): SettingsField[] | undefined;
}

export function catalogRoutes(deps: CatalogRouteDeps): FastifyPluginAsyncZod {
  const noApps: ReadonlySet<string> = new Set();
  const appsOf = async (workspaceId: string | undefined) => (workspaceId && deps.workspaceApps ? deps.workspaceApps(workspaceId) : noApps);
  const connectableWith = (apps: ReadonlySet<string>) => (s: ServiceEntry) => {
    const key = oauthAppKeyOf(s);
    // The stored secret is not needed to say "connectable": only that the workspace has the app.
    return deps.settings.isConnectable(s) || (key !== undefined && apps.has(key));
  };
  const isCatalogOnly = (id: string) => {
    const pieces = deps.piecesOf(id);
    return pieces.actions.length === 0 && pieces.triggers.length === 0;
  };
  const summary = (s: ServiceEntry, connectable: (s: ServiceEntry) => boolean) => {
    const pieces = deps.piecesOf(s.id);
    return {
      id: s.id,
      name: s.name,
      category: s.category,
      description: s.description,
      homepage: s.homepage,
      apiDocs: s.apiDocs,
      authKind: s.auth.kind,
      connectable: connectable(s),
      catalogOnly: isCatalogOnly(s.id),
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
            works: z.enum(['true', 'false']).optional().describe('true: only services Atom has actions or triggers for'),
          }),
          response: {
            200: catalogPageSchema,
          },
        },
      },
      async (req) => {
        const connectable = connectableWith(await appsOf(req.principal?.workspaceId));
        const works = req.query.works === undefined ? undefined : req.query.works === 'true';
        const found = searchServices(
          {
            q: req.query.q || undefined,
            category: req.query.category,
            auth: req.query.auth,
            connectable: req.query.connectable === undefined ? undefined : req.query.connectable === 'true',
          },
          connectable,
        )
          .map((s) => summary(s, connectable))
          .filter((s) => works === undefined || works === !s.catalogOnly);
        // Services Atom can act in come first (stable: each group keeps the search's order).
        const items = [...found.filter((s) => !s.catalogOnly), ...found.filter((s) => s.catalogOnly)];
        const counts = new Map<(typeof serviceCategories)[number], number>();
        for (const s of searchServices({}, connectable)) {
          if (works !== undefined && works === isCatalogOnly(s.id)) continue;
          counts.set(s.category, (counts.get(s.category) ?? 0) + 1);
        }
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
          response: { 200: serviceDetailSchema },
        },
      },
      async (req) => {
        const entry = findService(req.params.id);
        const resolved = entry ? deps.settings.resolve(entry.id) : undefined;
        if (!entry || !resolved) throw errors.notFound(`The service "${req.params.id}"`, 'integrations.service_not_found');
        const workspaceId = req.principal?.workspaceId;
        const connectable = connectableWith(await appsOf(workspaceId));
        const configured = entry.auth.kind === 'oauth2' && connectable(entry);
        const askAdmins = resolved.oauth && !configured && workspaceId && deps.admins ? await deps.admins(workspaceId) : [];
        return {
          ...summary(entry, connectable),
          apiBaseUrl: resolved.apiBaseUrl,
          ...(resolved.oauth
            ? {
                oauth: {
                  authorizeUrl: resolved.oauth.authorizeUrl,
                  tokenUrl: resolved.oauth.tokenUrl,
                  ...(resolved.oauth.revokeUrl ? { revokeUrl: resolved.oauth.revokeUrl } : {}),
                  scopes: resolved.oauth.scopes,
                  writeScopes: resolved.oauth.writeScopes,
                  configured,
                  appKey: oauthAppKeyOf(entry) ?? entry.id,
                  askAdmins,
                },
              }
            : {}),
          ...(entry.auth.kind === 'api_key' ? { apiKey: { placement: entry.auth.placement, name: entry.auth.name, hint: entry.auth.hint } } : {}),
          ...(entry.auth.kind === 'basic' ? { basicHint: entry.auth.hint } : {}),
          ...(entry.auth.kind === 'server' && deps.settingsForm?.(entry.id) ? { server: { hint: entry.auth.hint, fields: deps.settingsForm(entry.id)! } } : {}),
        };
      },
    );
  };
}
