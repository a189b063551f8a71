import type { AtomModule } from '../platform/index.js';
import { systemRoutes } from './routes.js';
export { systemRoutes, type SystemHealth } from './routes.js';
export { evaluateAlerts, type Alert, type AlertThresholds } from './alerts.js';
export { createTrafficSampler, type TrafficSample } from './http-sampler.js';

/** System health and alerts (/api/system) as src/app.ts composes them. */
export const systemModule: AtomModule = {
  name: 'system',
  routes: (ctx) => [{ plugin: systemRoutes(ctx), prefix: '/api/system' }],
};
