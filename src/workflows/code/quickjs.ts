import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';

/** The limits one evaluation runs under (see ATOM_WORKFLOW_CODE_* in docs/configuration.md). */
export interface CodeLimits {
  timeoutMs: number;
  memoryBytes: number;
  /** Longest JSON text the code may return, in bytes (UTF-8). */
  maxOutputBytes: number;
  /** console output kept for the step log; the rest is counted and dropped. */
  maxLogBytes: number;
}

export interface CodeLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export type CodeFailureKind = 'timeout' | 'memory' | 'output_too_large' | 'error' | 'not_json';

export type CodeResult =
  | { ok: true; json: string; logs: CodeLogLine[]; droppedLogLines: number; durationMs: number }
  | {
      ok: false;
      kind: CodeFailureKind;
      message: string;
      /** `code.js` line:column of the failure in the compiled script, when QuickJS named one. */
      at?: { line: number; column: number } | undefined;
      logs: CodeLogLine[];
      droppedLogLines: number;
      durationMs: number;
    };

/** QuickJS's own C stack for the interpreter: deep recursion ends here with a catchable error. */
const MAX_STACK_BYTES = 256 * 1024;
const MAX_LOG_LINE_CHARS = 2000;

/**
 * Set up before the user's code, in the sandbox: `console` that formats its arguments there and hands one
 * short string to the host, and the function that turns the result into JSON text. Both are captured in
 * a closure, so user code that replaces `JSON` or `console` changes only its own view.
 */
const PRELUDE = `(function (hostLog) {
  const stringify = JSON.stringify;
  const show = (v) => {
    if (typeof v === 'string') return v;
    try { const s = stringify(v); return s === undefined ? String(v) : s; } catch { try { return String(v); } catch { return '[value]'; } }
  };
  const writer = (level) => (...args) => { hostLog(level, args.map(show).join(' ').slice(0, ${MAX_LOG_LINE_CHARS})); };
  globalThis.console = Object.freeze({ log: writer('info'), info: writer('info'), debug: writer('debug'), warn: writer('warn'), error: writer('error') });
  return (value) => (value === undefined ? 'null' : stringify(value));
})`;

const levels: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error']);

/**
 * Runs compiled code (a script whose value is `async function (input)`) in a fresh QuickJS runtime with
 * the given limits, and returns its result as JSON text. The runtime has no module loader and no host
 * functions but the console writer: no filesystem, network, process, timers or environment exist inside.
 * Synchronous: call it from a worker thread, never from the server's event loop.
 */
