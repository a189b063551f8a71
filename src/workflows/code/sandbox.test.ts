import { afterAll, describe, expect, it } from 'vitest';
import { ActionError } from '../actions/types.js';
import { createCodeSandbox, runCode, type CodeLimits } from './index.js';

/**
 * The code step's sandbox: what user code can see and do, and hostile code (escapes, endless loops,
 * memory bombs, huge output) stopped at its limit with a coded error while the event loop keeps turning.
 */
const sandbox = createCodeSandbox({ workers: 2 });
afterAll(() => sandbox.close());
// Generous for ordinary code: this machine is shared; the hostile cases below use tight limits.
const limits: CodeLimits = { timeoutMs: 10_000, memoryBytes: 32 * 1024 * 1024, maxOutputBytes: 64 * 1024, maxLogBytes: 4096 };
const run = (code: string, input: unknown = null, extra: Partial<CodeLimits> = {}) => runCode(code, input, { sandbox, limits: { ...limits, ...extra } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof ActionError ? e.code : `uncoded: ${String(e)}`),
  );

describe('code step sandbox', () => {
  it('runs code on its input and returns JSON, with TypeScript syntax, await and console output', async () => {
    const logs: string[] = [];
    const r = await runCode(
      'interface Item { price: number }\nconst items: Item[] = input.items;\nconsole.log("items", items.length, { first: items[0] });\nconst total = await Promise.resolve(items.reduce((s, i) => s + i.price, 0));\nreturn { total, expensive: items.filter((i) => i.price > 100) };',
      { items: [{ price: 50 }, { price: 150 }] },
      { sandbox, limits, onLogs: (l) => logs.push(...l.map((x) => x.message)) },
    );
    expect(r.output).toEqual({ total: 200, expensive: [{ price: 150 }] });
    expect(logs).toEqual(['items 2 {"first":{"price":50}}']);
  });

  it('returns null when the code returns nothing', async () => {
    expect((await run('const x = 1;')).output).toBeNull();
  });

  it('sees no host: no process, require, fetch, timers, files or environment, even through constructor tricks and eval', async () => {
    const probe = `const names = ['process', 'require', 'module', 'fetch', 'XMLHttpRequest', 'WebSocket', 'setTimeout', 'setInterval', 'Buffer', 'std', 'os', 'Deno', 'Bun', 'WebAssembly', 'importScripts', 'global'];
      const seen = {};
      for (const n of names) seen[n] = typeof globalThis[n];
      return {
        direct: seen,
        viaFunction: Function('return typeof process + typeof require + typeof fetch')(),
        viaConstructor: this.constructor.constructor('return typeof process')(),
        viaArrowProto: (() => 0).constructor('return typeof require')(),
        viaEval: eval('typeof process + typeof os'),
        viaIndirectEval: (0, eval)('typeof std'),
        asyncCtor: await (async () => 0).constructor('return typeof process')(),
      };`;
    const { output } = await run(probe);
    const o = output as Record<string, unknown>;
    expect(Object.values(o['direct'] as Record<string, string>).every((t) => t === 'undefined')).toBe(true);
    expect(o).toMatchObject({ viaFunction: 'undefinedundefinedundefined', viaConstructor: 'undefined', viaArrowProto: 'undefined', viaEval: 'undefinedundefined', viaIndirectEval: 'undefined', asyncCtor: 'undefined' });
  });

  it.each([
    ['the Function constructor reaching for process', "return this.constructor.constructor('return process')().env", 'workflows.code.error', /process/],
    ['globalThis.process', 'return globalThis.process.env', 'workflows.code.error', /undefined|cannot read/i],
    ['require', "return require('fs').readFileSync('/etc/passwd', 'utf8')", 'workflows.code.error', /require/],
    ['dynamic import', "const fs = await import('fs'); return fs.readFileSync('/etc/passwd', 'utf8')", 'workflows.code.error', /module/],
    ['fetch', "return await fetch('http://169.254.169.254/latest/meta-data/')", 'workflows.code.error', /fetch/],
  ])('%s is refused', async (_label, code, expected, message) => {
    const err = await run(code).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as ActionError).code).toBe(expected);
    expect((err as ActionError).message).toMatch(message);
    expect((err as ActionError).retryable).toBe(false);
  });

  it('names the line of an error in the code as written (TypeScript lines included)', async () => {
    const err = (await run('type T = { a: number };\n\nconst t: T = { a: 1 };\nthrow new TypeError(`bad ${t.a}`);').catch((e: unknown) => e)) as ActionError;
    expect(err.code).toBe('workflows.code.error');
    expect(err.message).toBe('TypeError: bad 1 (line 4)');
    const syntax = (await run('const a = 1;\nconst b = ;').catch((e: unknown) => e)) as ActionError;
    expect(syntax.code).toBe('workflows.code.error');
    expect(syntax.message).toMatch(/^SyntaxError: .* \(line 2\)$/);
  });

  it.each([
    ['a BigInt', 'return 10n'],
    ['a function', 'return () => 1'],
    ['a circular object', 'const a = {}; a.self = a; return a'],
  ])('returning %s is workflows.code.not_json', async (_label, code) => {
    expect(await codeOf(run(code))).toBe('workflows.code.not_json');
  });

  const hostile: [string, string, string, Partial<CodeLimits>][] = [
    ['an endless loop', 'while (true) {}', 'workflows.code.timeout', { timeoutMs: 1000 }],
    ['an endless loop inside a promise', 'await new Promise(() => { while (true) {} })', 'workflows.code.timeout', { timeoutMs: 1000 }],
    // Each job allocates a promise: time or memory runs out first, depending on the machine.
    ['an endless chain of promise jobs', 'const spin = () => Promise.resolve().then(spin); await spin()', 'workflows.code.(timeout|memory)', { timeoutMs: 1000 }],
    ['a loop that catches the interruption', 'for (;;) { try { while (true) {} } catch (e) {} }', 'workflows.code.timeout', { timeoutMs: 1000 }],
    ['a getter on the thrown error that never ends', 'throw { get message() { for (;;) {} } }', 'workflows.code.timeout', { timeoutMs: 1000 }],
    ['a growing array (memory bomb)', 'const a = []; for (;;) a.push({ n: Math.random(), s: "x" + Math.random() })', 'workflows.code.memory', { timeoutMs: 20_000 }],
    ['string doubling (memory bomb)', 'let s = "x"; for (;;) s = s + s + "y"', 'workflows.code.memory', { timeoutMs: 20_000 }],
    ['one huge allocation', 'return new Array(100_000_000).fill(0).length', 'workflows.code.memory', { timeoutMs: 20_000 }],
    ['deep recursion', 'const f = (n) => f(n + 1) + 1; return f(0)', 'workflows.code.memory', { timeoutMs: 20_000 }],
    ['a huge result', 'return "x".repeat(5_000_000)', 'workflows.code.output_too_large', { timeoutMs: 20_000 }],
    ['a huge result built of many small parts', 'return Array.from({ length: 100_000 }, (_, i) => ({ i }))', 'workflows.code.output_too_large', { timeoutMs: 20_000 }],
    ['a promise that never settles', 'await new Promise(() => {})', 'workflows.code.error', { timeoutMs: 1000 }],
  ];

  it.each(hostile)('%s is stopped with its coded error while the event loop keeps turning', async (_label, code, expected, extra) => {
    // A timer that should fire every 20 ms: a blocked event loop shows as a long gap.
    let maxGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 20);
    const started = performance.now();
    const outcome = await codeOf(run(code, null, extra));
    const took = performance.now() - started;
    // Let the timer fire once more: a loop blocked until now shows only in that firing.
    await new Promise((r) => setTimeout(r, 60));
    clearInterval(ticker);
    expect(outcome).toMatch(new RegExp(`^${expected}$`));
    // The pool's own watchdog ends a call at its limit plus one second; allow for a busy machine.
    expect(took).toBeLessThan((extra.timeoutMs ?? limits.timeoutMs) + 5_000);
    // The script runs on a worker thread: the server's loop never waits for it (a loop blocking it until
    // the 1 s limit would show as a gap of 1 s or more; the margin is for a busy machine).
    expect(maxGap).toBeLessThan(900);
    // Still healthy: ordinary code runs right after.
    expect((await run('return input + 1', 41)).output).toBe(42);
  });

  it('keeps console output to its budget and says how much it dropped', async () => {
    let dropped = 0;
    const lines: string[] = [];
    await runCode('for (let i = 0; i < 2000; i++) console.log("line " + i); return 1', null, {
      sandbox,
      limits: { ...limits, maxLogBytes: 200 },
      onLogs: (l, d) => {
        lines.push(...l.map((x) => x.message));
        dropped = d;
      },
    });
    expect(lines.join('').length).toBeLessThanOrEqual(200);
    expect(lines[0]).toBe('line 0');
    expect(dropped).toBe(2000 - lines.length);
  });

  it('gives the console output of a failing call too', async () => {
    const lines: string[] = [];
    const err = await runCode('console.warn("about to fail"); throw new Error("no")', null, { sandbox, limits, onLogs: (l) => lines.push(...l.map((x) => `${x.level}:${x.message}`)) }).catch((e: unknown) => e);
    expect((err as ActionError).code).toBe('workflows.code.error');
    expect(lines).toEqual(['warn:about to fail']);
  });

  it('a cancelled call stops its thread at once', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = runCode('while (true) {}', null, { sandbox, limits: { ...limits, timeoutMs: 60_000 }, signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('cancelled')), 300);
    expect(String(await pending)).toContain('cancelled');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await run('return 1')).output).toBe(1);
  });

  it('runs calls side by side up to its size and queues the rest', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => run('return input * 2', i)));
    expect(results.map((r) => r.output)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(sandbox.busy).toBe(0);
  });
});
