import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startHttpLab, type HttpLab } from '../../../test/fakes/http-lab/server.js';
import { startSlackFake, type SlackFake } from '../../../test/fakes/slack/server.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { sendRequest } from './index.js';

describe('http.request', () => {
  let lab: HttpLab;
  let fake: SlackFake;
  let open: PieceHarness;
  let strict: PieceHarness;
  beforeAll(async () => {
    lab = await startHttpLab();
    fake = await startSlackFake();
    // Tests' fakes run on 127.0.0.1: one harness allow-lists it, the other keeps the default policy.
    open = await pieceHarness({ serviceId: 'slack', fake, env: { ATOM_SSRF_ALLOW: '127.0.0.1' } });
    strict = await pieceHarness({ serviceId: 'slack', fake });
  });
  afterAll(async () => {
    await open.cleanup();
    await strict.cleanup();
    await fake.close();
    await lab.close();
  });

  it('sends JSON and returns status, headers and body', async () => {
    lab.handle((req, res, body) => sendJson(res, 201, { got: JSON.parse(body) as unknown, q: req.url }, { 'x-id': '7' }));
    const out = await open.run(sendRequest, { method: 'POST', url: `${lab.url}/items`, query: { a: '1' }, json: { name: 'x' } });
    expect(out).toMatchObject({ status: 201, headers: expect.objectContaining({ 'x-id': '7' }), body: { got: { name: 'x' }, q: '/items?a=1' } });
  });

  it('fails on 4xx by default, or returns it when asked', async () => {
    lab.handle((_q, res) => sendJson(res, 404, { error: 'nope' }));
    await expect(open.run(sendRequest, { url: `${lab.url}/missing` })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    expect(await open.run(sendRequest, { url: `${lab.url}/missing`, failOnError: false })).toMatchObject({ status: 404, body: { error: 'nope' } });
  });

  it('refuses internal addresses without an allow-list', async () => {
    await expect(strict.run(sendRequest, { url: `${lab.url}/x` })).rejects.toMatchObject({ code: 'integrations.http.blocked_address' });
    await expect(strict.run(sendRequest, { url: 'http://169.254.169.254/latest/meta-data/' })).rejects.toMatchObject({ code: 'integrations.http.blocked_address' });
  });

  it('retries a GET on 503 and honours Retry-After', async () => {
    let n = 0;
    lab.handle((_q, res) => (++n === 1 ? sendJson(res, 503, {}, { 'retry-after': '1' }) : sendJson(res, 200, { n })));
    const t0 = Date.now();
    expect(await open.run(sendRequest, { url: `${lab.url}/flaky` })).toMatchObject({ status: 200, body: { n: 2 } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('times out a hanging server', async () => {
    lab.handle(() => undefined);
    await expect(open.run(sendRequest, { url: `${lab.url}/hang`, method: 'POST', timeoutMs: 200 })).rejects.toMatchObject({ code: 'integrations.http.timeout' });
  });
});
