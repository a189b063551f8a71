import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvironment } from './index.js';

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c.ATOM_PORT).toBe(5058);
    expect(c.ATOM_DATA_DIR).toBe('./data');
    expect(c.ATOM_DATABASE_URL).toBeUndefined();
    expect(c.ATOM_REDIS_URL).toBeUndefined();
    expect(c.ATOM_BODY_LIMIT_BYTES).toBe(1024 * 1024);
  });

  it('coerces and validates values', () => {
    const c = loadConfig({ ATOM_PORT: '8080', ATOM_TRUST_PROXY: 'yes', ATOM_CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(c.ATOM_PORT).toBe(8080);
    expect(c.ATOM_TRUST_PROXY).toBe(true);
    expect(c.ATOM_CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it.each([
    [{ ATOM_PORT: 'abc' }, 'ATOM_PORT', 'whole number'],
    [{ ATOM_PORT: '70000' }, 'ATOM_PORT', 'at most 65535'],
    [{ ATOM_DATABASE_URL: 'mysql://x' }, 'ATOM_DATABASE_URL', 'postgres://'],
    [{ ATOM_LOG_LEVEL: 'loud' }, 'ATOM_LOG_LEVEL', ''],
    [{ ATOM_TRUST_PROXY: 'maybe' }, 'ATOM_TRUST_PROXY', 'one of'],
  ])('rejects %o naming the variable', (env, variable, words) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.variable).toBe(variable);
    expect(e.message.startsWith(`config error: ${variable} `)).toBe(true);
    expect(e.message).toContain(words);
    expect(e.message.split('\n')).toHaveLength(1);
  });

  it('never repeats a password from a bad URL in the error line', () => {
    expect(() => loadConfig({ ATOM_REDIS_URL: 'http://user:hunter2@host' })).toThrow(ConfigError);
    try {
      loadConfig({ ATOM_REDIS_URL: 'http://user:hunter2@host' });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('reads .env but lets the real environment win, and treats empty as unset', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atom-env-'));
    const file = path.join(dir, '.env');
    writeFileSync(file, 'ATOM_PORT=6000\nATOM_LOG_LEVEL=debug\nATOM_DATA_DIR=/from/file\n');
    const env = readEnvironment({ ATOM_PORT: '7000', ATOM_DATA_DIR: '' }, file);
    const c = loadConfig(env);
    expect(c.ATOM_PORT).toBe(7000);
    expect(c.ATOM_LOG_LEVEL).toBe('debug');
    expect(c.ATOM_DATA_DIR).toBe('/from/file');
  });
});
