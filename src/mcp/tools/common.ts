import { can, type Actor, type Decision } from '../../platform/access/index.js';
import type { AppContext } from '../../platform/index.js';

/** Search marks matches for display (HTML-escaped, `<mark>`); a model reads plain text. */
export const plainText = (html: string): string =>
  html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Where a person opens the document: the source's own link, else Atom's document page. */
export const documentLink = (ctx: AppContext, documentId: string, url: string | null | undefined): string =>
  url ?? `${ctx.config.ATOM_PUBLIC_URL ?? ''}/memory/documents/${encodeURIComponent(documentId)}`;

const allow: Decision = { allowed: true };

/** A route's declared permission, asked of the caller as the request guard asks it. */
export const holds =
  (permission: string) =>
  (actor: Actor): Decision =>
    actor.permissions.has(permission) ? allow : { allowed: false, code: 'access.permission_missing', reason: `Your role (${actor.role}) does not allow ${permission}.`, hide: false };

export const readsWorkflows = (a: Actor) => can(a, 'read', { kind: 'workflow', workspaceId: a.workspaceId });
export const runsWorkflows = (a: Actor) => can(a, 'run', { kind: 'workflow', workspaceId: a.workspaceId });
export const readsRuns = (a: Actor) => can(a, 'read', { kind: 'run', workspaceId: a.workspaceId });
