/**
 * Code step (core.code) overhead per call, side by side with a transform step computing the same value.
 *
 *   npx tsx bench/workflows/code-step.ts           # BENCH_CALLS=300, BENCH_CONCURRENCY=8
 *
 * 1. Step level, through the executor (`testStep`, no database): a JSONata transform step vs a code step
 *    doing the same sum/filter over 100 items; sequential calls, then BENCH_CONCURRENCY at a time.
 * 2. The sandbox alone (`runCode`, compiled code cached): a trivial `return input + 1`.
 * 3. Cold start: the first call in a fresh pool (worker thread start, WebAssembly compile).
 * 4. The event loop while a script loops for 1 s: evaluated on the main thread (what the pool avoids) vs
 *    in the pool; the longest gap of a 10 ms timer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { createContext, loadConfig } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { builtinActions, createActionRegistry } from '../../src/workflows/actions/index.js';
import { codeSteps, createCodeSandbox, defaultCodeSettings, runCode } from '../../src/workflows/code/index.js';
import { compileCode } from '../../src/workflows/code/compile.js';
import { evaluateInQuickJS } from '../../src/workflows/code/quickjs.js';
import { workflowDefinitionSchema, type Step } from '../../src/workflows/definition/schema.js';
import { testStep } from '../../src/workflows/engine/step-test.js';

const calls = Number(process.env['BENCH_CALLS'] ?? 300);
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 8);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

const config = loadConfig({ NODE_ENV: 'production', ATOM_LOG_LEVEL: 'warn', ATOM_LOG_PRETTY: 'false', ATOM_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'atom-bench-code-')), ATOM_METRICS: 'false' });
const ctx = createContext(config, { logger: createLogger({ level: 'warn', pretty: 'false' }) });
const actions = createActionRegistry(builtinActions);
const definition = workflowDefinitionSchema.parse({ trigger: { type: 'manual' }, steps: [] });
const trigger = { items: Array.from({ length: 100 }, (_, i) => ({ sku: `S${i}`, price: (i * 37) % 250 })) };

const transform: Step = { id: 'sum', type: 'transform', onError: 'stop', expression: '{ "total": $sum(trigger.items.price), "expensive": $count(trigger.items[price > 100]) }' };
const code: Step = {
  id: 'sum',
  type: 'action',
  action: 'core.code',
  onError: 'stop',
  input: {
    code: 'const items: { price: number }[] = input.items;\nreturn { total: items.reduce((s, i) => s + i.price, 0), expensive: items.filter((i) => i.price > 100).length };',
    input: { items: '{{ trigger.items }}' },
  },
};

async function measure(step: Step, n: number, parallel: number): Promise<{ lat: number[]; perSecond: number; output: unknown }> {
  const lat: number[] = [];
  let output: unknown;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        next++;
        const t = performance.now();
        const r = await testStep(ctx, actions, definition, step, { trigger, dryRun: false, workspaceId: 'ws-bench', workflowId: 'wf-bench' });
        lat.push(performance.now() - t);
        if (r.outcome.status !== 'succeeded') throw new Error(`step failed: ${JSON.stringify(r.outcome)}`);
        output = r.outcome.output;
      }
    }),
  );
  return { lat, perSecond: (n / (performance.now() - started)) * 1000, output };
}

const row = (label: string, r: { lat: number[]; perSecond: number }) => console.log(`| ${label} | ${ms(pct(r.lat, 50))} | ${ms(pct(r.lat, 95))} | ${r.perSecond.toFixed(0)} |`);

// Warm both paths (worker threads started, esbuild service up, compiled code cached).
await measure(code, 10, 2);
await measure(transform, 10, 2);

console.log(`\n1. Step through the executor, ${calls} calls (p50 | p95 | calls/s)\n`);
console.log('| step | p50 | p95 | calls/s |\n| --- | --- | --- | --- |');
const t1 = await measure(transform, calls, 1);
row('transform (JSONata), sequential', t1);
const c1 = await measure(code, calls, 1);
row('code (QuickJS worker), sequential', c1);
const tN = await measure(transform, calls, concurrency);
row(`transform, ${concurrency} at a time`, tN);
const cN = await measure(code, calls, concurrency);
row(`code, ${concurrency} at a time (${defaultCodeSettings.workers} workers)`, cN);
console.log(`\nsame output: ${JSON.stringify(t1.output) === JSON.stringify(c1.output)} (${JSON.stringify(c1.output)})`);
console.log(`code step overhead per call (p50, sequential): ${ms(pct(c1.lat, 50) - pct(t1.lat, 50))}`);

console.log(`\n2. The sandbox alone (runCode, compiled code cached), ${calls} sequential calls`);
const raw: number[] = [];
const inside: number[] = [];
for (let i = 0; i < calls; i++) {
  const t = performance.now();
  const r = await codeSteps(ctx).run('return input + 1', i);
  raw.push(performance.now() - t);
  inside.push(r.durationMs);
}
console.log(`runCode p50 ${ms(pct(raw, 50))}, p95 ${ms(pct(raw, 95))}; of which inside QuickJS (fresh runtime + context + run) p50 ${ms(pct(inside, 50))}`);
const compileT: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  await compileCode(`return input + ${i} + ${Math.random()}`);
  compileT.push(performance.now() - t);
}
console.log(`TypeScript strip + wrap (esbuild, uncached) p50 ${ms(pct(compileT, 50))}`);

console.log('\n3. Cold start: first call on a new pool');
{
  const pool = createCodeSandbox({ workers: 1 });
  const t = performance.now();
  await runCode('return 1', null, { sandbox: pool, limits: defaultCodeSettings });
  console.log(`first call ${ms(performance.now() - t)} (thread start, WebAssembly compile, warm-up)`);
  await pool.close();
}

console.log('\n4. Event loop while a script loops for 1 s (longest gap of a 10 ms timer)');
const gapWhile = async (work: () => Promise<unknown>) => {
  let maxGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  await new Promise((r) => setTimeout(r, 50));
  await work().catch(() => undefined);
  // Let the timer fire once more: a loop blocked until now shows only in that firing.
  await new Promise((r) => setTimeout(r, 50));
  clearInterval(timer);
  return maxGap;
};
{
  const quickjs = await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync'));
  const { script } = await compileCode('while (true) {}');
  const limits = { ...defaultCodeSettings, timeoutMs: 1000 };
  evaluateInQuickJS(quickjs, (await compileCode('return 1')).script, 'null', limits);
  const onMain = await gapWhile(async () => evaluateInQuickJS(quickjs, script, 'null', limits));
  const pool = createCodeSandbox({ workers: 1 });
  await runCode('return 1', null, { sandbox: pool, limits });
  const inPool = await gapWhile(() => runCode('while (true) {}', null, { sandbox: pool, limits }));
  console.log(`evaluated on the main thread: longest gap ${ms(onMain)}; in the worker pool: ${ms(inPool)}`);
  await pool.close();
}

await ctx.lifecycle.shutdown(ctx.logger);
process.exit(0);
