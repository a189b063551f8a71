import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/platform/index.js';
import { evaluateExpression } from '../../src/workflows/definition/expressions.js';
import { createEngineHarness } from '../../src/workflows/engine/testing.js';

/**
 * Workflow expressions (JSONata) written to loop forever or exhaust memory stop at the time and size
 * limits with a coded error, and the process stays healthy: the event loop keeps turning meanwhile.
 */
const limits = { timeoutMs: 300, maxResultBytes: 1024 * 1024 };

const hostile: [string, string, string][] = [
  ['unbounded recursion', '($f := function($n){ $f($n + 1) }; $f(0))', 'workflows.expression.timeout'],
  ['mutual recursion', '($a := function($n){ $b($n) }; $b := function($n){ $a($n + 1) }; $a(0))', 'workflows.expression.timeout'],
  ['a loop of a hundred million steps', '($f := function($n){ $n < 100000000 ? $f($n + 1) : $n }; $f(0))', 'workflows.expression.timeout'],
  ['a range past the sequence limit', '$count([1..100000000])', 'workflows.expression.failed'],
  ['$map over a huge range', '$sum($map([1..50000000], function($v){ $v * 2 }))', 'workflows.expression.failed'],
  ['nested $map (10^8 items)', '$count($map([1..10000], function($a){ [1..10000] }))', 'workflows.expression.timeout'],
  // Before the fix this aborted the whole process (V8 "invalid size" inside $pad).
  ['string repeat through $pad', '$length($pad("x", 200000000))', 'workflows.expression.too_large'],
  ['string doubling', '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("x", 40))', 'workflows.expression.failed'],
  ['a result over the size limit', `$join($map([1..5000], function($v){ "${'x'.repeat(500)}" }))`, 'workflows.expression.too_large'],
  // Catastrophic backtracking: linear-time regexes (RE2) answer at once instead of blocking for minutes.
  ['a ReDoS regex', `$contains("${'a'.repeat(50_000)}!", /(a+)+$/)`, 'ok'],
  ['a backreference (not supported by the linear engine)', '$match("aa", /(a)\\1/)', 'workflows.expression.failed'],
  // Text from outside (a webhook body here) is never run as an expression: $eval is refused.
  ['$eval of a string', '$eval("secrets.PAYROLL_API_KEY")', 'workflows.expression.eval_refused'],
];

describe('hostile workflow expressions', () => {
  it.each(hostile)('%s is stopped with a coded error', async (_label, source, code) => {
    // A timer that should fire every 20 ms: a blocked event loop shows as a long gap.
    let maxGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 20);
    const started = performance.now();
    const outcome = await evaluateExpression(source, {}, limits).then(
      () => 'ok',
      (e: unknown) => (e instanceof AppError ? e.code : `uncoded: ${String(e)}`),
    );
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(outcome).toBe(code);
    expect(took).toBeLessThan(limits.timeoutMs + 2_500);
    expect(maxGap).toBeLessThan(2_000);
    // Still healthy: an ordinary expression evaluates right after.
    await expect(evaluateExpression('$sum([1, 2, 3])', {}, limits)).resolves.toBe(6);
  });

  it('fails the run step with the coded error, and the next run works', async () => {
    const h = await createEngineHarness('embedded-sqlite');
    try {
      const bad = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'boom', type: 'transform', expression: '$length($pad("x", 200000000))' }] }, 'hostile');
      const run = await h.finished(await h.run(bad.id));
      expect(run?.status).toBe('failed');
      expect(JSON.stringify(run?.error)).toContain('workflows.expression.too_large');
      const good = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'fine', type: 'transform', expression: '1 + 1' }] }, 'fine');
      expect((await h.finished(await h.run(good.id)))?.status).toBe('succeeded');
    } finally {
      await h.close();
    }
  }, 60_000);
});
