export { systemRoutes, type SystemHealth } from './routes.js';
export { evaluateAlerts, type Alert, type AlertThresholds } from './alerts.js';
export { createTrafficSampler, type TrafficSample } from './http-sampler.js';
