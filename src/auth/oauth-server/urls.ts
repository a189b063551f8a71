import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/index.js';

/** Atom's public origin (ATOM_PUBLIC_URL behind a proxy, else the request's), without a trailing slash. */
export const publicBaseUrl = (ctx: AppContext, request: FastifyRequest): string =>
  (ctx.config.ATOM_PUBLIC_URL ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');

/** The MCP endpoint as an OAuth resource (RFC 8707): the audience every access token Atom issues is bound to. */
export const mcpResourceUrl = (ctx: AppContext, request: FastifyRequest): string => `${publicBaseUrl(ctx, request)}/mcp`;

export const OAUTH_SCOPE = 'mcp';
