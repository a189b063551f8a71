import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSftpServer, type SftpTestServer } from '../sftp/fake.js';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { workflowRuntime } from '../../workflows/index.js';

/** SFTP list / get / put as workflow steps against a real SFTP server (ssh2's server API) on 127.0.0.1. */
describe('SFTP in workflows', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let server: SftpTestServer;
  let connection = '';
  const settings = (password: string, extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: server.port, username: server.user, password, ...extra });
  const connect = (s: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'sftp', credentials: { settings: s } } });
  const create = async (definition: unknown) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: `wf ${Math.random()}`, definition } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const activate = (id: string) => t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });

  beforeAll(async () => {
    server = await startSftpServer();
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_LOG_LEVEL: 'warn' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await server?.close();
  });

  it('connecting: a wrong password and a host key other than the pinned one are refused; the right ones are sealed', async () => {
    const wrong = await connect(settings('wrong-sftp-pass'));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).not.toContain('wrong-sftp-pass');
    const otherKey = await connect(settings(server.password, { hostKeySha256: `SHA256:${'A'.repeat(43)}` }));
    expect(otherKey.statusCode).toBe(422);
    const noSecret = await connect({ host: '127.0.0.1', username: 'x' });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field)).toContain('body.credentials.settings.password');
    const ok = await connect(settings(server.password, { hostKeySha256: server.hostKeySha256 }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.body).not.toContain(server.password);
    connection = ok.json<{ id: string }>().id;
  });

  it('put, list and get run as workflow steps', async () => {
    fs.writeFileSync(path.join(server.root, 'existing.csv'), 'a,b\n1,2\n');
    const id = await create({
      trigger: { type: 'manual' },
      steps: [
        { id: 'put', type: 'action', action: 'sftp.put', input: { connectionId: connection, path: 'out/report-{{ trigger.day }}.txt', content: 'total: {{ trigger.total }}', createFolders: true } },
        { id: 'list', type: 'action', action: 'sftp.list', input: { connectionId: connection, path: '.' } },
        { id: 'get', type: 'action', action: 'sftp.get', input: { connectionId: connection, path: 'existing.csv' } },
      ],
    });
    expect((await activate(id)).statusCode).toBe(200);
    const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: owner.bearer, payload: { input: { day: '2026-12-06', total: 42 }, waitMs: 20_000 } });
    const run = r.json<{ id: string; status: string; error: unknown }>();
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    expect(fs.readFileSync(path.join(server.root, 'out', 'report-2026-12-06.txt'), 'utf8')).toBe('total: 42');
    const steps = (await t.app.inject({ url: `/api/runs/${run.id}`, headers: owner.bearer })).json<{ steps: { stepId: string; output: unknown }[] }>().steps;
    const out = (s: string) => steps.find((x) => x.stepId === s)?.output;
    expect(out('put')).toEqual({ path: 'out/report-2026-12-06.txt', size: 9 });
    expect(out('list')).toMatchObject({ entries: [expect.objectContaining({ name: 'existing.csv', type: 'file', size: 8 }), expect.objectContaining({ name: 'out', type: 'folder' })] });
    expect(out('get')).toMatchObject({ content: 'a,b\n1,2\n', size: 8, encoding: 'utf8' });
  });

  it('a missing file fails the run as not found; bad input is a 422 naming the field', async () => {
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'get', type: 'action', action: 'sftp.get', input: { connectionId: connection, path: 'nope.txt' } }] });
    expect((await activate(id)).statusCode).toBe(200);
    const r = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: owner.bearer, payload: { waitMs: 20_000 } })).json<{ status: string; error: { code: string } | null }>();
    expect(r).toMatchObject({ status: 'failed', error: { code: 'integrations.http.not_found' } });
    const bad = await create({ trigger: { type: 'manual' }, steps: [{ id: 'put', type: 'action', action: 'sftp.put', input: { connectionId: connection, path: 'x.bin', content: 'x', encoding: 'hex' } }] });
    const a = await activate(bad);
    expect(a.statusCode).toBe(422);
    expect(a.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field)).toContain('steps.put.input.encoding');
  });
});
