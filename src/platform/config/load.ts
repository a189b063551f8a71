import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import type { z } from 'zod';
import { configSchema, type AtomConfig } from './schema.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`config error: ${variable} ${problem}`);
  }
}

/** Reads `.env` (if present) under the real environment: a variable already set always wins. */
export function readEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  dotenvPath = '.env',
): Record<string, string | undefined> {
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  // An empty variable means "not set" (common in compose files and shells).
  const set = (o: Record<string, string | undefined>) => Object.entries(o).filter(([, v]) => v !== undefined && v !== '');
  return { ...Object.fromEntries(set(fromFile)), ...Object.fromEntries(set(env)) };
}

/**
 * Validates the environment. Throws ConfigError naming the first bad variable and what is wrong with it,
 * so the process can stop with one clear line.
 */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment()): AtomConfig {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([k]) => k.startsWith('ATOM_') || k === 'NODE_ENV'),
  );
  const parsed = configSchema.safeParse(relevant);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const variable = String(issue.path[0] ?? 'configuration');
  const got = env[variable];
  const shown = got === undefined ? '' : ` (got ${JSON.stringify(redactIfSecret(variable, got))})`;
  throw new ConfigError(variable, `${issue.message}${shown}`);
}

function redactIfSecret(variable: string, value: string): string {
  if (/KEY|SECRET|PASSWORD|TOKEN/.test(variable)) return '***';
  // Connection URLs may carry a password.
  return value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
