import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { integrationError } from './errors.js';
import { followRedirects } from './redirects.js';
import type { FetchLike } from './client.js';

/**
 * Addresses the generic HTTP action and outgoing webhooks must not reach unless an admin allow-lists them.
 * Deny by default: only what ipaddr.js classes as ordinary `unicast` may be called, so every special-purpose
 * range of the IANA registries is refused: loopback, private, link-local (cloud metadata at 169.254.169.254),
 * carrier-grade NAT (Alibaba's metadata at 100.100.100.200), unique-local fc00::/7, the deprecated but still
 * routed site-local fec0::/10, 6to4, Teredo, multicast, documentation and reserved ranges. Known metadata
 * endpoints on public addresses (Azure's wire server) are refused by name.
 */
const blockedExact = new Set(['168.63.129.16']);
/** NAT64's well-known prefix (RFC 6052): the gateway connects to the IPv4 address in the last 32 bits. */
const nat64 = ipaddr.parseCIDR('64:ff9b::/96');
/** IPv4-compatible addresses (RFC 4291, deprecated): ipaddr.js calls them unicast, but they name IPv4 hosts. */
const ipv4Compatible = ipaddr.parseCIDR('::/96');

export interface SsrfPolicy {
  /** Hosts, IP addresses or CIDR ranges allowed although internal (ATOM_SSRF_ALLOW). */
  allow: readonly string[];
}

/** The address a connection really reaches: ::ffff:127.0.0.1 and 64:ff9b::7f00:1 are 127.0.0.1. */
function normalize(ip: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv4') return addr;
  const v6 = addr as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  if (v6.match(nat64)) return ipaddr.fromByteArray(v6.toByteArray().slice(12));
  return v6;
}

function allowedByPolicy(policy: SsrfPolicy, host: string, ip?: string): boolean {
  for (const entry of policy.allow) {
    if (entry.toLowerCase() === host.toLowerCase()) return true;
    if (!ip) continue;
    try {
      if (entry.includes('/')) {
        const [range, bits] = ipaddr.parseCIDR(entry);
        const addr = normalize(ip);
        if (addr.kind() === range.kind() && addr.match([range, bits] as [typeof addr, number])) return true;
      } else if (ipaddr.isValid(entry) && normalize(entry).toString() === normalize(ip).toString()) return true;
    } catch {
      // Not an address or range: compared as a host name above.
    }
  }
  return false;
}

/** True when an IP address is internal (and so refused unless allow-listed). */
export function isInternalAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return true;
  const addr = normalize(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).match(ipv4Compatible)) return true;
  return addr.range() !== 'unicast' || blockedExact.has(addr.toString());
}

const blocked = (host: string, ip: string) =>
  integrationError(
    'integrations.http.blocked_address',
    `Atom does not call ${host} because it resolves to an internal address (${ip}). An admin can allow it with ATOM_SSRF_ALLOW.`,
    { service: 'http', notSent: true },
  );

/** Checks a URL before any connection: scheme, and the host when it is an IP literal. */
export function assertUrlAllowed(url: URL, policy: SsrfPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw integrationError('integrations.http.blocked_address', `Only http and https URLs can be called (got ${url.protocol}).`, { service: 'http', notSent: true });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isInternalAddress(host) && !allowedByPolicy(policy, host, host)) throw blocked(host, host);
}

/**
 * A DNS lookup that drops internal answers. It runs inside the connection itself, so the address checked is
 * the address connected to (no time-of-check/time-of-use gap for DNS rebinding).
 */
export function guardedLookup(policy: SsrfPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const ok = addresses.filter((a) => !isInternalAddress(a.address) || allowedByPolicy(policy, hostname, a.address));
      if (ok.length === 0) return callback(blocked(hostname, addresses[0]?.address ?? 'unknown'), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
      return callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

/**
 * A fetch for user-supplied URLs: checks every URL (redirects included, followed by hand) and every resolved
 * address against the policy; a redirect to another origin goes without credentials (see redirects.ts).
 */
export function createGuardedFetch(policy: SsrfPolicy, maxRedirects = 5): FetchLike {
  const agent = new Agent({ connect: { lookup: guardedLookup(policy) } });
  const send = async (url: URL, init: RequestInit): Promise<Response> => {
    assertUrlAllowed(url, policy);
    // undici's own fetch takes its own Agent; its Response is the WHATWG Response global fetch returns.
    return (await undiciFetch(url, { ...(init as object), body: init.body as string | undefined, redirect: 'manual', dispatcher: agent })) as unknown as Response;
  };
  return (input, init) => followRedirects(send, input, init, maxRedirects);
}
