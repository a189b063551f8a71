import type { AtomModule } from '../platform/index.js';
import { analyticsRoutes } from './routes.js';
export { analyticsRoutes } from './routes.js';
export { usageReport, usageCsv, type UsageReport, type UsageRange } from './usage-report.js';

/** Usage analytics (/api/analytics) as src/app.ts composes them. */
export const analyticsModule: AtomModule = {
  name: 'analytics',
  routes: (ctx) => [{ plugin: analyticsRoutes(ctx), prefix: '/api/analytics' }],
};
