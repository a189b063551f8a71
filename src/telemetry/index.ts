export { telemetryRoutes } from './routes.js';
