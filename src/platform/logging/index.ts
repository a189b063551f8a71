export { createLogger, loggerOptions, type Logger, type LoggerSettings } from './logger.js';
export { redactPaths } from './redact.js';
