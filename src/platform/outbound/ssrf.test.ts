import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startHttpLab, type HttpLab } from '../../../test/fakes/http-lab/server.js';
import { AppError } from '../errors/index.js';
import { createServiceClient } from './client.js';
import { blockedAddressError, guardedGlobalFetch } from './global-fetch.js';
import { createGuardedFetch, isInternalAddress } from './ssrf.js';

describe('isInternalAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '168.63.129.16', '0.0.0.0', '::1', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])('refuses %s', (ip) => {
    expect(isInternalAddress(ip)).toBe(true);
  });
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '93.184.215.14'])('allows %s', (ip) => {
    expect(isInternalAddress(ip)).toBe(false);
  });
});

describe('guarded fetch', () => {
  let lab: HttpLab;
  beforeAll(async () => {
    lab = await startHttpLab();
    lab.handle((req, res) => {
      if (req.url === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/to-localhost') return void res.writeHead(302, { location: `http://localhost:${new URL(lab.url).port}/ok` }).end();
      if (req.url === '/hop') return void res.writeHead(302, { location: '/ok' }).end();
      sendJson(res, 200, { ok: true });
    });
  });
  afterAll(() => lab.close());

  const call = (allow: string[], path: string, base = lab.url) =>
    createServiceClient({ service: { id: 'http', name: 'target' }, baseUrl: base, fetch: createGuardedFetch({ allow }), retry: { maxAttempts: 1 } }).request({ path });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  };

  it('refuses loopback by IP literal unless allow-listed', async () => {
    const err = await refusal(call([], '/ok'));
    expect(err.code).toBe('integrations.http.blocked_address');
    expect(err.message).toMatch(/internal address \(127\.0\.0\.1\).*ATOM_SSRF_ALLOW/);
    expect((await call(['127.0.0.1'], '/ok')).body).toEqual({ ok: true });
    expect((await call(['127.0.0.0/8'], '/ok')).body).toEqual({ ok: true });
  });

  it('checks the resolved address of a host name (localhost → 127.0.0.1)', async () => {
    const err = await refusal(call([], '/ok', `http://localhost:${new URL(lab.url).port}`));
    expect(err.code).toBe('integrations.http.blocked_address');
  });

  it('checks every redirect hop', async () => {
    expect((await call(['127.0.0.1'], '/hop')).body).toEqual({ ok: true });
    expect((await refusal(call(['127.0.0.1'], '/to-metadata'))).message).toMatch(/169\.254\.169\.254/);
    // An allow-listed host name does not open its IP literal to other requests.
    const byName = `http://localhost:${new URL(lab.url).port}`;
    expect((await call(['localhost'], '/ok', byName)).body).toEqual({ ok: true });
    expect((await refusal(call(['localhost'], '/ok'))).code).toBe('integrations.http.blocked_address');
  });

  it('refuses non-http schemes', async () => {
    const err = await refusal(createGuardedFetch({ allow: [] })('file:///etc/passwd', {}));
    expect(err.message).toMatch(/Only http and https/);
  });

  it('the global-fetch shape refuses a redirect from an allow-listed host to an internal address, Requests included', async () => {
    const port = new URL(lab.url).port;
    const f = guardedGlobalFetch({ allow: ['localhost'] });
    expect(await (await f(`http://localhost:${port}/hop`)).json()).toEqual({ ok: true });
    // /to-metadata answers with a redirect to 169.254.169.254 (cloud metadata).
    const viaRequest = await f(new Request(`http://localhost:${port}/to-metadata`)).then(() => undefined, (e: unknown) => e);
    expect(blockedAddressError(viaRequest)?.message).toMatch(/169\.254\.169\.254/);
    const byIp = await f(`${lab.url}/ok`).then(() => undefined, (e: unknown) => e);
    expect(blockedAddressError(byIp)?.code).toBe('integrations.http.blocked_address');
  });
});
