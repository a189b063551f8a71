export { configSchema, type AtomConfig, type AtomConfigInput } from './schema.js';
export { loadConfig, readEnvironment, ConfigError } from './load.js';
