import { z } from 'zod';

/** Realtime event shapes: what a domain publishes and what the event stream sends (the web app imports their types). zod only. */

/** What an event is about; presence and resource permissions are keyed by it. */
export const resourceSchema = z.object({
  kind: z.string().min(1).max(40).regex(/^[a-z][a-z0-9_]*$/),
  id: z.string().min(1).max(200),
});
export type EventResource = z.infer<typeof resourceSchema>;

/**
 * Who in the workspace may receive an event:
 * - `'workspace'`: every member (narrowed further by `permission`);
 * - `'admins'`: owners and admins only;
 * - `{ userIds }`: only these users (personal connections, notifications).
 */
export const audienceSchema = z.union([
  z.literal('workspace'),
  z.literal('admins'),
  z.object({ userIds: z.array(z.string().min(1)).min(1).max(1000) }),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const publishInputSchema = z.object({
  workspaceId: z.string().min(1),
  /** Dotted, domain first: `run.finished`, `memory.sync.progress`, `connection.health`, `audit.entry`. */
  type: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, { error: 'must be dotted lower-case, e.g. run.finished' }),
  resource: resourceSchema,
  audience: audienceSchema.default('workspace'),
  /** A permission the receiver must hold in the workspace (e.g. `workflows:read`), as the API would check. */
  permission: z.string().min(1).optional(),
  /** Small and safe to show: ids, names, statuses, counts. Never secrets or payloads. */
  data: z.record(z.string(), z.unknown()).default({}),
});
export type PublishInput = z.input<typeof publishInputSchema>;

/** An event as stored in the replay buffer and sent on the stream. `id` increases by one per workspace. */
export const realtimeEventSchema = publishInputSchema.extend({
  id: z.number().int().positive(),
  at: z.string(),
});
export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;

/** What presence is kept for (a workflow, a run, a memory document) and what the person is doing there. */
export const presenceKindSchema = z.enum(['workflow', 'run', 'document']);
export const presenceStateSchema = z.enum(['viewing', 'editing']);

/** One person present on a resource. */
export const presenceUserSchema = z.object({
  userId: z.string(),
  name: z.string(),
  state: presenceStateSchema,
});
export type PresenceUser = z.infer<typeof presenceUserSchema>;

/** POST /api/presence: who is on the resource now. */
export const presenceListSchema = z.object({ users: z.array(presenceUserSchema) });
export type PresenceList = z.infer<typeof presenceListSchema>;
