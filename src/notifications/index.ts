import type { AtomModule } from '../platform/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import { startNotificationWorkers } from './background.js';
import { notificationsRoutes } from './routes.js';
/** Notifications: the in-app inbox, per-user preferences, background producers and digests. */
export { notify } from './notify.js';
export { notificationsRoutes } from './routes.js';
export { notificationStore, type NotificationStore } from './notification-repository.js';
export { startNotificationWorkers } from './background.js';
export { sweepNotifications, parseRunError } from './producers.js';
export { scheduleDueDigests, sendDigest, processDigests, DIGEST_QUEUE } from './digest.js';
export { notificationKinds, notificationSchema, preferencesSchema, type NotificationKind, type NotificationView, type Preferences } from './schemas.js';

/** Notifications as src/modules.ts lists them; digests go out as jobs on the workflow queue. */
export const notificationsModule: AtomModule<{ workflowQueue: () => JobQueue }> = {
  name: 'notifications',
  // Sweeps and digests (a lease per user's digest: sent once across API replicas and workers).
  startWorkers: (ctx, deps) => void startNotificationWorkers(ctx, deps.workflowQueue()),
  // A queue-mode `atom serve` runs them too (as before the module list): overlapping processes are safe.
  workersInEveryProcess: true,
  routes: (ctx) => [{ plugin: notificationsRoutes(ctx), prefix: '/api/notifications' }],
};
