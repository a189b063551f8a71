/**
 * Real-time: workspace events to every browser tab that may see them (SSE at GET /api/events), and
 * presence (who views or edits a workflow, run or document).
 *
 * Publishing is the whole interface other domains need:
 *
 * @example
 * import { publish } from '../realtime/index.js';
 * void publish(ctx, {
 *   workspaceId,
 *   type: 'comment.created',                 // dotted, domain first
 *   resource: { kind: 'workflow', id },      // what it is about
 *   audience: { userIds: [mentionedUserId] },// or 'workspace' (default) or 'admins'
 *   permission: 'workflows:read',            // optional: the receiver must hold it, as the API checks
 *   data: { commentId, by: userId },         // small, no secrets
 * });
 */
export { publish, eventBus } from './publish.js';
export { feedDomainEvents, type DomainFeedSources } from './feeds.js';
export type { EventBus } from './bus.js';
export {
  audienceSchema,
  publishInputSchema,
  realtimeEventSchema,
  resourceSchema,
  type Audience,
  type EventResource,
  type PublishInput,
  type RealtimeEvent,
} from './schema.js';
export { realtimeRoutes, type RealtimeRoutesOptions } from './routes.js';
export type { DocumentReadable, PresenceUser } from './presence.js';
export { ACCESS_CHANGED, concernsMember, onAccessChange, type AccessChange } from './access-changes.js';
