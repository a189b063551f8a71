// `npm test`: install what is missing, make sure services and tools are there, build what changed (the
// same up-to-date check as `npm start`: scripts/up-to-date.mjs), then typecheck, lint, and run every test
// (unit, integration on SQLite and PostgreSQL, queue mode on Redis, browser end-to-end). Writes
// .tmp/test-summary.json, which .ci/run turns into its closing line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generateIntegrations } from './gen-integrations.mjs';
import { buildServer, buildWeb, ensureInstalled, root, run } from './lib.mjs';

const extraArgs = process.argv.slice(2);
ensureInstalled();
run('bash', ['scripts/ensure-services.sh']);
// The service list is generated from src/integrations/<service>/ folders (not committed): before the build and typecheck.
generateIntegrations();
buildServer();
buildWeb();

const checks = [];
const check = (name, cmd, args) => {
  console.log(`\n▶ ${name}`);
  const ok = run(cmd, args);
  checks.push({ name, ok });
  if (!ok) console.error(`✘ ${name} failed`);
};

check('typecheck (server, tests)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
check('typecheck (web app)', 'npx', ['tsc', '-p', 'web/tsconfig.json', '--noEmit']);
// eslint, then the import-cycle check (dependency-cruiser, .dependency-cruiser.cjs): `npm run lint`.
check('lint', 'npm', ['run', '--silent', 'lint']);
if (existsSync(path.join(root, 'scripts/check-bundle.mjs'))) check('web bundle budget', 'node', ['scripts/check-bundle.mjs']);
check('smoke test on Node 24 (the image\'s Node)', 'node', ['scripts/smoke-node24.mjs']);
// Dependency audit: exit 2 means the registry's audit endpoint could not be reached — a skip, said so.
console.log('\n▶ dependency audit (npm audit --omit=dev vs security/npm-audit-allowlist.json)');
const audit = spawnSync('node', ['scripts/check-audit.mjs'], { cwd: root, stdio: 'inherit' });
const auditSkipped = audit.status === 2;
if (!auditSkipped) checks.push({ name: 'dependency audit', ok: audit.status === 0 });

const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const report = path.join(tmp, 'vitest.json');
rmSync(report, { force: true });
console.log('\n▶ tests (vitest)');
const testsOk = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  // Failed tests, plus each test file that failed without a failing test (it did not load, or a hook
  // threw); numFailedTestSuites would also count every describe block around a failing test.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  failed = (r.numFailedTests ?? 0) + brokenFiles;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
} else {
  failed += 1;
}
if (!testsOk && failed === 0) failed = 1; // the runner failed without a failing test (e.g. a crash)

const checksFailed = checks.filter((c) => !c.ok).length;
const summary = { passed: passed + checks.length - checksFailed, failed: failed + checksFailed, skipped: skipped + (auditSkipped ? 1 : 0), checks, ...(auditSkipped ? { notRun: ['dependency audit: registry audit endpoint unreachable'] } : {}) };
writeFileSync(path.join(tmp, 'test-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\nchecks: ${checks.map((c) => `${c.name} ${c.ok ? 'ok' : 'FAILED'}`).join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (auditSkipped) console.log('⚠ dependency audit NOT RUN (registry audit endpoint unreachable): counted as skipped');
process.exit(summary.failed === 0 && testsOk ? 0 : 1);
