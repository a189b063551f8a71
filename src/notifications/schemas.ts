import { z } from 'zod';
import { notificationKinds, notificationKindSchema, type Preferences } from '../shared/notifications.js';

// The API shapes the web app reads live in src/shared/notifications.ts (both builds read it).
export {
  digestFrequencies,
  digestFrequencySchema,
  notificationKinds,
  notificationKindSchema,
  notificationSchema,
  preferencesSchema,
  type DigestFrequency,
  type NotificationKind,
  type NotificationView,
  type Preferences,
} from '../shared/notifications.js';

export const defaultPreferences: Preferences = {
  kinds: [...notificationKinds],
  inApp: true,
  emailDigest: false,
  slackDigest: false,
  digestFrequency: 'daily',
  slackChannel: null,
};

/** What a producer hands in; the store adds ids and times and drops repeats by `dedupeKey`. */
export const newNotificationSchema = z.object({
  workspaceId: z.string().min(1),
  userId: z.string().min(1),
  kind: notificationKindSchema,
  title: z.string().min(1).max(300),
  body: z.string().max(2000),
  link: z.string().max(500).nullable(),
  actorId: z.string().nullable(),
  dedupeKey: z.string().min(1).max(300),
});
export type NewNotification = z.infer<typeof newNotificationSchema>;
