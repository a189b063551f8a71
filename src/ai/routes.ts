import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors, type AppContext } from '../platform/index.js';
import { requirePrincipal, type Principal } from '../platform/http/index.js';
import { aiServices } from './assistant.js';
import { providerIdSchema, providerIds, providers } from './providers/catalog.js';
import { assertBaseUrlAllowed, providerFetch } from './providers/outbound.js';
import { probeKey } from './providers/probe.js';
import { registerAiWorkflowAction } from './workflow-action.js';
import { usageReport } from './usage/usage-report.js';
import { aiKeyListSchema, aiModelListSchema, aiProviderListSchema, aiSettingsSchema, maskedKeySchema, usageReportSchema } from '../shared/ai.js';

const newKeySchema = z.object({
  provider: providerIdSchema,
  apiKey: z.string().max(4096).default('').describe('the provider key; never returned'),
  label: z.string().min(1).max(100).optional(),
  baseUrl: z.url({ error: 'must be an absolute http(s) URL' }).regex(/^https?:\/\//, { error: 'must be http or https' }).optional(),
  scope: z.enum(['user', 'workspace']).default('user').describe('user: only you; workspace: every member (needs ai:manage)'),
  openaiApi: z.enum(['responses', 'chat']).optional().describe('OpenAI only: the Responses API (default) or Chat Completions'),
  azureApiVersion: z.string().max(40).optional(),
});

const canManage = (p: Principal) => p.permissions.has('ai:manage');

/** Provider keys, models, defaults and budgets, and usage: `/api/ai`. */
export function aiRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const ai = aiServices(ctx);
  registerAiWorkflowAction(ctx);
  const timeoutMs = ctx.config.ATOM_AI_PROBE_TIMEOUT_MS;
  const fetch = providerFetch(ctx.config.ATOM_SSRF_ALLOW);
  return async (app) => {
    app.get('/providers', {
      schema: {
        tags: ['ai'],
        summary: 'Model and speech providers a key can be added for',
        response: { 200: aiProviderListSchema },
      },
      config: { permission: 'ai:use' },
    }, async () => ({
      providers: providerIds.map((id) => {
        const p = providers[id];
        return { id, label: p.label, baseUrl: p.baseUrl, capabilities: p.capabilities, keyOptional: p.keyOptional };
      }),
    }));

    app.get('/keys', {
      schema: { tags: ['ai'], summary: 'Your keys and the workspace keys (masked)', response: { 200: aiKeyListSchema } },
      config: { permission: 'ai:use' },
    }, async (request) => {
      const p = requirePrincipal(request);
      return { keys: await ai.keys.list(p.workspaceId, p.userId) };
    });

    app.post('/keys', {
      schema: {
        tags: ['ai'],
        summary: 'Check a provider key against the provider, then save it sealed',
        body: newKeySchema,
        response: { 201: maskedKeySchema },
      },
      config: { permission: 'ai:use' },
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      const b = request.body;
      if (b.scope === 'workspace' && !canManage(p)) throw errors.forbidden('Adding a workspace key needs the ai:manage permission.', 'ai.key.forbidden');
      const info = providers[b.provider];
      if (!info.baseUrl && !b.baseUrl) throw errors.badRequest(`${info.label} needs a base URL.`, [{ field: 'body.baseUrl', message: 'required for this provider' }], 'ai.key.base_url_required');
      if (!info.keyOptional && b.apiKey.trim() === '') throw errors.badRequest('The key is empty.', [{ field: 'body.apiKey', message: 'required for this provider' }], 'ai.key.missing');
      const options = { ...(b.openaiApi ? { openaiApi: b.openaiApi } : {}), ...(b.azureApiVersion ? { azureApiVersion: b.azureApiVersion } : {}) };
      const creds = { provider: b.provider, apiKey: b.apiKey.trim(), baseUrl: b.baseUrl ?? null, options };
      // Internal IP literals are refused before any request; names resolving inside are refused by the probe.
      if (b.baseUrl) assertBaseUrlAllowed(b.baseUrl, ctx.config.ATOM_SSRF_ALLOW);
      const probe = await probeKey(creds, timeoutMs, fetch);
      const saved = await ai.keys.save({
        workspaceId: p.workspaceId,
        ownerUserId: b.scope === 'user' ? p.userId : null,
        provider: b.provider,
        label: b.label ?? info.label,
        baseUrl: b.baseUrl ?? null,
        options,
        apiKey: creds.apiKey,
        models: probe.models,
        createdBy: p.userId,
      });
      ctx.logger.info({ keyId: saved.id, provider: saved.provider, scope: saved.scope, workspaceId: p.workspaceId }, 'ai key added');
      return reply.status(201).send(saved);
    });

    app.delete('/keys/:id', {
      schema: { tags: ['ai'], summary: 'Remove a key', params: z.object({ id: z.string() }), response: { 204: z.null() } },
      config: { permission: 'ai:use' },
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      const owner = await ai.keys.ownerOf(p.workspaceId, request.params.id);
      if (!owner || (owner.ownerUserId !== null && owner.ownerUserId !== p.userId)) throw errors.notFound('The key', 'ai.key.not_found');
      if (owner.ownerUserId === null && !canManage(p)) throw errors.forbidden('Removing a workspace key needs the ai:manage permission.', 'ai.key.forbidden');
      await ai.keys.remove(p.workspaceId, request.params.id);
      return reply.status(204).send(null);
    });

    app.get('/models', {
      schema: {
        tags: ['ai'],
        summary: 'Models usable with your keys and the workspace keys, and the model chain in effect',
        response: { 200: aiModelListSchema },
      },
      config: { permission: 'ai:use' },
    }, async (request) => {
      const p = requirePrincipal(request);
      const keys = await ai.keys.list(p.workspaceId, p.userId);
      const models = keys
        .filter((k) => providers[k.provider].capabilities.includes('chat'))
        .flatMap((k) => k.models.map((m) => ({ ref: `${k.provider}:${m}`, provider: k.provider, model: m, keyId: k.id, scope: k.scope })));
      const chain = keys.length ? (await ai.runner.chainFor(p.workspaceId, p.userId).catch(() => [])).map((r) => `${r.provider}:${r.model}`) : [];
      return { models, chain };
    });

    const scopeQuery = z.object({ scope: z.enum(['user', 'workspace']).default('user') });

    app.get('/settings', {
      schema: { tags: ['ai'], summary: 'Default model, fallback chain and monthly budget (yours or the workspace\'s)', querystring: scopeQuery, response: { 200: aiSettingsSchema } },
      config: { permission: 'ai:use' },
    }, async (request) => {
      const p = requirePrincipal(request);
      return request.query.scope === 'workspace' ? ai.settings.workspace(p.workspaceId) : ai.settings.user(p.workspaceId, p.userId);
    });

    app.put('/settings', {
      schema: { tags: ['ai'], summary: 'Set the default model, fallback chain and monthly budget', querystring: scopeQuery, body: aiSettingsSchema, response: { 200: aiSettingsSchema } },
      config: { permission: 'ai:use' },
    }, async (request) => {
      const p = requirePrincipal(request);
      const workspace = request.query.scope === 'workspace';
      if (workspace && !canManage(p)) throw errors.forbidden('Workspace AI settings need the ai:manage permission.', 'ai.settings.forbidden');
      if (!workspace && request.body.monthlyBudgetUsd !== (await ai.settings.user(p.workspaceId, p.userId)).monthlyBudgetUsd && !canManage(p)) {
        throw errors.forbidden('Member budgets are set by someone with the ai:manage permission.', 'ai.settings.forbidden');
      }
      await ai.settings.write(p.workspaceId, workspace ? '' : p.userId, request.body);
      return request.body;
    });

    app.get('/usage', {
      schema: {
        tags: ['ai'],
        summary: 'Tokens and estimated cost for a month, by model, member and day, with budgets',
        querystring: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be YYYY-MM' }).optional() }),
        response: { 200: usageReportSchema },
      },
      config: { permission: 'ai:use' },
    }, async (request) => {
      const p = requirePrincipal(request);
      return usageReport(ctx, ai, { workspaceId: p.workspaceId, userId: p.userId, allMembers: canManage(p), month: request.query.month });
    });
  };
}
