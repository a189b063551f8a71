// Minimal types for autocannon (it ships none): the parts bench/load and bench/workflows use.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  interface RequestSpec {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: RequestSpec[];
    title?: string;
  }
  interface Result {
    title?: string;
    requests: { total: number; average: number };
    /** Latency of answered requests in ms (HDR histogram percentiles). */
    latency: { average: number; p50: number; p90: number; p97_5: number; p99: number; max: number };
    '2xx': number;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
  }
  interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
  }
  function autocannon(options: Options): Instance;
  export default autocannon;
}
