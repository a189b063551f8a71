import type { AtomConfig } from '../../platform/index.js';
import { nonRetryable } from '../actions/types.js';
import { CodeSyntaxError, compileCode } from './compile.js';
import { createCodeSandbox, type CodeSandbox } from './pool.js';
import type { CodeFailureKind, CodeLimits, CodeLogLine } from './quickjs.js';

export { createCodeSandbox, type CodeSandbox } from './pool.js';
export type { CodeLimits, CodeLogLine, CodeResult } from './quickjs.js';

export interface CodeSettings extends CodeLimits {
  workers: number;
}

/** The defaults of ATOM_WORKFLOW_CODE_* (src/platform/config/schema.ts). */
export const defaultCodeSettings: CodeSettings = { timeoutMs: 2000, memoryBytes: 64 * 1024 * 1024, maxOutputBytes: 1024 * 1024, maxLogBytes: 32 * 1024, workers: 2 };

/** The settings a process's configuration gives. */
export const codeSettingsFrom = (config: Pick<AtomConfig, 'ATOM_WORKFLOW_CODE_TIMEOUT_MS' | 'ATOM_WORKFLOW_CODE_MEMORY_MB' | 'ATOM_WORKFLOW_CODE_MAX_OUTPUT_BYTES' | 'ATOM_WORKFLOW_CODE_WORKERS'>): CodeSettings => ({
  timeoutMs: config.ATOM_WORKFLOW_CODE_TIMEOUT_MS,
  memoryBytes: config.ATOM_WORKFLOW_CODE_MEMORY_MB * 1024 * 1024,
  maxOutputBytes: config.ATOM_WORKFLOW_CODE_MAX_OUTPUT_BYTES,
  maxLogBytes: defaultCodeSettings.maxLogBytes,
  workers: config.ATOM_WORKFLOW_CODE_WORKERS,
});

// One pool per process (its worker threads are the process's), started on the first code step; the one module-level
// state left outside src/platform/ (a per-context pool would need the code action built per context).
let settings: CodeSettings = defaultCodeSettings;
let sandbox: CodeSandbox | undefined;

/** Sets the limits and pool size code steps of this process use (start-up; a changed pool size restarts the pool). */
export function configureCodeSteps(next: CodeSettings): void {
  if (sandbox && next.workers !== settings.workers) {
    void sandbox.close();
    sandbox = undefined;
  }
  settings = next;
}

export const codeStepSettings = (): CodeSettings => settings;

const errorCodes: Record<CodeFailureKind, string> = {
  timeout: 'workflows.code.timeout',
  memory: 'workflows.code.memory',
  output_too_large: 'workflows.code.output_too_large',
  error: 'workflows.code.error',
  not_json: 'workflows.code.not_json',
};

export interface CodeRun {
  output: unknown;
  logs: CodeLogLine[];
  droppedLogLines: number;
  durationMs: number;
}

/**
 * Runs a code step's code with `input` in the sandbox. Failures are non-retryable action errors with a
 * `workflows.code.*` code (the same code fails the same way again); console output comes back in both
 * cases, through `onLogs`, so a failing step's log still shows what it printed.
 *
 * @example
 * const { output } = await runCode('return input.items.filter((i) => i.price > 100)', { items });
 */
export async function runCode(code: string, input: unknown, options: { signal?: AbortSignal; onLogs?: (logs: CodeLogLine[], dropped: number) => void; sandbox?: CodeSandbox; limits?: Partial<CodeLimits> } = {}): Promise<CodeRun> {
  const limits: CodeLimits = { ...settings, ...options.limits };
  let compiled;
  try {
    compiled = await compileCode(code);
  } catch (err) {
    if (err instanceof CodeSyntaxError) throw nonRetryable('workflows.code.error', err.line ? `${err.message} (line ${err.line})` : err.message);
    throw err;
  }
  const inputJson = JSON.stringify(input ?? null);
  const pool = options.sandbox ?? (sandbox ??= createCodeSandbox({ workers: settings.workers }));
  const result = await pool.run(compiled.script, inputJson, limits, options.signal);
  options.onLogs?.(result.logs, result.droppedLogLines);
  if (result.ok) return { output: JSON.parse(result.json) as unknown, logs: result.logs, droppedLogLines: result.droppedLogLines, durationMs: result.durationMs };
  const line = result.at ? compiled.sourceLine(result.at.line, result.at.column) : undefined;
  throw nonRetryable(errorCodes[result.kind], line ? `${result.message} (line ${line})` : result.message);
}

/** Stops the process's code-step threads (tests, shutdown); the next code step starts them again. */
export async function closeCodeSteps(): Promise<void> {
  const s = sandbox;
  sandbox = undefined;
  await s?.close();
}
