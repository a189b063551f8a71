// `npm run check:deploy`: every static validation of the deployment files, without a container engine
// or a cluster. Also used by deploy/compose.sh and deploy/kubernetes.sh before they apply anything.
//   npx tsx deploy/check.ts [all|docker|compose|kubernetes|prometheus|grafana] [--env-file FILE] [--print]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { inlineSecrets, readEnvFile, renderCompose } from './checks/compose.js';
import { lintDockerfile } from './checks/dockerfile.js';
import { staleKubernetesFiles } from './kubernetes/render.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--env-file') ?? 'all';
const envFileArg = args.includes('--env-file') ? args[args.indexOf('--env-file') + 1] : undefined;

type Result = { ok: true; message: string } | { ok: false; message: string };
const results: { name: string; result: Result }[] = [];
const check = (name: string, fn: () => Result) => {
  if (only !== 'all' && !name.startsWith(only)) return;
  let result: Result;
  try {
    result = fn();
  } catch (err) {
    result = { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  results.push({ name, result });
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${name}: ${result.message}`);
};
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const redact = (text: string) => text.replace(/(\/\/[^:/@\s]*:)[^@\s]+@/g, '$1***@').replace(/^(\s*[A-Z_]*(PASSWORD|SECRET|KEYS?|TOKEN|AUTH)[A-Z_]*:\s*).+$/gm, '$1***');

check('docker: Dockerfile lint (dockerfile-utils + hadolint rules; hadolint itself is not installed here)', () => {
  const findings = lintDockerfile(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  return findings.length === 0 ? { ok: true, message: 'no findings' } : { ok: false, message: findings.map((f) => `line ${f.line} ${f.rule}: ${f.message}`).join('; ') };
});

check('compose: docker-compose.yml against the compose-spec schema', () => {
  // Without an .env, the example with stand-in secrets shows whether the file itself is valid.
  const envFile = envFileArg ?? path.join(root, '.env.example');
  const env = readEnvFile(envFile);
  if (!envFileArg) for (const k of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'ATOM_VAULT_KEYS']) env[k] ||= 'stand-in';
  const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
  const { config, errors } = renderCompose(text, env);
  const secrets = inlineSecrets(text);
  if (secrets.length) errors.push(`secrets written in the file: ${secrets.join(', ')}`);
  if (args.includes('--print')) console.log(redact(stringify(config, { lineWidth: 0 })));
  return errors.length ? { ok: false, message: errors.join('; ') } : { ok: true, message: `valid with ${path.relative(root, envFile)} (${Object.keys(config.services).length} services)` };
});

check('kubernetes: committed YAML matches the typed manifests', () => {
  const stale = staleKubernetesFiles();
  return stale.length ? { ok: false, message: `${stale.join(', ')} differ: run npx tsx deploy/kubernetes/render.ts` } : { ok: true, message: 'up to date (tsc type-checks the manifests in npm test)' };
});

check('kubernetes: manifests type-check against the Kubernetes API types (tsc, kubernetes-types)', () => {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'deploy/tsconfig.json')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: true, message: 'no type errors' };
});

check('kubernetes: kustomize build of the base', () => {
  if (!has('kubectl') && !has('kustomize')) return { ok: true, message: 'skipped: neither kubectl nor kustomize is installed' };
  const dir = mkdtempSync(path.join(tmpdir(), 'atom-kustomize-'));
  try {
    cpSync(path.join(root, 'deploy/kubernetes'), dir, { recursive: true });
    const secrets = path.join(root, 'deploy/kubernetes/secrets.env');
    if (!existsSync(secrets)) writeFileSync(path.join(dir, 'secrets.env'), readFileSync(path.join(root, 'deploy/kubernetes/secrets.env.example'), 'utf8'));
    const out = has('kustomize') ? execFileSync('kustomize', ['build', dir], { encoding: 'utf8' }) : execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    return { ok: true, message: `${(out.match(/^kind: /gm) ?? []).length} objects` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const promtool = (argv: string[]) => execFileSync('promtool', argv, { cwd: path.join(root, 'deploy/prometheus'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
check('prometheus: promtool check rules alerts.yml', () => {
  if (!has('promtool')) return { ok: false, message: 'promtool is not installed (Debian package prometheus)' };
  return { ok: true, message: promtool(['check', 'rules', 'alerts.yml']).trim().split('\n').at(-1)?.trim() ?? '' };
});
check('prometheus: promtool test rules alerts.test.yml', () => {
  if (!has('promtool')) return { ok: false, message: 'promtool is not installed (Debian package prometheus)' };
  promtool(['test', 'rules', 'alerts.test.yml']);
  return { ok: true, message: 'alerts fire as expected' };
});
check('prometheus: promtool check config prometheus.yml', () => {
  if (!has('promtool')) return { ok: false, message: 'promtool is not installed (Debian package prometheus)' };
  promtool(['check', 'config', 'prometheus.yml']);
  return { ok: true, message: 'valid' };
});

check('grafana: deploy/grafana/atom.json parses', () => {
  const d = JSON.parse(readFileSync(path.join(root, 'deploy/grafana/atom.json'), 'utf8')) as { panels: unknown[] };
  return { ok: true, message: `${d.panels.length} panels (PromQL is parsed by promtool in npm test)` };
});

const failed = results.filter((r) => !r.result.ok).length;
if (results.length === 0) {
  console.error(`unknown check ${only}: use all, docker, compose, kubernetes, prometheus or grafana`);
  process.exit(2);
}
console.log(`\ncheck:deploy: ${results.length - failed} ok, ${failed} failed`);
process.exit(failed ? 1 : 0);
