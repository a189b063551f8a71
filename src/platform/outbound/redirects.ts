import { integrationError } from './errors.js';

/**
 * Following redirects without handing credentials to another origin.
 *
 * Browsers and the Fetch standard drop `Authorization` when a redirect leaves the origin; undici's fetch
 * also drops Cookie and Proxy-Authorization, but any other header (X-Api-Key, X-Goog-Api-Key, PRIVATE-TOKEN,
 * a workflow author's own header holding a secret) still goes along. Atom cannot know which custom header
 * carries a secret, so across origins it keeps only the content-negotiation headers below and drops the
 * rest (deny by default). Within one origin (same scheme, host and port) every header is kept.
 */
const crossOriginSafeHeaders = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-language',
  'content-type',
  'pragma',
  'user-agent',
]);

/** The headers to send on the next hop: all of them within the origin, only the safe ones across. */
export function headersForHop(headers: RequestInit['headers'], from: URL, to: URL): Headers {
  const next = new Headers(headers);
  if (from.origin === to.origin) return next;
  for (const name of [...next.keys()]) if (!crossOriginSafeHeaders.has(name)) next.delete(name);
  return next;
}

/** One request without following redirects; `url` is checked by the caller's guard before it is sent. */
export type SendOnce = (url: URL, init: RequestInit) => Promise<Response>;

const isRedirect = (res: Response) => res.status >= 300 && res.status < 400 && res.status !== 304 && res.headers.has('location');

/**
 * Follows redirects by hand over `send` (which must not follow them itself), so each hop is sent through
 * the caller's checks (the SSRF guard) and credentials stay with their origin. Honours `init.redirect`:
 * 'manual' returns the 3xx as it is, 'error' refuses it. 303, and 301/302 after a POST, continue as a GET
 * without body (as fetch does); 307/308 resend the method and body.
 */
export async function followRedirects(send: SendOnce, input: string | URL, init: RequestInit, maxRedirects = 5): Promise<Response> {
  let url = new URL(input);
  let current: RequestInit = { ...init, redirect: 'manual' };
  for (let hop = 0; ; hop++) {
    const res = await send(url, current);
    if (!isRedirect(res) || init.redirect === 'manual') return res;
    await res.body?.cancel().catch(() => undefined);
    if (init.redirect === 'error') {
      throw integrationError('integrations.http.bad_request', `${url.host} answered with a redirect, which this call does not follow.`, { service: 'http' });
    }
    if (hop >= maxRedirects) {
      throw integrationError('integrations.http.bad_request', `${url.host} redirected more than ${maxRedirects} times.`, { service: 'http' });
    }
    const next = new URL(res.headers.get('location')!, url);
    const headers = headersForHop(current.headers, url, next);
    const method = (current.method ?? 'GET').toUpperCase();
    if (res.status === 303 ? method !== 'HEAD' : (res.status === 301 || res.status === 302) && method === 'POST') {
      current = { ...current, method: 'GET', body: null };
      for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language']) headers.delete(name);
    }
    current = { ...current, headers };
    url = next;
  }
}
