import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/index.js';

export const SESSION_COOKIE = 'atom_session';
export const OIDC_COOKIE = 'atom_oidc';

/** One cookie's value from the request's Cookie header. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Cookies are Secure when Atom is served over TLS or its public URL is https. */
export const secureCookies = (ctx: AppContext, request: FastifyRequest): boolean =>
  request.protocol === 'https' || (ctx.config.ATOM_PUBLIC_URL?.startsWith('https://') ?? false);

export interface CookieOptions {
  maxAgeSeconds: number;
  path?: string;
  secure: boolean;
}

/** HttpOnly, SameSite=Lax: sent on top-level navigations (SSO callback) but not on cross-site posts. */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  void reply.header('set-cookie', [...list, parts.join('; ')]);
}

export const clearCookie = (reply: FastifyReply, name: string, options: { path?: string; secure: boolean }): void =>
  setCookie(reply, name, '', { maxAgeSeconds: 0, ...options });
