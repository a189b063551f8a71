import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../platform/worker-thread.js';
import type { CodeLimits, CodeResult } from './quickjs.js';
import type { CodeJobMessage, CodeReplyMessage } from './worker.js';

export interface CodeSandboxOptions {
  /** Worker threads at most; calls beyond them wait in line. */
  workers: number;
  /** An idle worker is stopped after this long, giving its memory back. */
  idleMs?: number;
  /**
   * How long past a call's time limit the pool waits before it stops the worker itself (the interrupt
   * handler inside QuickJS normally ends the call at its limit; this covers a call stuck in native code).
   */
  graceMs?: number;
}

/** Runs compiled code steps in a small, bounded pool of worker threads, so the event loop never waits on one. */
export interface CodeSandbox {
  run(script: string, inputJson: string, limits: CodeLimits, signal?: AbortSignal): Promise<CodeResult>;
  /** Calls running or waiting now (for tests and metrics). */
  readonly busy: number;
  close(): Promise<void>;
}

interface Job {
  script: string;
  inputJson: string;
  limits: CodeLimits;
  signal: AbortSignal | undefined;
  resolve(r: CodeResult): void;
  reject(err: unknown): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job?: { id: number; job: Job; watchdog?: NodeJS.Timeout | undefined; onAbort: () => void } | undefined;
  idle?: NodeJS.Timeout | undefined;
  dead: boolean;
}

const failed = (kind: Extract<CodeResult, { ok: false }>['kind'], message: string): CodeResult => ({ ok: false, kind, message, logs: [], droppedLogLines: 0, durationMs: 0 });

/** The worker module (worker.ts), in its own thread. */
function startWorker(): Worker {
  // A larger native stack than QuickJS's own limit: deep recursion ends in QuickJS with a catchable
  // error instead of overflowing the thread's stack inside WebAssembly. The WebAssembly memory itself is
  // bounded by QuickJS's memory limit; the worker's JS heap only holds messages.
  const resourceLimits = { stackSizeMb: 8, maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };
  return startModuleWorker(import.meta.url, 'worker', { resourceLimits });
}

/**
 * A pool of at most `workers` threads, started on demand. Each call gets the next free thread; a call that
 * outlives its limit plus `graceMs`, is cancelled, or crashes its thread has that thread terminated and
 * replaced, so one bad script never holds a thread.
 */
export function createCodeSandbox(options: CodeSandboxOptions): CodeSandbox {
  const idleMs = options.idleMs ?? 60_000;
  const graceMs = options.graceMs ?? 1000;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const worker = startWorker();
    worker.unref();
    const slot: Slot = { worker, dead: false, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: unknown) => {
        if (m && typeof m === 'object' && 'ready' in m) {
          worker.off('message', onReady);
          resolve();
        }
      };
      worker.on('message', onReady);
      worker.once('error', reject);
      worker.once('exit', () => reject(new Error('the code-step worker exited while starting')));
    });
    slot.ready.catch(() => undefined);
    worker.on('message', (m: CodeReplyMessage | { ready: true }) => {
      if (!('id' in m) || slot.job?.id !== m.id) return;
      finish(slot, m.result);
      if (m.broken) retire(slot);
      else pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const kind = err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'error';
      retire(slot, failed(kind, kind === 'memory' ? 'The code used more memory than its worker may.' : `The sandbox stopped: ${err.message}`));
    });
    worker.on('exit', () => retire(slot, failed('error', 'The sandbox stopped unexpectedly.')));
    slots.push(slot);
    return slot;
  };

  /** Ends the slot's current call with `result` (if any) and frees the slot. */
  const finish = (slot: Slot, result: CodeResult) => {
    const current = slot.job;
    if (!current) return;
    slot.job = undefined;
    clearTimeout(current.watchdog);
    current.job.signal?.removeEventListener('abort', current.onAbort);
    if (!slot.dead) {
      slot.worker.unref();
      slot.idle = setTimeout(() => retire(slot), idleMs);
      slot.idle.unref();
    }
    current.job.resolve(result);
  };

  /** Stops a slot's thread for good (a stuck, crashed or idle worker); the next call starts a new one. */
  const retire = (slot: Slot, result?: CodeResult) => {
    if (slot.dead) return;
    slot.dead = true;
    clearTimeout(slot.idle);
    slots.splice(slots.indexOf(slot), 1);
    if (result) finish(slot, result);
    else if (slot.job) finish(slot, failed('error', 'The sandbox stopped.'));
    void slot.worker.terminate();
    pump();
  };

  const dispatch = (slot: Slot, job: Job) => {
    clearTimeout(slot.idle);
    const id = nextId++;
    // Cancelled (run cancelled, step timeout): the thread may be deep in the script, so it is replaced.
    const onAbort = () => {
      if (slot.job?.id !== id) return;
      clearTimeout(slot.job.watchdog);
      slot.job = undefined;
      retire(slot);
      job.reject(job.signal?.reason ?? new Error('aborted'));
    };
    slot.job = { id, job, onAbort };
    job.signal?.addEventListener('abort', onAbort, { once: true });
    slot.worker.ref();
    slot.ready.then(
      () => {
        if (slot.job?.id !== id || slot.dead) return;
        // Started once the worker is ready, so a slow thread start does not count against the code.
        slot.job.watchdog = setTimeout(() => retire(slot, failed('timeout', `The code ran longer than ${job.limits.timeoutMs} ms (ATOM_WORKFLOW_CODE_TIMEOUT_MS).`)), job.limits.timeoutMs + graceMs);
        const message: CodeJobMessage = { id, script: job.script, inputJson: job.inputJson, limits: job.limits };
        slot.worker.postMessage(message);
      },
      (err: unknown) => retire(slot, failed('error', `The sandbox could not start: ${err instanceof Error ? err.message : String(err)}`)),
    );
  };

  const pump = () => {
    while (queue.length > 0 && !closed) {
      const free = slots.find((s) => !s.job && !s.dead) ?? (slots.length < options.workers ? spawn() : undefined);
      if (!free) return;
      const job = queue.shift();
      if (job) dispatch(free, job);
    }
  };

  return {
    get busy() {
      return queue.length + slots.filter((s) => s.job).length;
    },
    run(script, inputJson, limits, signal) {
      if (closed) return Promise.resolve(failed('error', 'The code sandbox is closed.'));
      return new Promise<CodeResult>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const job: Job = { script, inputJson, limits, signal, resolve, reject };
        queue.push(job);
        // Waiting in line can be cancelled too.
        signal?.addEventListener(
          'abort',
          () => {
            const i = queue.indexOf(job);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(signal.reason);
            }
          },
          { once: true },
        );
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve(failed('error', 'The code sandbox is closed.'));
      await Promise.all([...slots].map(async (s) => {
        retire(s);
        await s.worker.terminate();
      }));
    },
  };
}
