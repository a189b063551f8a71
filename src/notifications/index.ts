/** Notifications: the in-app inbox, per-user preferences, background producers and digests. */
export { notify } from './notify.js';
export { notificationsRoutes } from './routes.js';
export { notificationStore, type NotificationStore } from './notification-repository.js';
export { startNotificationWorkers } from './background.js';
export { sweepNotifications, parseRunError } from './producers.js';
export { scheduleDueDigests, sendDigest, processDigests, DIGEST_QUEUE } from './digest.js';
export { notificationKinds, notificationSchema, preferencesSchema, type NotificationKind, type NotificationView, type Preferences } from './schemas.js';
