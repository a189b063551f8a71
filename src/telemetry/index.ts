import type { AtomModule } from '../platform/index.js';
import { telemetryRoutes } from './routes.js';
export { telemetryRoutes } from './routes.js';

/** Browser telemetry (/api/telemetry) as src/app.ts composes it. */
export const telemetryModule: AtomModule = {
  name: 'telemetry',
  routes: (ctx) => [{ plugin: telemetryRoutes(ctx), prefix: '/api/telemetry' }],
};
