import { perContext, type AppContext, type AtomConfig } from '../../platform/index.js';
import { nonRetryable } from '../actions/types.js';
import { CodeSyntaxError, compileCode } from './compile.js';
import { createCodeSandbox, type CodeSandbox } from './pool.js';
import type { CodeFailureKind, CodeLimits } from './quickjs.js';
import type { CodeRun, CodeSettings, CodeSteps, RunCodeOptions } from './types.js';

export { createCodeSandbox, type CodeSandbox } from './pool.js';
export type { CodeLimits, CodeLogLine, CodeResult } from './quickjs.js';
export type { CodeRun, CodeSettings, CodeSteps, RunCodeOptions } from './types.js';

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

const errorCodes: Record<CodeFailureKind, string> = {
  timeout: 'workflows.code.timeout',
  memory: 'workflows.code.memory',
  output_too_large: 'workflows.code.output_too_large',
  error: 'workflows.code.error',
  not_json: 'workflows.code.not_json',
};

/**
 * Runs a code step's code with `input` in `sandbox` under `limits`. Failures are non-retryable action errors
 * with a `workflows.code.*` code (the same code fails the same way again); console output comes back in
 * both cases, through `onLogs`.
 *
 * @example
 * const { output } = await runCode('return input.items.filter((i) => i.price > 100)', { items }, { sandbox, limits });
 */
export async function runCode(code: string, input: unknown, options: RunCodeOptions & { sandbox: CodeSandbox; limits: CodeLimits }): Promise<CodeRun> {
  let compiled;
  try {
    compiled = await compileCode(code);
  } catch (err) {
    if (err instanceof CodeSyntaxError) throw nonRetryable('workflows.code.error', err.line ? `${err.message} (line ${err.line})` : err.message);
    throw err;
  }
  const inputJson = JSON.stringify(input ?? null);
  const result = await options.sandbox.run(compiled.script, inputJson, options.limits, options.signal);
  options.onLogs?.(result.logs, result.droppedLogLines);
  if (result.ok) return { output: JSON.parse(result.json) as unknown, logs: result.logs, droppedLogLines: result.droppedLogLines, durationMs: result.durationMs };
  const line = result.at ? compiled.sourceLine(result.at.line, result.at.column) : undefined;
  throw nonRetryable(errorCodes[result.kind], line ? `${result.message} (line ${line})` : result.message);
}

/**
 * Code steps under `settings`, with a pool of `settings.workers` threads started on the first step.
 *
 * @example
 * const steps = createCodeSteps({ ...defaultCodeSettings, timeoutMs: 500 });
 * await steps.run('return input * 2', 21); // { output: 42, ... }
 * await steps.close();
 */
export function createCodeSteps(settings: CodeSettings): CodeSteps {
  const pool: { sandbox?: CodeSandbox | undefined } = {};
  return {
    settings,
    run: (code, input, options = {}) => runCode(code, input, { ...options, limits: settings, sandbox: (pool.sandbox ??= createCodeSandbox({ workers: settings.workers })) }),
    async close() {
      const s = pool.sandbox;
      pool.sandbox = undefined;
      await s?.close();
    },
  };
}

/**
 * The code steps of an app context, with the limits and pool size of its configuration (ATOM_WORKFLOW_CODE_*);
 * the threads stop when the context shuts down. Two contexts in one process never share a pool.
 *
 * @example
 * await codeSteps(ctx).run('return 1', null);
 */
export const codeSteps = perContext((ctx: AppContext): CodeSteps => {
  const steps = createCodeSteps(codeSettingsFrom(ctx.config));
  ctx.lifecycle.onShutdown('workflows.code', () => steps.close());
  return steps;
});