export function evaluateInQuickJS(quickjs: QuickJSWASMModule, script: string, inputJson: string, limits: CodeLimits): CodeResult & { broken?: true } {
  const started = performance.now();
  const logs: CodeLogLine[] = [];
  let logBytes = 0;
  let droppedLogLines = 0;
  let deadline = Number.POSITIVE_INFINITY;
  let timedOut = false;

  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  runtime.setInterruptHandler(() => {
    if (performance.now() > deadline) timedOut = true;
    return timedOut;
  });
  const context = runtime.newContext();
  const done = (r: Omit<Extract<CodeResult, { ok: true }>, 'logs' | 'droppedLogLines' | 'durationMs'> | Omit<Extract<CodeResult, { ok: false }>, 'logs' | 'droppedLogLines' | 'durationMs'>): CodeResult =>
    ({ ...r, logs, droppedLogLines, durationMs: performance.now() - started }) as CodeResult;

  const handles: QuickJSHandle[] = [];
  const keep = (h: QuickJSHandle) => {
    handles.push(h);
    return h;
  };
  const evaluate = (): CodeResult => {
    try {
      const hostLog = keep(
        context.newFunction('log', (levelHandle, textHandle) => {
          const level = context.typeof(levelHandle) === 'string' ? context.getString(levelHandle) : 'info';
          const text = context.typeof(textHandle) === 'string' ? context.getString(textHandle).slice(0, MAX_LOG_LINE_CHARS) : '';
          const bytes = Buffer.byteLength(text);
          if (logBytes + bytes > limits.maxLogBytes) {
            droppedLogLines++;
            return;
          }
          logBytes += bytes;
          logs.push({ level: (levels.has(level) ? level : 'info') as CodeLogLine['level'], message: text });
        }),
      );
      const prelude = context.evalCode(PRELUDE, 'prelude.js');
      const preludeFn = keep(context.unwrapResult(prelude));
      const toJson = keep(context.unwrapResult(context.callFunction(preludeFn, context.undefined, hostLog)));

      // The deadline starts with the user's code (the prelude and the runtime are ours).
      deadline = performance.now() + limits.timeoutMs;
      const compiled = context.evalCode(script, 'code.js');
      if (compiled.error) return done(failure(context, keep(compiled.error)));
      const main = keep(compiled.value);
      const input = keep(context.unwrapResult(context.evalCode(`(${JSON.stringify(inputJson)})`, 'input.js')));
      const parsedInput = context.callFunction(keep(context.getProp(keep(context.getProp(context.global, 'JSON')), 'parse')), context.undefined, input);
      if (parsedInput.error) return done(failure(context, keep(parsedInput.error)));
      const called = context.callFunction(main, context.undefined, keep(parsedInput.value));
      if (called.error) return done(failure(context, keep(called.error)));
      const promise = keep(called.value);

      // Run the code's promise jobs (await, then) until its promise settles; the interrupt handler bounds them.
      let state = context.getPromiseState(promise);
      while (state.type === 'pending') {
        const jobs = runtime.executePendingJobs();
        if (jobs.error) return done(failure(context, keep(jobs.error)));
        const ran = jobs.value;
        if (timedOut) return done(timeoutFailure());
        state = context.getPromiseState(promise);
        if (state.type === 'pending' && ran === 0) return done({ ok: false, kind: 'error', message: 'The code awaited something that never finished (there are no timers or I/O in a code step).' });
      }
      if (state.type === 'rejected') return done(failure(context, keep(state.error)));
      const value = keep(state.value);

      const text = context.callFunction(toJson, context.undefined, value);
      if (text.error) {
        const err = keep(text.error);
        if (timedOut) return done(failure(context, err));
        const { message } = errorParts(context, err);
        return done({ ok: false, kind: 'not_json', message: `The code returned a value that is not JSON (${message}).` });
      }
      const textHandle = keep(text.value);
      if (context.typeof(textHandle) !== 'string') return done({ ok: false, kind: 'not_json', message: `The code returned a ${context.typeof(value)}, which is not JSON; return an object, array, string, number, boolean or null.` });
      // Check the length inside the sandbox before copying the text out: a huge string never reaches the host heap.
      const length = context.getNumber(keep(context.getProp(textHandle, 'length')));
      if (length > limits.maxOutputBytes) return done(tooLarge(limits.maxOutputBytes));
      const json = context.getString(textHandle);
      if (Buffer.byteLength(json) > limits.maxOutputBytes) return done(tooLarge(limits.maxOutputBytes));
      return done({ ok: true, json });
    } catch (err) {
      // The WebAssembly module itself failed (an abort, an access out of bounds): it cannot be used again.
      if (err instanceof Error && err.name === 'RuntimeError') moduleBroken = true;
      const message = err instanceof Error ? err.message : String(err);
      if (/out of memory|memory access out of bounds/i.test(message)) return done({ ok: false, kind: 'memory', message: memoryMessage(limits.memoryBytes) });
      return done({ ok: false, kind: 'error', message });
    }
  };
  let moduleBroken = false;
  const result = evaluate();
  if (moduleBroken) return { ...result, broken: true };
  try {
    for (const h of handles.reverse()) if (h.alive) h.dispose();
    context.dispose();
    runtime.dispose();
  } catch {
    // QuickJS leaks objects on some out-of-memory paths and then asserts while freeing the runtime; the
    // WebAssembly module is unusable after that, so the caller replaces the thread. The result stands.
    return { ...result, broken: true };
  }
  return result;

  function timeoutFailure(): Omit<Extract<CodeResult, { ok: false }>, 'logs' | 'droppedLogLines' | 'durationMs'> {
    return { ok: false, kind: 'timeout', message: `The code ran longer than ${limits.timeoutMs} ms (ATOM_WORKFLOW_CODE_TIMEOUT_MS).` };
  }

  function tooLarge(max: number): Omit<Extract<CodeResult, { ok: false }>, 'logs' | 'droppedLogLines' | 'durationMs'> {
    return { ok: false, kind: 'output_too_large', message: `The code returned more than ${max} bytes of JSON (ATOM_WORKFLOW_CODE_MAX_OUTPUT_BYTES).` };
  }

  function failure(ctx: QuickJSContext, err: QuickJSHandle): Omit<Extract<CodeResult, { ok: false }>, 'logs' | 'droppedLogLines' | 'durationMs'> {
    // Read first: a getter on the thrown value runs code, which the deadline interrupts too.
    const { name, message, at } = errorParts(ctx, err);
    if (timedOut) return timeoutFailure();
    if (/^out of memory$/.test(message) && (name === '' || name === 'InternalError'))
      return { ok: false, kind: 'memory', message: memoryMessage(limits.memoryBytes) };
    if (/stack overflow|Maximum call stack size exceeded/.test(message)) return { ok: false, kind: 'memory', message: 'The code recursed too deeply (stack overflow).', at };
    // A string past QuickJS's length limit is a memory bomb that had not yet reached the memory limit.
    if (name === 'InternalError' && /string too long|invalid array length/.test(message)) return { ok: false, kind: 'memory', message: `The code built a value too large for the sandbox (${message}).`, at };
    return { ok: false, kind: 'error', message: name ? `${name}: ${message}` : message, at };
  }
}

const memoryMessage = (bytes: number) => `The code used more than ${Math.round(bytes / (1024 * 1024))} MiB of memory (ATOM_WORKFLOW_CODE_MEMORY_MB).`;

/** Name, message and first `code.js` position of a thrown value (getters run under the same deadline). */
function errorParts(ctx: QuickJSContext, err: QuickJSHandle): { name: string; message: string; at?: { line: number; column: number } | undefined } {
  const type = ctx.typeof(err);
  // QuickJS throws null when it cannot even allocate the error object.
  if (ctx.sameValue(err, ctx.null)) return { name: '', message: 'out of memory' };
  if (type === 'string') return { name: '', message: ctx.getString(err).slice(0, MAX_LOG_LINE_CHARS) };
  if (type === 'number') return { name: '', message: String(ctx.getNumber(err)) };
  if (type !== 'object') return { name: '', message: `The code threw a ${type}.` };
  const read = (key: string): string => {
    const h = ctx.getProp(err, key);
    try {
      return ctx.typeof(h) === 'string' ? ctx.getString(h).slice(0, MAX_LOG_LINE_CHARS) : '';
    } finally {
      h.dispose();
    }
  };
  let name = '';
  let message = '';
  let stack = '';
  try {
    name = read('name');
    message = read('message');
    stack = read('stack');
  } catch {
    // A getter that throws (or is interrupted): what was read so far is what we say.
  }
  const m = /code\.js:(\d+)(?::(\d+))?/.exec(stack);
  return { name, message: message || (name ? '' : 'The code threw an object that is not an Error.'), at: m ? { line: Number(m[1]), column: Number(m[2] ?? 1) } : undefined };
}
