import type { AppContext } from '../platform/index.js';
import { publish } from '../realtime/index.js';
import type { NewNotification, NotificationView } from './schemas.js';
import { notificationStore } from './notification-repository.js';

/**
 * Stores a notification for one user (respecting their preferences, dropping repeats) and pushes it to
 * that user's open tabs as a `notification.created` event. Never throws: a failed notification must not
 * fail the comment, run or sync that caused it.
 *
 * @example
 * await notify(ctx, { workspaceId, userId, kind: 'mention', title: 'Ada mentioned you', body: '…', link: '/workflows/w/1', actorId, dedupeKey: `mention:${commentId}` });
 */
export async function notify(ctx: AppContext, input: NewNotification): Promise<NotificationView | undefined> {
  try {
    const added = await notificationStore(ctx.db).add(input);
    if (!added) return undefined;
    if (added.inApp) {
      await publish(ctx, {
        workspaceId: input.workspaceId,
        type: 'notification.created',
        resource: { kind: 'notification', id: added.view.id },
        audience: { userIds: [input.userId] },
        data: { kind: added.view.kind, title: added.view.title, link: added.view.link },
      });
    }
    return added.view;
  } catch (err) {
    ctx.logger.warn({ err, kind: input.kind }, 'could not store or deliver a notification');
    return undefined;
  }
}
