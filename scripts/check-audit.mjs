// Dependency audit: `npm audit --omit=dev --json` checked against security/npm-audit-allowlist.json.
// Exit 0: no unreviewed moderate-or-worse advisory. Exit 1: at least one (listed below). Exit 2: the
// audit could not run (registry unreachable, or a mirror without the advisories endpoint) — said loudly,
// and counted as skipped by scripts/test.mjs, never as a pass. See docs/reliability.md ("Security checks").
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const allowlistFile = process.env.ATOM_AUDIT_ALLOWLIST ?? path.join(root, 'security/npm-audit-allowlist.json');
const allowlist = JSON.parse(readFileSync(allowlistFile, 'utf8')).entries ?? [];
// A reviewed exception says why: entries without a reason or a reviewer are refused outright.
const incomplete = allowlist.filter((e) => !e.package || !e.advisory || !e.reason || String(e.reason).length < 10 || !e.reviewedBy || !e.reviewedOn);
if (incomplete.length > 0) {
  console.error(`✘ allow-list entries without package, advisory, reason, reviewedBy and reviewedOn: ${incomplete.map((e) => e.package ?? '?').join(', ')}`);
  process.exit(1);
}
const failAt = new Set(['moderate', 'high', 'critical']);

// ATOM_AUDIT_REPORT=<file> checks a saved report instead (to test this script, or to review a CI artifact).
const saved = process.env.ATOM_AUDIT_REPORT;
const r = saved
  ? { stdout: readFileSync(saved, 'utf8'), stderr: '' }
  : spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(r.stdout || '{}');
} catch {
  report = {};
}

if (!report.vulnerabilities) {
  const why = report.message ?? report.error?.summary ?? (r.error ? String(r.error.message) : (r.stderr || '').trim().split('\n').pop()) ?? 'no report';
  console.error('⚠ DEPENDENCY AUDIT NOT RUN: npm audit could not get advisories from the registry.');
  console.error(`  reason: ${why}`);
  console.error('  This is not a pass: rerun `node scripts/check-audit.mjs` where the npm registry audit endpoint is reachable.');
  process.exit(2);
}

/** Advisory identifiers of one `via` entry: GHSA id from the URL, the URL itself, and npm's source id. */
const idsOf = (via) => [via.url, via.url?.split('/').pop(), via.source !== undefined ? String(via.source) : undefined].filter(Boolean);
const allowed = (pkg, via) => allowlist.find((e) => e.package === pkg && (e.advisory === '*' || idsOf(via).includes(String(e.advisory))));

const unreviewed = [];
const used = new Set();
for (const [pkg, v] of Object.entries(report.vulnerabilities)) {
  for (const via of v.via ?? []) {
    if (typeof via !== 'object') continue; // a transitive pointer; the advisory is reported on that package
    const entry = allowed(pkg, via);
    if (entry) {
      used.add(entry);
      continue;
    }
    if (failAt.has(via.severity)) unreviewed.push(`${via.severity.padEnd(8)} ${pkg} ${via.range ?? ''}: ${via.title} (${via.url})`);
    else console.log(`note: ${via.severity} ${pkg}: ${via.title} (${via.url})`);
  }
}
for (const e of allowlist) if (!used.has(e)) console.warn(`warning: allow-list entry no longer matches anything: ${e.package} ${e.advisory} — remove it`);

const counts = report.metadata?.vulnerabilities ?? {};
console.log(`npm audit (production dependencies): ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}; allow-listed ${used.size}`);
if (unreviewed.length > 0) {
  console.error(`✘ ${unreviewed.length} advisories are neither fixed nor reviewed in security/npm-audit-allowlist.json:`);
  for (const line of unreviewed) console.error(`  ${line}`);
  process.exit(1);
}
console.log('✔ no unreviewed moderate-or-worse advisories');
