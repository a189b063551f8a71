import { guardedLookup } from '../../platform/outbound/index.js';

/**
 * The address a database, mail or file connection may open a socket to for `host`, under the same rule as the
 * HTTP action (src/platform/outbound/ssrf.ts): internal addresses (loopback, private, link-local, metadata...)
 * are refused unless ATOM_SSRF_ALLOW lists the host, address or range. Callers connect to the returned address.
 */
export function resolveAllowedHost(host: string, allow: readonly string[]): Promise<string> {
  const name = host.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    guardedLookup({ allow })(name, { all: false }, (err, address) => {
      if (err) reject(err);
      else resolve(typeof address === 'string' ? address : (address[0]?.address ?? ''));
    });
  });
}
