import { z } from 'zod';

/** Shapes of the Slack Web API objects Atom reads (api.slack.com/types). */
export const slackChannelSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    is_private: z.boolean().optional(),
    is_archived: z.boolean().optional(),
    num_members: z.number().optional(),
    topic: z.object({ value: z.string() }).optional(),
  })
  .loose();

export const slackMessageSchema = z
  .object({ type: z.string().optional(), user: z.string().optional(), bot_id: z.string().optional(), text: z.string().default(''), ts: z.string(), thread_ts: z.string().optional(), subtype: z.string().optional() })
  .loose();

export const slackCursorSchema = z.object({ next_cursor: z.string().optional() }).optional();

export const slackOk = <S extends z.ZodRawShape>(shape: S) => z.object({ ok: z.literal(true), ...shape }).loose();
