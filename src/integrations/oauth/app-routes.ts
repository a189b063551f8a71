import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor, recordAudit } from '../../audit/index.js';
import { assertCan } from '../../platform/access/index.js';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, type AppContext } from '../../platform/index.js';
import { integrationRuntime } from '../runtime.js';
import { oauthAppKeys, oauthAppStore } from './apps.js';
import { oauthEngine } from './shared.js';
import { oauthAppListSchema, oauthAppSchema, type OAuthAppList } from '../../shared/integrations.js';

/** Setup guides per app key, in docs/oauth-setup.md. */
const guides: Record<string, string> = {
  google: 'google-cloud',
  microsoft: 'microsoft-entra-id',
  slack: 'slack',
  github: 'github',
  notion: 'notion',
};

const keyParams = z.object({ key: z.string().min(1).max(100) });

const providerNames: Record<string, string> = { google: 'Google', microsoft: 'Microsoft', slack: 'Slack', github: 'GitHub', notion: 'Notion', dropbox: 'Dropbox', box: 'Box', asana: 'Asana', zoom: 'Zoom', trello: 'Trello' };

/**
 * /api/integrations/oauth-apps: a workspace admin (settings:manage) registers the OAuth app of a provider —
 * client id and secret (sealed by the vault, never returned) — and copies the redirect URI to the provider.
 * Effective at once: the OAuth engine reads the app on each use.
 */
export function oauthAppRoutes(ctx: AppContext, hasPieces: (serviceId: string) => boolean): FastifyPluginAsyncZod {
  const rt = integrationRuntime(ctx);
  const store = oauthAppStore(ctx.db, rt.vault);
  const audit = (request: Parameters<typeof auditActor>[0], action: string, key: string) =>
    recordAudit(ctx.db, { ...auditActor(request), action, target: { type: 'oauth_app', id: key }, outcome: 'success', details: {} }).catch((err: unknown) =>
      ctx.logger.error({ err }, 'could not record audit entry'),
    );
  const known = oauthAppKeys();

  async function listFor(workspaceId: string): Promise<OAuthAppList> {
    const stored = await store.list(workspaceId);
    const items = [...known.entries()].map(([key, services]) => {
      const fromEnv = rt.settings.appFromEnvironment(key);
      const own = stored.get(key);
      const first = services[0]!;
      const resolved = rt.settings.resolve(first.id);
      return {
        key,
        name: providerNames[key] ?? (services.length === 1 ? first.name : key),
        services: services.map((s) => ({ id: s.id, name: s.name })),
        worksWithAtom: services.some((s) => hasPieces(s.id)),
        source: fromEnv ? ('environment' as const) : own ? ('workspace' as const) : null,
        clientId: fromEnv ? (resolved?.oauth?.clientId ?? null) : (own?.clientId ?? null),
        secret: fromEnv ? { set: resolved?.oauth?.clientSecret !== undefined, last4: '' } : { set: own !== undefined, last4: own?.secretLast4 ?? '' },
        scopes: resolved?.oauth?.scopes ?? [],
        guide: guides[key] ?? null,
        updatedAt: fromEnv ? null : (own?.updatedAt ?? null),
      };
    });
    items.sort((a, b) => Number(b.worksWithAtom) - Number(a.worksWithAtom) || a.name.localeCompare(b.name));
    return { redirectUri: oauthEngine(ctx).redirectUri(), items };
  }

  return async (app) => {
    app.get(
      '/api/integrations/oauth-apps',
      {
        config: { permission: 'settings:manage' },
        schema: { tags: ['integrations'], summary: "The workspace's OAuth apps per provider and the redirect URI to register with them", response: { 200: oauthAppListSchema } },
      },
      async (req) => {
        const p = requirePrincipal(req);
        assertCan(p, 'manage', { kind: 'settings', workspaceId: p.workspaceId });
        return listFor(p.workspaceId);
      },
    );

    app.put(
      '/api/integrations/oauth-apps/:key',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['integrations'],
          summary: "Registers or changes the workspace's OAuth app of a provider (the secret is sealed and never shown again)",
          params: keyParams,
          body: z.object({
            clientId: z.string().trim().min(1).max(500),
            clientSecret: z.string().trim().min(1).max(2000).optional().describe('Required the first time; leave out to keep the stored one'),
          }),
          response: { 200: oauthAppSchema },
        },
      },
      async (req) => {
        const p = requirePrincipal(req);
        assertCan(p, 'manage', { kind: 'settings', workspaceId: p.workspaceId });
        const key = req.params.key;
        if (!known.has(key)) throw errors.notFound(`The OAuth app "${key}"`, 'integrations.oauth_app.unknown');
        if (rt.settings.appFromEnvironment(key)) {
          throw errors.conflict(`The ${providerNames[key] ?? key} OAuth app is set by the server's environment (ATOM_INTEGRATIONS), which wins; change it there.`, 'integrations.oauth_app.from_environment');
        }
        const outcome = await store.put(p.workspaceId, key, { clientId: req.body.clientId, clientSecret: req.body.clientSecret }, p.userId);
        if (outcome === 'missing') {
          throw errors.badRequest('A new OAuth app needs its client secret.', [{ field: 'body.clientSecret', message: 'required the first time' }], 'integrations.oauth_app.secret_required');
        }
        await audit(req, outcome === 'created' ? 'integrations.oauth_app.created' : 'integrations.oauth_app.updated', key);
        return (await listFor(p.workspaceId)).items.find((i) => i.key === key)!;
      },
    );

    app.delete(
      '/api/integrations/oauth-apps/:key',
      {
        config: { permission: 'settings:manage' },
        schema: { tags: ['integrations'], summary: "Removes the workspace's OAuth app of a provider (existing connections stop refreshing)", params: keyParams, response: { 204: z.null() } },
      },
      async (req, reply) => {
        const p = requirePrincipal(req);
        assertCan(p, 'manage', { kind: 'settings', workspaceId: p.workspaceId });
        if (!(await store.remove(p.workspaceId, req.params.key))) throw errors.notFound(`The OAuth app "${req.params.key}"`, 'integrations.oauth_app.not_found');
        await audit(req, 'integrations.oauth_app.deleted', req.params.key);
        return reply.code(204).send(null);
      },
    );
  };
}
