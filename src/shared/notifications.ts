import { z } from 'zod';

/** Notification API shapes (server response schemas; the web app imports their types). zod only. */

/** What can produce a notification. */
export const notificationKinds = ['mention', 'comment_reply', 'run_failed', 'sync_failed', 'connection_attention'] as const;
export const notificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string(),
  link: z.string().nullable().describe('Path in the web app to open'),
  actorId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationSchema>;

export const digestFrequencies = ['hourly', 'daily', 'weekly'] as const;
export const digestFrequencySchema = z.enum(digestFrequencies);
export type DigestFrequency = z.infer<typeof digestFrequencySchema>;

export const preferencesSchema = z.object({
  kinds: z.array(notificationKindSchema).describe('Kinds you want to hear about'),
  inApp: z.boolean().describe('Show them in the inbox'),
  emailDigest: z.boolean().describe('Send a digest e-mail (through the workspace Gmail connection)'),
  slackDigest: z.boolean().describe('Send a digest to Slack (through the workspace Slack connection)'),
  digestFrequency: digestFrequencySchema,
  slackChannel: z.string().min(1).max(200).nullable().describe('Channel or user id for the Slack digest; null: a direct message found by your e-mail'),
});
export type Preferences = z.infer<typeof preferencesSchema>;
