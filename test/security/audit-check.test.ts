import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** scripts/check-audit.mjs on saved reports: unreviewed advisories fail, reviewed ones pass, no report is "not run". */
const dir = mkdtempSync(path.join(tmpdir(), 'atom-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = {
  vulnerabilities: {
    'left-pad': { name: 'left-pad', severity: 'high', via: [{ source: 1234, name: 'left-pad', title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-xxxx-yyyy-zzzz', severity: 'high', range: '<1.3.1' }] },
    tiny: { name: 'tiny', severity: 'low', via: [{ source: 99, name: 'tiny', title: 'Minor', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', severity: 'low' }] },
  },
  metadata: { vulnerabilities: { low: 1, moderate: 0, high: 1, critical: 0 } },
};

function check(reportJson: unknown, entries: unknown[]) {
  const reportFile = path.join(dir, `report-${Math.random()}.json`);
  const listFile = path.join(dir, `list-${Math.random()}.json`);
  writeFileSync(reportFile, typeof reportJson === 'string' ? reportJson : JSON.stringify(reportJson));
  writeFileSync(listFile, JSON.stringify({ entries }));
  const r = spawnSync('node', ['scripts/check-audit.mjs'], { encoding: 'utf8', env: { ...process.env, ATOM_AUDIT_REPORT: reportFile, ATOM_AUDIT_ALLOWLIST: listFile } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const reviewed = { package: 'left-pad', advisory: 'GHSA-xxxx-yyyy-zzzz', reason: 'only used by a dev-time script, never with user input', reviewedBy: 'security review', reviewedOn: '2026-11-26' };

describe('dependency audit check', () => {
  it('fails on an unreviewed high advisory and names it', () => {
    const r = check(report, []);
    expect(r.status).toBe(1);
    expect(r.out).toContain('left-pad');
    expect(r.out).toContain('GHSA-xxxx-yyyy-zzzz');
  });
  it('passes when the advisory is reviewed in the allow-list (low ones are only noted)', () => {
    const r = check(report, [reviewed]);
    expect(r.status).toBe(0);
    expect(r.out).toContain('allow-listed 1');
  });
  it('refuses allow-list entries without a reason', () => {
    expect(check(report, [{ ...reviewed, reason: '' }]).status).toBe(1);
  });
  it('reports stale allow-list entries', () => {
    const r = check({ vulnerabilities: {}, metadata: { vulnerabilities: {} } }, [reviewed]);
    expect(r.status).toBe(0);
    expect(r.out).toContain('no longer matches');
  });
  it('says loudly that the audit did not run when there is no report (exit 2, never a pass)', () => {
    const r = check({ message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk' }, []);
    expect(r.status).toBe(2);
    expect(r.out).toContain('DEPENDENCY AUDIT NOT RUN');
    expect(r.out).toContain('405');
  });
});
