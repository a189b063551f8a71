import { Counter, Histogram } from 'prom-client';
import type { AppContext } from '../../platform/index.js';

/** The engine's Prometheus metrics, shared by every engine of the process (a registry holds each name once). */
export function engineMetrics(ctx: AppContext) {
  const reg = ctx.metrics.registry;
  const existing = (name: string) => reg.getSingleMetric(name);
  return {
    started: (existing('atom_workflow_runs_started_total') as Counter<'trigger'>) ?? new Counter({ name: 'atom_workflow_runs_started_total', help: 'Workflow runs started', labelNames: ['trigger'], registers: [reg] }),
    finished: (existing('atom_workflow_runs_finished_total') as Counter<'status'>) ?? new Counter({ name: 'atom_workflow_runs_finished_total', help: 'Workflow runs finished', labelNames: ['status'], registers: [reg] }),
    execSeconds: (existing('atom_workflow_run_execution_seconds') as Histogram) ?? new Histogram({ name: 'atom_workflow_run_execution_seconds', help: 'Time a worker spent executing a run (one claim)', registers: [reg] }),
  };
}

export type EngineMetrics = ReturnType<typeof engineMetrics>;
