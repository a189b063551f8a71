import type { Authenticator } from '../platform/http/index.js';
import type { AtomModule } from '../platform/index.js';
import { feedDomainEvents, type DomainFeedSources } from './feeds.js';
import type { DocumentReadable } from './presence.js';
import { realtimeRoutes } from './routes.js';
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

/**
 * Real-time as src/app.ts and src/worker.ts compose it. `feeds` are the other domains' events it relays
 * (connection health changes); `documentReadable` is memory's read rule for document presence.
 */
export const realtimeModule: AtomModule<{ feeds: DomainFeedSources }, { feeds: DomainFeedSources; authenticator: Authenticator; documentReadable: DocumentReadable }> = {
  name: 'realtime',
  // In `atom worker`: audit entries and connection health changes noticed here reach live streams through Redis.
  startWorkers: (ctx, deps) => feedDomainEvents(ctx, deps.feeds),
  // Live events and presence; an open stream re-checks its caller with the plain (uncached) authenticator.
  routes: (ctx, deps) => [{ plugin: realtimeRoutes(ctx, { authenticator: deps.authenticator, documentReadable: deps.documentReadable, feeds: deps.feeds }), prefix: '/api' }],
};
