import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import type { HttpServer } from './server.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the built web app is: ATOM_WEB_DIST, else web/dist beside the package. */
export function webDistDir(ctx: AppContext): string {
  return path.resolve(ctx.config.ATOM_WEB_DIST ?? path.join(packageRoot, 'web', 'dist'));
}

// Paths that belong to the API or the platform: an unknown one is a 404 problem, never the web app.
const apiPrefixes = ['/api/', '/api', '/openapi.json', '/docs', '/health', '/ready', '/metrics', '/assets/'];

export const isPageLoad = (url: string): boolean => {
  const pathname = url.split('?')[0] ?? '/';
  if (apiPrefixes.some((p) => pathname === p || pathname.startsWith(p.endsWith('/') ? p : `${p}/`))) return false;
  // A path with a file extension is an asset request, not a client route.
  return !/\.[a-z0-9]{1,8}$/i.test(pathname);
};

/**
 * A request for a file (the web app's scripts, styles and icons, the API docs page's): one page load
 * makes dozens, so the access log keeps them at debug.
 */
export const isStaticFile = (url: string): boolean => {
  const pathname = url.split('?')[0] ?? '/';
  return !pathname.startsWith('/api/') && pathname !== '/openapi.json' && /\.[a-z0-9]{1,16}$/i.test(pathname);
};

/**
 * Serves the web app: hashed assets with a year-long immutable cache, everything else no-cache, and
 * index.html for the app's client routes. Without a build, a short page says how to make one.
 */
export async function registerWebApp(app: HttpServer, ctx: AppContext) {
  const dist = webDistDir(ctx);
  const indexFile = path.join(dist, 'index.html');
  const built = existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: false,
      setHeaders: (res, filePath) => {
        const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
        void res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    ctx.logger.warn({ dist }, 'web app is not built; run `npm run build:web`');
  }
  const sendIndex = (reply: FastifyReply) => {
    if (!built) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send('<!doctype html><title>Atom</title><p>The Atom web app is not built yet. Run <code>npm run build:web</code>.</p>');
    }
    // Read per request: a rebuild while serving must not leave stale asset names behind.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(indexFile));
  };
  app.get('/', { schema: { hide: true }, config: { permission: 'public' } }, (_req, reply) => sendIndex(reply));
  return { isPageLoad, send: sendIndex };
}
