import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createMetrics } from '../../src/platform/metrics/index.js';

const exec = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const prometheusDir = path.join(root, 'deploy/prometheus');

async function promtool(args: string[], cwd = prometheusDir) {
  try {
    const r = await exec('promtool', args, { cwd });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(readFileSync(path.join(root, 'deploy/grafana/atom.json'), 'utf8')) as { uid: string; title: string; panels: Panel[]; templating: { list: { name: string }[] } };
const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

/** Every atom_* metric some module of src/ registers, found in the sources. */
function registeredAtomMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const p = path.join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/name: '(atom_[a-z0-9_]+)'/g)) names.add(m[1] as string);
      }
    }
  };
  walk(path.join(root, 'src'));
  return names;
}
const baseName = (m: string) => m.replace(/_(bucket|count|sum)$/, '');
const atomMetricsIn = (text: string) => new Set([...text.matchAll(/\b(atom_[a-z0-9_]+)\b/g)].map((m) => baseName(m[1] as string)));

describe('Prometheus alert rules', () => {
  it('pass promtool check rules', async () => {
    const r = await promtool(['check', 'rules', 'alerts.yml']);
    expect(r.out).toContain('SUCCESS: 17 rules found');
    expect(r.code).toBe(0);
  });

  it('fire when they should and stay quiet otherwise (promtool test rules)', async () => {
    const r = await promtool(['test', 'rules', 'alerts.test.yml']);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('cover error rate, queue backlog, failing connections, disk usage and instance down', () => {
    const alerts = readFileSync(path.join(prometheusDir, 'alerts.yml'), 'utf8');
    for (const name of ['AtomHighErrorRate', 'AtomQueueBacklog', 'AtomConnectionsFailing', 'AtomDiskAlmostFull', 'AtomInstanceDown']) {
      expect(alerts).toContain(`alert: ${name}\n`);
    }
  });

  it('the example scrape configuration is valid and loads the rules', async () => {
    const r = await promtool(['check', 'config', 'prometheus.yml']);
    expect(r.out).toContain('SUCCESS: 1 rule files found');
    expect(r.code).toBe(0);
  });
});

describe('Grafana dashboard', () => {
  it('is a dashboard with a data source variable and valid PromQL in every panel', async () => {
    expect(dashboard.uid).toBe('atom-overview');
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'instance']);
    expect(exprs.length).toBeGreaterThan(40);
    // promtool parses every expression (as recording rules), with Grafana's variables filled in.
    const rules = exprs.map((expr, i) => ({ record: `atom_dashboard:panel_${i}`, expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.*') }));
    const dir = mkdtempSync(path.join(tmpdir(), 'atom-dash-'));
    writeFileSync(path.join(dir, 'dashboard-rules.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
    const r = await promtool(['check', 'rules', 'dashboard-rules.yml'], dir);
    rmSync(dir, { recursive: true, force: true });
    expect(r.out).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('charts the platform and domain metrics, and only metrics that exist', async () => {
    const registered = registeredAtomMetrics();
    const used = atomMetricsIn(exprs.join('\n'));
    for (const m of used) expect(registered, `${m} is charted but no code registers it`).toContain(m);
    const alertsUse = atomMetricsIn(readFileSync(path.join(prometheusDir, 'alerts.yml'), 'utf8'));
    for (const m of alertsUse) expect(registered, `${m} is alerted on but no code registers it`).toContain(m);
    for (const m of [
      'atom_http_request_duration_seconds',
      'atom_db_query_duration_seconds',
      'atom_db_query_errors_total',
      'atom_workflow_runs_finished_total',
      'atom_integration_calls_total',
      'atom_memory_search_duration_seconds',
      'atom_ai_calls_total',
      'atom_auth_sign_ins_total',
    ]) {
      expect(used).toContain(m);
    }
    // The process metrics the dashboard shows are the ones the app's registry really exports.
    const exported = await createMetrics().registry.metrics();
    for (const m of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_gc_duration_seconds', 'process_open_fds']) {
      expect(exprs.join('\n')).toContain(m);
      expect(exported).toMatch(new RegExp(`^# TYPE ${m} `, 'm'));
    }
  });
});
