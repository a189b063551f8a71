import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(path.join(tmpdir(), 'atom-deploy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function script(file: string, args: string[]) {
  try {
    const r = await exec('bash', [path.join(root, file), ...args], { cwd: root, timeout: 240_000, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
}

describe('deploy scripts (--dry-run changes nothing and shows the plan)', { timeout: 300_000 }, () => {
  it('deploy/compose.sh validates the stack with the given .env and lists migrate-before-serve steps', async () => {
    const env = path.join(dir, 'prod.env');
    copyFileSync(path.join(root, '.env.example'), env);
    const filled = readFileSync(env, 'utf8').replace(/^POSTGRES_PASSWORD=$/m, 'POSTGRES_PASSWORD=s3cret-pg').replace(/^REDIS_PASSWORD=$/m, 'REDIS_PASSWORD=s3cret-redis');
    writeFileSync(env, filled);
    chmodSync(env, 0o600);
    const r = await script('deploy/compose.sh', ['--dry-run', '--env-file', env]);
    expect(r.err).not.toContain('readable by every user');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok {3}compose: docker-compose\.yml against the compose-spec schema: valid/m);
    expect(r.out).toMatch(/^ok {3}docker: Dockerfile lint/m);
    const steps = r.out.split('\n').filter((l) => l.startsWith('  + ')).map((l) => l.replace(`--env-file ${env} `, ''));
    expect(steps).toEqual([
      '  + docker compose build migrate',
      '  + docker compose up -d --wait postgres redis',
      '  + docker compose run --rm migrate',
      '  + docker compose up -d --wait api',
      '  + docker compose up -d --wait worker',
      '  + docker compose up -d --wait --remove-orphans proxy',
    ]);
    // Secrets are never echoed.
    expect(r.out + r.err).not.toContain('s3cret');

    const missing = await script('deploy/compose.sh', ['--dry-run', '--env-file', path.join(dir, 'none.env')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('none.env is missing: cp .env.example');
  });

  it('deploy/kubernetes.sh renders the base with the chosen image and orders migration before the rollout', async () => {
    const r = await script('deploy/kubernetes.sh', ['--dry-run', '-n', 'atom-prod', '--image', 'registry.example.com/atom:0.2.0']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok {3}kubernetes: manifests type-check against the Kubernetes API types/m);
    expect(r.out).toContain('  image: registry.example.com/atom:0.2.0');
    expect(r.out).not.toMatch(/image: atom:0\.1\.0/);
    for (const o of ['Deployment/atom-api', 'Deployment/atom-worker', 'Job/atom-migrate', 'HorizontalPodAutoscaler/atom-worker', 'NetworkPolicy/atom', 'Secret/atom-secrets']) expect(r.out).toContain(`  ${o}\n`);
    const steps = r.out.split('\n').filter((l) => l.startsWith('  + kubectl')).map((l) => l.replace(/-f \S+atom\.yaml/, '-f atom.yaml'));
    expect(steps).toEqual([
      '  + kubectl create namespace atom-prod --dry-run=client -o yaml | kubectl apply -f -',
      '  + kubectl -n atom-prod delete job atom-migrate --ignore-not-found --wait',
      '  + kubectl -n atom-prod apply -f atom.yaml -l app.kubernetes.io/component in (config,migrate)',
      '  + kubectl -n atom-prod wait --for=condition=complete job/atom-migrate --timeout=15m',
      '  + kubectl -n atom-prod apply -f atom.yaml',
      '  + kubectl -n atom-prod rollout status deployment/atom-api --timeout=10m',
      '  + kubectl -n atom-prod rollout status deployment/atom-worker --timeout=10m',
    ]);
  });
});
