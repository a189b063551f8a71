import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../platform/http/index.js';
import { errors, type AppContext } from '../platform/index.js';
import { notificationSchema, preferencesSchema } from './schemas.js';
import { notificationStore } from './notification-repository.js';

const tags = ['notifications'];

/** /api/notifications: the caller's own inbox and preferences (any signed-in member). */
export function notificationsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const store = notificationStore(ctx.db);

    app.get(
      '',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: 'Your notifications, newest first, with the unread count.',
          querystring: z.object({
            unread: z.stringbool().optional().describe('Only unread ones'),
            limit: z.coerce.number().int().min(1).max(100).default(30),
            before: z.string().max(100).optional().describe('Id of the last item of the previous page'),
          }),
          response: { 200: z.object({ items: z.array(notificationSchema), unread: z.number().int() }) },
        },
      },
      async (request) => {
        const { workspaceId, userId } = requirePrincipal(request);
        const q = request.query;
        const [items, unread] = await Promise.all([store.list(workspaceId, userId, { limit: q.limit, before: q.before, unreadOnly: q.unread }), store.unreadCount(workspaceId, userId)]);
        return { items, unread };
      },
    );

    app.get(
      '/unread-count',
      { config: { permission: 'authenticated' }, schema: { tags, summary: 'How many of your notifications are unread (the header badge).', response: { 200: z.object({ unread: z.number().int() }) } } },
      async (request) => {
        const { workspaceId, userId } = requirePrincipal(request);
        return { unread: await store.unreadCount(workspaceId, userId) };
      },
    );

    app.post(
      '/:id/read',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Marks one of your notifications read.', params: z.object({ id: z.string().min(1).max(100) }), response: { 200: notificationSchema } },
      },
      async (request) => {
        const { workspaceId, userId } = requirePrincipal(request);
        const n = await store.markRead(workspaceId, userId, request.params.id);
        if (!n) throw errors.notFound('The notification', 'notifications.not_found');
        return n;
      },
    );

    app.post(
      '/read-all',
      { config: { permission: 'authenticated' }, schema: { tags, summary: 'Marks all your notifications read.', response: { 200: z.object({ updated: z.number().int() }) } } },
      async (request) => {
        const { workspaceId, userId } = requirePrincipal(request);
        return { updated: await store.markAllRead(workspaceId, userId) };
      },
    );

    app.get(
      '/preferences',
      { config: { permission: 'authenticated' }, schema: { tags, summary: 'Which notifications you get, and where.', response: { 200: preferencesSchema } } },
      async (request) => {
        const { workspaceId, userId } = requirePrincipal(request);
        return store.preferences(workspaceId, userId);
      },
    );

    app.put(
      '/preferences',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Changes your notification preferences (fields left out keep their value).', body: preferencesSchema.partial(), response: { 200: preferencesSchema } },
      },
      async (request) => {
        const { workspaceId, userId } = requirePrincipal(request);
        const patch = Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined));
        return store.savePreferences(workspaceId, userId, patch);
      },
    );
  };
}
