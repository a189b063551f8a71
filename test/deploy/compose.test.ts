import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inlineSecrets, readEnvFile, renderCompose } from '../../deploy/checks/compose.js';

const root = new URL('../../', import.meta.url);
const composeText = readFileSync(new URL('docker-compose.yml', root), 'utf8');
const caddyfile = readFileSync(new URL('deploy/compose/Caddyfile', root), 'utf8');
const example = readEnvFile(new URL('.env.example', root).pathname);
// What an operator fills in after copying .env.example.
const filled = { ...example, POSTGRES_PASSWORD: 'pw-from-env', REDIS_PASSWORD: 'redis-from-env', ATOM_VAULT_KEYS: 'k' };

describe('docker-compose.yml', () => {
  const { config, errors } = renderCompose(composeText, filled);
  const services = config.services;

  it('validates against the compose-spec JSON schema once .env is filled in', () => {
    expect(errors).toEqual([]);
    expect(Object.keys(services).sort()).toEqual(['api', 'migrate', 'postgres', 'proxy', 'redis', 'worker']);
  });

  it('refuses to render with the blank passwords of .env.example, naming them', () => {
    const blank = renderCompose(composeText, example).errors.join('\n');
    expect(blank).toContain('POSTGRES_PASSWORD');
    expect(blank).toContain('REDIS_PASSWORD');
  });

  it('runs 2 API replicas and 2 workers from one image, behind the proxy, migrated first', () => {
    expect(services['api']?.deploy?.replicas).toBe(2);
    expect(services['worker']?.deploy?.replicas).toBe(2);
    expect(services['api']?.command).toEqual(['serve']);
    expect(services['worker']?.command).toEqual(['worker']);
    expect(services['migrate']?.command).toEqual(['migrate']);
    const images = new Set(['api', 'worker', 'migrate'].map((s) => services[s]?.image));
    expect(images).toEqual(new Set(['atom:0.1.0']));
    for (const s of ['api', 'worker']) {
      expect(services[s]?.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      expect(services[s]?.environment?.['ATOM_MIGRATE_ON_START']).toBe('false');
      expect(services[s]?.environment?.['ATOM_DATABASE_URL']).toBe('postgres://atom:pw-from-env@postgres:5432/atom');
      expect(services[s]?.environment?.['ATOM_REDIS_URL']).toBe('redis://:redis-from-env@redis:6379');
      expect(services[s]?.read_only).toBe(true);
      expect(services[s]?.volumes).toEqual(['atom-data:/data']);
      expect(services[s]?.deploy?.resources?.limits).toBeDefined();
    }
    expect(services['proxy']?.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    // Only the proxy publishes ports.
    for (const [name, s] of Object.entries(services)) if (name !== 'proxy') expect(s.ports, name).toBeUndefined();
  });

  it('has health checks and restart policies on every long-running service, and named volumes', () => {
    for (const name of ['proxy', 'api', 'worker', 'postgres', 'redis']) {
      expect(services[name]?.healthcheck?.test, name).toBeDefined();
      expect(services[name]?.restart, name).toBe('unless-stopped');
    }
    expect(services['migrate']?.restart).toBe('no');
    expect(JSON.stringify(services['api']?.healthcheck?.test)).toContain('/ready');
    expect(JSON.stringify(services['worker']?.healthcheck?.test)).toContain('doctor');
    expect(Object.keys(config.volumes ?? {})).toEqual(expect.arrayContaining(['atom-data', 'postgres-data', 'redis-data', 'caddy-data']));
    expect(services['postgres']?.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(services['redis']?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
  });

  it('keeps secrets out of the file: they come from .env', () => {
    expect(inlineSecrets(composeText)).toEqual([]);
    expect(composeText).not.toContain('pw-from-env');
    const leaky = composeText.replace('POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}', 'POSTGRES_PASSWORD: hunter2');
    expect(inlineSecrets(leaky)).toEqual(['postgres.POSTGRES_PASSWORD']);
    expect(inlineSecrets(composeText.replace('postgres://atom:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@', 'postgres://atom:hunter2@'))).toContain(
      'api.ATOM_DATABASE_URL (password in URL)',
    );
    // .env.example ships no secret values.
    for (const key of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'ATOM_VAULT_KEYS']) expect(example[key]).toBe('');
  });

  it('documents every variable the compose file needs in .env.example', () => {
    const referenced = new Set([...composeText.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]));
    for (const name of referenced) expect(Object.keys(example), name).toContain(name);
  });

  it('the schema check catches a malformed file', () => {
    const bad = renderCompose(composeText.replace('replicas: 2', 'replicas: two').replace('restart: "no"', 'restrat: "no"'), filled);
    expect(bad.errors.some((e) => e.includes('/services/api/deploy/replicas'))).toBe(true);
    expect(bad.errors.some((e) => e.includes('restrat'))).toBe(true);
  });

  it('the Caddyfile balances every API replica with retries, and serves TLS for ATOM_DOMAIN', () => {
    expect(caddyfile).toMatch(/^\{\$ATOM_DOMAIN\} \{$/m);
    // The compose service name and port, overridable only for running the same file outside compose.
    expect(caddyfile).toMatch(/dynamic a \{\s+name \{\$PROXY_UPSTREAM_HOST:api\}\s+port \{\$PROXY_UPSTREAM_PORT:5058\}/);
    expect(caddyfile).toContain('lb_policy round_robin');
    expect(caddyfile).toContain('lb_try_duration 5s');
    expect(caddyfile).toMatch(/@metrics path \/metrics\s+respond @metrics 404/);
    // Balanced braces: a Caddyfile that does not parse would stop the proxy.
    const blocks = caddyfile.replace(/\{\$[A-Z_]+(:[^}]*)?\}/g, 'X').replace(/#.*$/gm, '');
    expect(blocks.split('{').length).toBe(blocks.split('}').length);
  });
});
