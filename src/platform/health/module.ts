import type { AtomModule } from '../module.js';
import { healthRoutes } from './routes.js';

/** Liveness, readiness and metrics (/live, /ready, /metrics): the first routes src/app.ts registers. */
export const healthModule: AtomModule = {
  name: 'health',
  routes: (ctx) => [{ plugin: healthRoutes(ctx) }],
};
