import type { CodeLimits, CodeLogLine } from './quickjs.js';

// A leaf: workflows/actions/types.ts names CodeSteps (ActionContext.runCode) while code/index.ts imports
// nonRetryable from it, so the shared shapes live here (no import cycle).

export interface CodeSettings extends CodeLimits {
  workers: number;
}

export interface CodeRun {
  output: unknown;
  logs: CodeLogLine[];
  droppedLogLines: number;
  durationMs: number;
}

export interface RunCodeOptions {
  signal?: AbortSignal;
  /** Console output, on success and failure alike (a failing step's log still shows what it printed). */
  onLogs?: (logs: CodeLogLine[], dropped: number) => void;
}

/** Code steps as one app context runs them: its limits and its own pool of worker threads. */
export interface CodeSteps {
  readonly settings: CodeSettings;
  run(code: string, input: unknown, options?: RunCodeOptions): Promise<CodeRun>;
  /** Stops the threads (shutdown, tests); the next code step starts them again. */
  close(): Promise<void>;
}
