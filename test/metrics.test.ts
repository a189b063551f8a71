import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './support/context.js';

const run = promisify(execFile);

describe('/metrics', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.cleanup());

  it('exports process, HTTP and DB metrics in the Prometheus text format', async () => {
    await t.app.inject({ method: 'GET', url: '/health' });
    await t.app.inject({ method: 'GET', url: '/ready' });
    await t.app.inject({ method: 'GET', url: '/api/unknown' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('process_cpu_seconds_total');
    expect(res.body).toMatch(/atom_http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} 1/);
    // Unknown URLs share one label value, so scanners cannot blow up the series count.
    expect(res.body).toMatch(/route="unmatched",status_code="404"/);
    expect(res.body).toContain('atom_db_query_duration_seconds_bucket');
  });

  it('passes promtool check metrics', async () => {
    await t.app.inject({ method: 'GET', url: '/health' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    const child = run('promtool', ['check', 'metrics']);
    child.child.stdin?.end(res.body);
    const { stdout, stderr } = await child.catch((e: { stdout: string; stderr: string; code: number }) => {
      throw new Error(`promtool check metrics failed (exit ${e.code}): ${e.stdout}${e.stderr}`);
    });
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });
});
