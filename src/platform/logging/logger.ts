import { pino, type Logger, type LoggerOptions } from 'pino';
import type { AtomConfig } from '../config/index.js';
import { redactPaths } from './redact.js';

export type { Logger };

export interface LoggerSettings {
  level: AtomConfig['ATOM_LOG_LEVEL'];
  pretty: AtomConfig['ATOM_LOG_PRETTY'];
  /** Where lines go; tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

export function loggerOptions(level: LoggerSettings['level']): LoggerOptions {
  return {
    level,
    base: { service: 'atom' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      err: pino.stdSerializers.err,
    },
  };
}

/** JSON lines by default; pretty output when a terminal is attached (or asked for). */
export function createLogger(settings: LoggerSettings): Logger {
  const options = loggerOptions(settings.level);
  if (settings.destination) return pino(options, settings.destination as pino.DestinationStream);
  const pretty = settings.pretty === 'true' || (settings.pretty === 'auto' && process.stdout.isTTY === true);
  if (pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(options);
}
