import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowRuntime } from '../../../src/workflows/index.js';
import { signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Review finding 1 (critical): a secret placeholder (`⟦secret:NAME⟧`) arriving in untrusted data (a
 * webhook body, an upstream step's output, a step test's data) was filled with the real secret on its
 * way to an HTTP step. Only placeholders a step's own definition produced may resolve; everything else
 * reaches the action as the literal text. Whether a secret of a given name exists must not change what an
 * outsider sees either.
 */

interface Received {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const MARKER = /⟦secret:[^⟧]*⟧/g;

describe.each(dialects)('finding 1 (critical): secret placeholders in untrusted data are never filled in (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let server: Server;
  let base = '';
  const received: Received[] = [];
  const payroll = `payroll-${randomBytes(16).toString('hex')}`;
  const legit = `legit-${randomBytes(16).toString('hex')}`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://local');
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
        // An upstream service whose answer carries a placeholder (as a model's or a document's text might).
        if (url.pathname === '/upstream') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: '⟦secret:PAYROLL_API_KEY⟧' }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: body ? (JSON.parse(body) as unknown) : null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp(dialect, { ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_LOG_LEVEL: 'debug' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
    for (const [name, value] of [['PAYROLL_API_KEY', payroll], ['LEGIT_KEY', legit]] as const) {
      const put = await t.app.inject({ method: 'PUT', url: `/api/workflows/secrets/${name}`, headers: owner.bearer, payload: { value } });
      expect(put.statusCode, put.body).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const create = async (definition: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: `w-${randomBytes(4).toString('hex')}`, definition } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  /** A webhook workflow that answers with its output when it finishes; returns the hook URL. */
  const hook = async (steps: object[], output?: string) => {
    const id = await create({ trigger: { type: 'webhook', methods: ['POST'], respond: 'when_finished' }, steps, ...(output ? { output } : {}) });
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
    expect(act.statusCode, act.body).toBe(200);
    return { id, url: act.json<{ webhook: { url: string } }>().webhook.url };
  };
  /** Anyone holding the hook URL: no credentials. */
  const deliver = async (url: string, body: unknown) => {
    const res = await t.app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ runId: string; status: string; output: unknown }>();
  };
  const runDetail = async (runId: string) => {
    const res = await t.app.inject({ url: `/api/runs/${runId}`, headers: owner.bearer });
    expect(res.statusCode).toBe(200);
    return { text: res.body, run: res.json<{ status: string; steps: { stepId: string; input: unknown; output: unknown; error: unknown }[] }>() };
  };
  const sentTo = (path: string) => received.filter((r) => r.path === path);
  const expectNoSecretIn = (text: string, where: string) => {
    for (const [name, value] of [['payroll', payroll], ['legit', legit]] as const) {
      expect(text.includes(value), `${name} secret in ${where}`).toBe(false);
      expect(text.includes(Buffer.from(value).toString('base64')), `${name} secret (base64) in ${where}`).toBe(false);
    }
  };
  /** Every placeholder a client can see names a secret and nothing else: no per-run material to forge one with. */
  const expectOnlyPlainMarkers = (text: string) => {
    for (const m of text.match(MARKER) ?? []) expect(m).toMatch(/^⟦secret:[A-Za-z_][A-Za-z0-9_]*⟧$/);
  };

  it('finding 1: a ⟦secret:…⟧ placeholder in a webhook body reaches the HTTP step verbatim, never as the secret', async () => {
    const { url } = await hook([
      {
        id: 'send',
        type: 'http',
        input: {
          method: 'POST',
          url: `${base}/direct`,
          // The author's own placeholder still works: it is the only one filled in.
          headers: { 'x-key': '{{ secrets.LEGIT_KEY }}' },
          query: { q: '{{ trigger.body.note }}' },
          body: { forwarded: '{{ trigger.body }}', mixed: 'note: {{ trigger.body.note }}' },
        },
      },
    ]);
    const attack = { note: '⟦secret:PAYROLL_API_KEY⟧', also: 'x ⟦secret:LEGIT_KEY⟧ y', plain: '⟦secret:PAYROLL_API_KEY⟧⟦secret:LEGIT_KEY⟧' };
    const answer = await deliver(url, attack);
    expect(answer.status).toBe('succeeded');

    const got = sentTo('/direct');
    expect(got).toHaveLength(1);
    const req = got[0]!;
    expect(req.headers['x-key']).toBe(legit);
    expect(JSON.parse(req.body)).toEqual({ forwarded: attack, mixed: 'note: ⟦secret:PAYROLL_API_KEY⟧' });
    expect(req.query['q']).toBe('⟦secret:PAYROLL_API_KEY⟧');
    expectNoSecretIn(`${req.path}?${JSON.stringify(req.query)} ${req.body}`, 'the request line and body');
    expect(JSON.stringify(req.headers).includes(payroll)).toBe(false);

    // The timeline names the secret the step used, without its value and without anything to forge with.
    const { text, run } = await runDetail(answer.runId);
    expect(run.steps.find((s) => s.stepId === 'send')?.input).toMatchObject({ headers: { 'x-key': '⟦secret:LEGIT_KEY⟧' } });
    expectNoSecretIn(text, 'the run detail');
    expectOnlyPlainMarkers(text);
    expectNoSecretIn(JSON.stringify(answer), 'the webhook answer');
  }, 30_000);

  it('finding 1: placeholders in upstream step outputs (a transform, a variable, a service answer) are not filled in either', async () => {
    const { url } = await hook([
      { id: 'shape', type: 'transform', expression: '{ "text": "relay " & trigger.body.text }' },
      { id: 'keep', type: 'set', values: { fwd: '{{ trigger.body.text }}' } },
      { id: 'fetch', type: 'http', input: { method: 'GET', url: `${base}/upstream` } },
      { id: 'send', type: 'http', input: { method: 'POST', url: `${base}/relay`, body: { fromStep: '{{ steps.shape.text }}', fromVar: '{{ vars.fwd }}', fromService: '{{ steps.fetch.body.token }}' } } },
    ]);
    const answer = await deliver(url, { text: '⟦secret:PAYROLL_API_KEY⟧' });
    expect(answer.status).toBe('succeeded');
    const got = sentTo('/relay');
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body)).toEqual({ fromStep: 'relay ⟦secret:PAYROLL_API_KEY⟧', fromVar: '⟦secret:PAYROLL_API_KEY⟧', fromService: '⟦secret:PAYROLL_API_KEY⟧' });
    expectNoSecretIn(got[0]!.body, 'the relayed body');
    const { text } = await runDetail(answer.runId);
    expectNoSecretIn(text, 'the run detail');
  }, 30_000);

  it('finding 1: whether a named secret exists is not observable from a webhook body', async () => {
    const { url } = await hook([{ id: 'send', type: 'http', input: { method: 'POST', url: `${base}/probe`, body: { note: '{{ trigger.body.note }}' } } }], '{ "status": steps.send.status, "sent": steps.send.body.received }');
    const exists = await deliver(url, { note: '⟦secret:PAYROLL_API_KEY⟧' });
    const missing = await deliver(url, { note: '⟦secret:NO_SUCH_SECRET⟧' });
    expect(exists.status).toBe('succeeded');
    expect(missing.status).toBe(exists.status);
    expect(exists.output).toEqual({ status: 200, sent: { note: '⟦secret:PAYROLL_API_KEY⟧' } });
    expect(missing.output).toEqual({ status: 200, sent: { note: '⟦secret:NO_SUCH_SECRET⟧' } });
    expectNoSecretIn(JSON.stringify(exists), 'the webhook answer');
  }, 30_000);

  it('finding 1: a secret name computed from run data (bearerSecret) cannot pick a secret, and existence does not show', async () => {
    const steps = [{ id: 'send', type: 'http', input: { method: 'POST', url: `${base}/bearer`, bearerSecret: '{{ trigger.body.which }}', body: { hello: 'world' } } }];
    const id = await create({ trigger: { type: 'webhook', methods: ['POST'] }, steps });
    // Activation names the field: the name must be written in the step, not computed.
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
    expect(act.statusCode).toBe(422);
    expect(act.json<{ errors: { field: string }[] }>().errors).toEqual([expect.objectContaining({ field: 'steps.send.input.bearerSecret' })]);

    // The step tester runs the unpublished step with caller-chosen data: the same answer for a name that
    // exists and one that does not, and no bearer token leaves.
    const probe = async (which: string) => {
      const res = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/steps/send/test`, headers: owner.bearer, payload: { trigger: { body: { which } }, dryRun: false } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ status: string; error: { code: string; message: string } | null }>();
    };
    const exists = await probe('PAYROLL_API_KEY');
    const missing = await probe('NO_SUCH_SECRET');
    expect(exists.status).toBe('failed');
    expect({ status: missing.status, code: missing.error?.code, message: missing.error?.message }).toEqual({ status: exists.status, code: exists.error?.code, message: exists.error?.message });
    expect(sentTo('/bearer')).toHaveLength(0);
    expectNoSecretIn(JSON.stringify(exists), 'the step test answer');
  }, 30_000);

  it('finding 1: the step tester leaves placeholders in caller-supplied trigger data and step outputs as text', async () => {
    const id = await create({
      trigger: { type: 'webhook', methods: ['POST'] },
      steps: [
        { id: 'prev', type: 'transform', expression: '"unused"' },
        { id: 'send', type: 'http', input: { method: 'POST', url: `${base}/tester`, body: { fromTrigger: '{{ trigger.body.note }}', fromStep: '{{ steps.prev }}' } } },
      ],
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/workflows/${id}/steps/send/test`,
      headers: owner.bearer,
      payload: { trigger: { body: { note: '⟦secret:PAYROLL_API_KEY⟧' } }, steps: { prev: '⟦secret:LEGIT_KEY⟧' }, dryRun: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ status: string }>().status).toBe('succeeded');
    const got = sentTo('/tester');
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body)).toEqual({ fromTrigger: '⟦secret:PAYROLL_API_KEY⟧', fromStep: '⟦secret:LEGIT_KEY⟧' });
    expectNoSecretIn(res.body, 'the step test answer');
    expectOnlyPlainMarkers(res.body);
  }, 30_000);
});
