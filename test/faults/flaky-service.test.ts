// Fault: the service a workflow calls answers in bursts of 429 (with Retry-After), 500 and timeouts (it
// takes the request, then never answers). Every run still completes, each side effect happens once
// (retries carry the same Idempotency-Key), and no retry comes before the Retry-After the service gave.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineBackend } from '../../src/workflows/engine/testing.js';

type Answer = 'ok' | '429' | '500' | 'timeout';

/** Bursts by arrival: of every 20 requests, 4 in a row answer 429, then 3 answer 500, then 2 time out. */
async function startBurstyService(retryAfterSeconds: number) {
  const effects = new Map<string, number>();
  const log: { key: string; at: number; answer: Answer }[] = [];
  const hanging = new Set<http.ServerResponse>();
  const answerFor = (n: number): Answer => {
    const p = n % 20;
    if (p >= 4 && p < 8) return '429';
    if (p >= 10 && p < 13) return '500';
    if (p >= 15 && p < 17) return 'timeout';
    return 'ok';
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const at = Date.now();
      const answer = answerFor(log.length);
      log.push({ key, at, answer });
      if (answer === '429') return void res.writeHead(429, { 'retry-after': String(retryAfterSeconds), 'content-type': 'application/json' }).end('{"error":"slow down"}');
      if (answer === '500') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
      // A timeout: the effect happens, the answer never arrives (the worst case for duplicates).
      effects.set(key, (effects.get(key) ?? 0) + 1);
      if (answer === 'timeout') return void hanging.add(res);
      res.writeHead(effects.get(key)! > 1 ? 200 : 201, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, duplicate: effects.get(key)! > 1 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    effects,
    log,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe.each(['embedded-sqlite', 'bullmq-postgres'] as EngineBackend[])('fault: a service failing in bursts (%s)', (backend) => {
  let svc: Awaited<ReturnType<typeof startBurstyService>>;
  let h: Awaited<ReturnType<typeof createEngineHarness>>;
  beforeAll(async () => {
    svc = await startBurstyService(1);
    h = await createEngineHarness(backend, { env: { ATOM_LOG_LEVEL: 'warn' } });
  });
  afterAll(async () => {
    await h?.close();
    await svc?.close();
  });

  it('every run completes, one effect per step, retries wait at least Retry-After', async () => {
    const RUNS = 12;
    const STEPS = 3;
    const retry = { maxAttempts: 12, initialDelayMs: 100, maxDelayMs: 800 };
    // The client timeout is well above the service's answer time even on a loaded CI machine: a 429 that
    // reached the client after its timeout would be retried on the backoff schedule, not Retry-After's.
    const steps = Array.from({ length: STEPS }, (_, i) => ({ id: `s${i + 1}`, type: 'http' as const, retry, input: { method: 'POST', url: `${svc.url}/charge`, body: { step: i + 1 }, timeoutMs: 1500 } }));
    const wf = await h.publish({ trigger: { type: 'manual' }, steps });
    const runIds: string[] = [];
    // Started over 2 s, so bursts hit runs at different steps.
    for (let i = 0; i < RUNS; i++) {
      runIds.push(await h.run(wf.id, { i }));
      await new Promise((r) => setTimeout(r, 150));
    }
    const finished = await Promise.all(runIds.map((id) => h.finished(id, 60_000)));
    expect(finished.map((r) => r.status)).toEqual(runIds.map(() => 'succeeded'));

    // Each step's effect happened once, or (after a timeout ate the answer) was repeated with the same key.
    const keys = runIds.flatMap((id) => steps.map((s) => `${id}:${s.id}:0:0`));
    expect([...svc.effects.keys()].filter((k) => keys.includes(k)).sort()).toEqual([...keys].sort());
    // A key reached the service's effect code more than once only when an earlier answer was lost to a timeout.
    for (const k of keys) if (svc.effects.get(k)! > 1) expect(svc.log.some((l) => l.key === k && l.answer === 'timeout')).toBe(true);

    // Every kind of failure happened, and after each 429 the same key came back no sooner than 1 s later.
    const kinds = new Set(svc.log.map((l) => l.answer));
    expect([...kinds].sort()).toEqual(['429', '500', 'ok', 'timeout']);
    let honoured = 0;
    for (const [i, l] of svc.log.entries()) {
      if (l.answer !== '429') continue;
      const next = svc.log.slice(i + 1).find((n) => n.key === l.key);
      expect(next, `a retry of ${l.key}`).toBeDefined();
      expect(next!.at - l.at).toBeGreaterThanOrEqual(1000);
      honoured++;
    }
    expect(honoured).toBeGreaterThan(0);
    const journal = await Promise.all(runIds.map((id) => h.journal(id)));
    const attempts = journal.flatMap((j) => [...j.values()].map((e) => e.attempt));
    console.log(`bursty service (${backend}): ${RUNS} runs x ${STEPS} steps succeeded; ${svc.log.length} requests (${[...kinds].map((k) => `${k} ${svc.log.filter((l) => l.answer === k).length}`).join(', ')}); ${honoured} Retry-After honoured; max attempts of a step ${Math.max(...attempts)}`);
  }, 90_000);
});
