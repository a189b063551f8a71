import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../../test/fakes/google-apis/server.js';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { exampleParams } from '../http/template-routes.js';
import { workflowRuntime } from '../runtime.js';
import { workflowTemplates } from './index.js';

/**
 * Every template the gallery offers, instantiated through the API with stand-in answers to its questions and
 * dry-run with the real action registry (no stand-in actions): each action it names exists and accepts the
 * template's input, and the run succeeds with side effects previewed. AI steps answer from the OpenAI fake with
 * one JSON object that has the fields the templates read (empty lists, neutral values). Reading steps run for
 * real in a dry run, so the services they read (Google Calendar) are connected against their fake.
 */
const KEY = 'sk-templates-dry-run-0123456789';
const answer = JSON.stringify({ items: [], contracts: [], category: 'other', urgent: false, score: 0, reply: '', kind: 'question', severity: 'low', is_task: false, title: '', summary: '' });
describe('offered templates dry-run with only existing actions', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let offered: { id: string; services: string[] }[] = [];
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let google: GoogleFake;

  beforeAll(async () => {
    google = await startGoogleFake();
    t = await createTestApp('sqlite', {
      ATOM_INTEGRATIONS: JSON.stringify({ 'google-calendar': { apiBaseUrl: `${google.url}/calendar/v3` } }), ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_LOG_LEVEL: 'warn' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
    openai = await startFakeOpenAI({ keys: [KEY] });
    openai.script({ text: answer });
    const key = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: owner.bearer, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1`, scope: 'workspace' } });
    expect(key.statusCode, key.body).toBe(201);
    const cal = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'google-calendar', verify: false, credentials: { accessToken: google.issue() } } });
    expect(cal.statusCode, cal.body).toBe(201);
    offered = (await t.app.inject({ url: '/api/templates', headers: owner.bearer })).json<{ items: { id: string; services: string[] }[] }>().items;
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await openai?.close();
    await google?.close();
  });

  it('offers most templates', () => {
    expect(offered.length).toBeGreaterThanOrEqual(19);
  });

  it('each offered template instantiates and completes a dry run', async () => {
    const failures: string[] = [];
    for (const { id } of offered) {
      const template = workflowTemplates.find((x) => x.id === id)!;
      const inst = await t.app.inject({ method: 'POST', url: `/api/templates/${id}/instantiate`, headers: owner.bearer, payload: { params: exampleParams(template) } });
      if (inst.statusCode !== 201) {
        failures.push(`${id}: instantiate ${inst.statusCode} ${inst.body}`);
        continue;
      }
      const wf = inst.json<{ id: string }>().id;
      const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${wf}/run`, headers: owner.bearer, payload: { dryRun: true, usePinned: true, version: 'latest', waitMs: 20_000 } });
      const run = r.json<{ status: string; error: { message: string } | null }>();
      if (run.status !== 'succeeded') failures.push(`${id}: ${r.statusCode} ${run.status} ${JSON.stringify(run.error ?? r.json())}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
