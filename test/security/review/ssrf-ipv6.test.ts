import { describe, expect, it } from 'vitest';
import { isInternalAddress } from '../../../src/platform/outbound/index.js';
import { createLogger } from '../../../src/platform/logging/index.js';
import { httpRequestAction, type ActionContext, type ActionError } from '../../../src/workflows/actions/index.js';

/**
 * Low finding "fec0::/10 passes the SSRF guard": site-local IPv6 (deprecated, still routed inside some
 * networks) reached the HTTP action. The table covers the IPv6 special-purpose ranges: those that can lead
 * inside are refused; addresses embedding an IPv4 address (mapped, NAT64) are judged as that address.
 */
const refused: [string, string][] = [
  ['site-local fec0::/10', 'fec0::1'],
  ['site-local, upper end', 'feff:ffff::1'],
  ['site-local with a metadata-like suffix', 'fec0::a9fe:a9fe'],
  ['unique-local fc00::/7', 'fc00::1'],
  ['unique-local fd00::/8 (AWS IMDS IPv6)', 'fd00:ec2::254'],
  ['link-local fe80::/10', 'fe80::1'],
  ['unspecified ::/128', '::'],
  ['loopback ::1', '::1'],
  ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
  ['IPv4-mapped private', '::ffff:10.0.0.1'],
  ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
  ['IPv4-compatible (deprecated ::/96) private', '::10.0.0.1'],
  ['IPv4-translated ::ffff:0:0:0/96', '::ffff:0:a00:1'],
  ['NAT64 64:ff9b::/96 of loopback', '64:ff9b::7f00:1'],
  ['NAT64 64:ff9b::/96 of a private address', '64:ff9b::a00:1'],
  ['NAT64 64:ff9b::/96 of metadata', '64:ff9b::a9fe:a9fe'],
  ['local-use NAT64 64:ff9b:1::/48', '64:ff9b:1::a00:1'],
  ['6to4 2002::/16 embedding a private address', '2002:a00:1::1'],
  ['6to4 2002::/16 embedding loopback', '2002:7f00:1::1'],
  ['Teredo 2001::/32', '2001::1'],
  ['multicast ff00::/8', 'ff02::1'],
  ['multicast, global scope', 'ff0e::1'],
  ['documentation 2001:db8::/32', '2001:db8::1'],
  ['discard-only 100::/64', '100::1'],
  ['ORCHIDv2', '2001:20::1'],
  ['segment routing 5f00::/16', '5f00::1'],
];
const allowed: [string, string][] = [
  ['a global unicast address (Cloudflare DNS)', '2606:4700:4700::1111'],
  ['a global unicast address (Google DNS)', '2001:4860:4860::8888'],
  ['IPv4-mapped public address', '::ffff:8.8.8.8'],
  ['NAT64 of a public address (DNS64 networks)', '64:ff9b::808:808'],
];

describe('finding "fec0::/10 passes the SSRF guard": IPv6 special ranges', () => {
  it.each(refused)('refuses %s (%s)', (_label, ip) => {
    expect(isInternalAddress(ip)).toBe(true);
  });
  it.each(allowed)('allows %s (%s)', (_label, ip) => {
    expect(isInternalAddress(ip)).toBe(false);
  });

  const ctx = (): ActionContext => ({
    workspaceId: 'ws',
    runId: 'run',
    stepId: 'step',
    idempotencyKey: 'k',
    attempt: 1,
    signal: new AbortController().signal,
    logger: createLogger({ level: 'silent', pretty: 'false' }),
    dryRun: false,
    secret: async () => undefined,
    log: () => undefined,
  });

  it.each(refused)('core.http_request refuses a URL at %s before sending anything', async (_label, ip) => {
    const input = httpRequestAction.input.parse({ url: `http://[${ip}]:8080/latest/meta-data/`, timeoutMs: 2000 });
    const err = await httpRequestAction.run(ctx(), input).then(() => undefined, (e: unknown) => e);
    expect((err as ActionError).code).toBe('workflows.http.blocked_address');
    expect((err as ActionError).retryable).toBe(false);
  });
});
