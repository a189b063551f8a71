import type { Histogram } from 'prom-client';

/** One sampling interval of HTTP traffic, derived from the request-duration histogram. */
export interface TrafficSample {
  at: string;
  requests: number;
  serverErrors: number;
  clientErrors: number;
  /** Estimated from histogram buckets (upper bound of the bucket holding the percentile). */
  p50Ms: number | null;
  p95Ms: number | null;
}

interface Totals {
  count: number;
  serverErrors: number;
  clientErrors: number;
  /** Cumulative bucket counts by upper bound (seconds), all routes summed. */
  buckets: Map<number, number>;
}

async function readTotals(histogram: Histogram<string>): Promise<Totals> {
  const { values } = await histogram.get();
  const totals: Totals = { count: 0, serverErrors: 0, clientErrors: 0, buckets: new Map() };
  for (const v of values) {
    const status = Number(v.labels['status_code'] ?? 0);
    if (v.metricName?.endsWith('_count')) {
      totals.count += v.value;
      if (status >= 500) totals.serverErrors += v.value;
      else if (status >= 400) totals.clientErrors += v.value;
    } else if (v.metricName?.endsWith('_bucket')) {
      const le = v.labels['le'];
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      totals.buckets.set(bound, (totals.buckets.get(bound) ?? 0) + v.value);
    }
  }
  return totals;
}

function percentileMs(deltaBuckets: [number, number][], total: number, q: number): number | null {
  if (total === 0) return null;
  const target = total * q;
  for (const [bound, cumulative] of deltaBuckets) {
    if (cumulative >= target) return Number.isFinite(bound) ? Math.round(bound * 1000) : null;
  }
  return null;
}

/**
 * Samples the HTTP histogram on an interval and keeps a short history (rate, errors, latency) for the
 * health dashboard — the same figures Prometheus would compute, available without a Prometheus server.
 */
export function createTrafficSampler(histogram: Histogram<string>, options: { intervalMs: number; keep: number }) {
  const history: TrafficSample[] = [];
  let previous: Totals | undefined;
  let timer: NodeJS.Timeout | undefined;

  const sample = async () => {
    const now = await readTotals(histogram);
    if (previous) {
      const prev = previous;
      const deltas = [...now.buckets.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([bound, c]) => [bound, c - (prev.buckets.get(bound) ?? 0)] as [number, number]);
      const requests = now.count - prev.count;
      history.push({
        at: new Date().toISOString(),
        requests,
        serverErrors: now.serverErrors - prev.serverErrors,
        clientErrors: now.clientErrors - prev.clientErrors,
        p50Ms: percentileMs(deltas, requests, 0.5),
        p95Ms: percentileMs(deltas, requests, 0.95),
      });
      if (history.length > options.keep) history.shift();
    }
    previous = now;
  };

  return {
    start() {
      void sample();
      timer = setInterval(() => void sample(), options.intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
    /** Takes a sample now (tests, and the first dashboard load). */
    sample,
    history: (): readonly TrafficSample[] => history,
  };
}

export type TrafficSampler = ReturnType<typeof createTrafficSampler>;
