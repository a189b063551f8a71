import type { TrafficSample } from './http-sampler.js';

export interface AlertThresholds {
  errorRate: number;
  latencyP95Ms: number;
  rssBytes: number;
}

export interface Alert {
  id: 'dependency_down' | 'error_rate' | 'latency' | 'memory';
  severity: 'critical' | 'warning';
  message: string;
}

/** Turns the current figures into the alerts an admin should see, worded for people. */
export function evaluateAlerts(input: {
  thresholds: AlertThresholds;
  failedChecks: { name: string; error?: string }[];
  recent: readonly TrafficSample[];
  rssBytes: number;
}): Alert[] {
  const alerts: Alert[] = [];
  for (const c of input.failedChecks) {
    alerts.push({ id: 'dependency_down', severity: 'critical', message: `${c.name} is failing: ${c.error ?? 'no answer'}` });
  }
  const requests = input.recent.reduce((s, r) => s + r.requests, 0);
  const errors = input.recent.reduce((s, r) => s + r.serverErrors, 0);
  if (requests >= 20 && errors / requests > input.thresholds.errorRate) {
    alerts.push({
      id: 'error_rate',
      severity: 'critical',
      message: `${((errors / requests) * 100).toFixed(1)}% of recent requests failed on the server (threshold ${(input.thresholds.errorRate * 100).toFixed(1)}%)`,
    });
  }
  const p95s = input.recent.map((r) => r.p95Ms).filter((v): v is number => v !== null);
  const worst = p95s.length ? Math.max(...p95s) : 0;
  if (worst > input.thresholds.latencyP95Ms) {
    alerts.push({ id: 'latency', severity: 'warning', message: `p95 latency reached ${worst} ms (threshold ${input.thresholds.latencyP95Ms} ms)` });
  }
  if (input.rssBytes > input.thresholds.rssBytes) {
    alerts.push({
      id: 'memory',
      severity: 'warning',
      message: `the server uses ${Math.round(input.rssBytes / 1048576)} MiB of memory (threshold ${Math.round(input.thresholds.rssBytes / 1048576)} MiB)`,
    });
  }
  return alerts;
}

/**
 * The one status rule: down when a readiness check fails (what the home page's "ready" also reads),
 * degraded only for a critical alert; a warning (one slow sample, memory creeping up) is shown as an
 * alert but does not turn a ready server "degraded" while home says it is ready.
 */
export function systemStatus(checks: { ok: boolean }[], alerts: Alert[]): 'healthy' | 'degraded' | 'down' {
  if (checks.some((c) => !c.ok)) return 'down';
  return alerts.some((a) => a.severity === 'critical') ? 'degraded' : 'healthy';
}
