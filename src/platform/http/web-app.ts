import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import type { HttpServer } from './server.js';
import { isPageLoad } from './web-paths.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the built web app is: ATOM_WEB_DIST, else web/dist beside the package. */
export function webDistDir(ctx: AppContext): string {
  return path.resolve(ctx.config.ATOM_WEB_DIST ?? path.join(packageRoot, 'web', 'dist'));
}

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
