export { createContext, type AppContext, type CreateContextOptions } from './context.js';
export { loadConfig, readEnvironment, ConfigError, configSchema, type AtomConfig } from './config/index.js';
export { AppError, errors, isAppError, type FieldError } from './errors/index.js';
export { newId, nowIso } from './ids/index.js';
export type { Logger } from './logging/index.js';
export { migrateToLatest, migrationStatus, parseJsonColumn, type Database, type DatabaseHandle } from './db/index.js';
export type { ReadinessCheck } from './health/readiness.js';
