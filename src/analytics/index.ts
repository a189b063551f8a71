export { analyticsRoutes } from './routes.js';
export { usageReport, usageCsv, type UsageReport, type UsageRange } from './usage-report.js';
