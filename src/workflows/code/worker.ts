// Entry of a code-step worker thread (see pool.ts): one QuickJS WebAssembly module per thread, a fresh
// QuickJS runtime per call. Messages in: { id, script, inputJson, limits }; out: { id, result, broken? }.
import { parentPort } from 'node:worker_threads';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { evaluateInQuickJS, type CodeLimits, type CodeResult } from './quickjs.js';

export interface CodeJobMessage {
  id: number;
  script: string;
  inputJson: string;
  limits: CodeLimits;
}

export interface CodeReplyMessage {
  id: number;
  result: CodeResult;
  /** The WebAssembly module aborted: this thread must not run another call. */
  broken?: boolean;
}

const port = parentPort;
if (!port) throw new Error('the code-step worker runs only as a worker thread');

const quickjs = await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync'));
// WebAssembly is compiled lazily: the first call would otherwise spend its time budget on compilation.
evaluateInQuickJS(quickjs, '(async function (input) { return [input, "a", { b: true }].map((x) => JSON.stringify(x)).join(); })', '1', { timeoutMs: 10_000, memoryBytes: 8 * 1024 * 1024, maxOutputBytes: 1024, maxLogBytes: 1024 });

port.on('message', (job: CodeJobMessage) => {
  let reply: CodeReplyMessage;
  try {
    const { broken, ...result } = evaluateInQuickJS(quickjs, job.script, job.inputJson, job.limits);
    reply = { id: job.id, result, ...(broken ? { broken } : {}) };
  } catch (err) {
    // QuickJS aborted (an assertion after a native stack overflow, say): the module's state is gone.
    reply = { id: job.id, broken: true, result: { ok: false, kind: 'error', message: `The sandbox stopped: ${err instanceof Error ? err.message : String(err)}`, logs: [], droppedLogLines: 0, durationMs: 0 } };
  }
  port.postMessage(reply);
  if (reply.broken) port.close();
});
port.postMessage({ ready: true });
