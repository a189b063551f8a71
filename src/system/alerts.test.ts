import { describe, expect, it } from 'vitest';
import { systemStatus, type Alert } from './alerts.js';

const latency: Alert = { id: 'latency', severity: 'warning', message: 'p95 latency reached 900 ms (threshold 500 ms)' };
const errors: Alert = { id: 'error_rate', severity: 'critical', message: 'errors' };

describe('systemStatus', () => {
  it('stays healthy for a warning (one slow check) while every readiness check passes, as home says', () => {
    expect(systemStatus([{ ok: true }], [latency])).toBe('healthy');
  });
  it('is degraded for a critical alert and down when a readiness check fails', () => {
    expect(systemStatus([{ ok: true }], [latency, errors])).toBe('degraded');
    expect(systemStatus([{ ok: false }, { ok: true }], [])).toBe('down');
  });
});
