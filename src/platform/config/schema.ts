import { z } from 'zod';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
    error: 'must be one of true, false, 1, 0, yes, no, on, off',
  })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const intFromEnv = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const listFromEnv = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

/**
 * Every environment variable Atom reads, with its default. docs/configuration.md mirrors this list
 * (a test keeps the two in step).
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ATOM_HOST: z.string().min(1).default('localhost'),
  ATOM_PORT: intFromEnv(0, 65535).default(5058),
  ATOM_PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://atom.example.com' }).optional(),
  ATOM_DATA_DIR: z.string().min(1).default('./data'),
  ATOM_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  ATOM_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a lower-case SQL identifier' })
    .optional(),
  ATOM_DATABASE_POOL_MAX: intFromEnv(1, 500).default(10),
  ATOM_SQLITE_BUSY_TIMEOUT_MS: intFromEnv(0, 600_000).default(5000),
  ATOM_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  ATOM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ATOM_LOG_PRETTY: z.enum(['auto', 'true', 'false']).default('auto'),
  ATOM_BODY_LIMIT_BYTES: intFromEnv(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  ATOM_UPLOAD_LIMIT_BYTES: intFromEnv(1024, 10 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
  ATOM_CORS_ORIGINS: listFromEnv.default([]),
  ATOM_TRUST_PROXY: boolFromEnv.default(false),
  ATOM_SHUTDOWN_GRACE_MS: intFromEnv(0, 600_000).default(10_000),
  ATOM_REQUEST_TIMEOUT_MS: intFromEnv(0, 3_600_000).default(120_000),
  ATOM_WEB_DIST: z.string().min(1).optional(),
  ATOM_METRICS: boolFromEnv.default(true),
  ATOM_MIGRATE_ON_START: boolFromEnv.default(true),
});

export type AtomConfig = z.infer<typeof configSchema>;
export type AtomConfigInput = z.input<typeof configSchema>;
