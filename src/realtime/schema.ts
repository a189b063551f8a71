// The event shapes are API shapes: they live in src/shared/realtime.ts (the web app reads them).
export {
  audienceSchema,
  publishInputSchema,
  realtimeEventSchema,
  resourceSchema,
  type Audience,
  type EventResource,
  type PublishInput,
  type RealtimeEvent,
} from '../shared/realtime.js';
