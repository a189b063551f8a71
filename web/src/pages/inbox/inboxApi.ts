import type { NotificationKind, NotificationView as Notification, Preferences } from '../../../../src/shared/notifications';
import { api } from '../../lib/api';

export type { NotificationKind, Notification, Preferences };
// A runtime copy (importing the server's would bring zod into the bundle); kindLabels' type keeps it complete.
export const notificationKinds = ['mention', 'comment_reply', 'run_failed', 'sync_failed', 'connection_attention'] as const satisfies readonly NotificationKind[];

export const kindLabels: Record<NotificationKind, string> = {
  mention: 'Mentions',
  comment_reply: 'Replies to my comments',
  run_failed: 'Failed runs of my workflows',
  sync_failed: 'Memory sync failures',
  connection_attention: 'Connections to reconnect',
};

export const UNREAD_KEY = ['notifications', 'unread'] as const;
export const INBOX_KEY = ['notifications', 'list'] as const;

export const listNotifications = (unreadOnly: boolean) => api<{ items: Notification[]; unread: number }>(`/api/notifications?limit=50${unreadOnly ? '&unread=true' : ''}`);
export const unreadCount = () => api<{ unread: number }>('/api/notifications/unread-count');
export const markRead = (id: string) => api<Notification>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
export const markAllRead = () => api<{ updated: number }>('/api/notifications/read-all', { method: 'POST' });
export const getPreferences = () => api<Preferences>('/api/notifications/preferences');
export const savePreferences = (patch: Partial<Preferences>) => api<Preferences>('/api/notifications/preferences', { method: 'PUT', body: patch });
