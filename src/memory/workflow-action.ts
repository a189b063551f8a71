import { z } from 'zod';
import { builtInRoles, type BuiltInRole } from '../auth/index.js';
import { isAppError, type AppContext } from '../platform/index.js';
import { actionRegistry, defineAction, retryable } from '../workflows/index.js';
import type { Memory } from './memory.js';
import { everyone, memberPrincipals } from './principals.js';
import { createSearchGate } from './search/gate.js';
import { searchMemory, type SearchHit } from './search/hybrid.js';

const location = z.object({ documentId: z.string(), source: z.string(), connectionId: z.string(), title: z.string(), path: z.string(), url: z.string().nullable() });
const hit = z.object({
  documentId: z.string(),
  title: z.string(),
  source: z.string(),
  url: z.string().nullable(),
  path: z.string(),
  modifiedAt: z.string().nullable(),
  score: z.number(),
  /** The best passage's most relevant window, plain text (no markup). */
  snippet: z.string(),
  locations: z.array(location),
});

/** The search API's snippets are HTML with the matches in <mark>; a workflow wants the plain words. */
export const plainSnippet = (html: string) =>
  html.replace(/<\/?mark>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

const toHit = (h: SearchHit): z.input<typeof hit> => ({
  documentId: h.documentId,
  title: h.title,
  source: h.source,
  url: h.url ?? null,
  path: h.path,
  modifiedAt: h.modifiedAt ?? null,
  score: h.score,
  snippet: plainSnippet(h.passages[0]?.snippet ?? ''),
  locations: h.locations.map((l) => ({ ...l, url: l.url ?? null })),
});

/**
 * Whose access a run searches with: the author of the workflow version that runs (the person who wrote
 * this step; an editor who adds a search to someone else's workflow searches with their own access, not
 * the creator's), while they are still a member whose role grants memory:read. Otherwise, and for a run
 * of no known author, only workspace-wide passages (`*`): a workflow never sees more than a person could.
 */
export async function runPrincipals(ctx: AppContext, memory: Memory, workspaceId: string, runId: string): Promise<string[]> {
  const author = await ctx.db
    .selectFrom('workflow_runs as r')
    .innerJoin('workflow_versions as v', (j) => j.onRef('v.workflow_id', '=', 'r.workflow_id').onRef('v.version', '=', 'r.version'))
    .innerJoin('auth_memberships as m', (j) => j.onRef('m.user_id', '=', 'v.author').onRef('m.workspace_id', '=', 'r.workspace_id'))
    .select(['v.author', 'm.role'])
    .where('r.id', '=', runId)
    .where('r.workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!author || !(await roleCanReadMemory(ctx, workspaceId, author.role))) return [everyone];
  return memberPrincipals(ctx, workspaceId, author.author);
}

async function roleCanReadMemory(ctx: AppContext, workspaceId: string, role: string): Promise<boolean> {
  if (Object.hasOwn(builtInRoles, role)) return (builtInRoles[role as BuiltInRole].permissions as readonly string[]).includes('memory:read');
  const custom = await ctx.db.selectFrom('auth_roles').select('permissions').where('workspace_id', '=', workspaceId).where('name', '=', role).executeTakeFirst();
  return !!custom && z.array(z.string()).catch([]).parse(JSON.parse(custom.permissions)).includes('memory:read');
}

/**
 * `memory.search`, the action behind workflow steps of type `memory_search`: the hybrid search of the
 * run's workspace with its author's access (see runPrincipals). Registered once into the context's
 * registry, over that context and its Memory (the process's one, shared with its routes/worker).
 */
export function registerMemoryWorkflowAction(ctx: AppContext, memory: Memory): void {
  // Its own admission gate with the search API's limits: the API's gate lives inside the memory routes,
  // and a worker process has none. A busy gate is a retryable step failure, not a lost run.
  const registry = actionRegistry(ctx);
  if (registry.get('memory.search')) return;
  const gate = createSearchGate({ concurrency: ctx.config.ATOM_MEMORY_SEARCH_CONCURRENCY, queue: ctx.config.ATOM_MEMORY_SEARCH_QUEUE });
  registry.register(
    defineAction({
      id: 'memory.search',
      title: 'Search memory',
      description: 'Finds documents in the workspace memory (uploads, folders, Drive, OneDrive) by words and meaning.',
      aiDescription: 'Use to find the workspace\'s own documents about a topic before summarising or reporting on them; returns the best documents with a plain-text snippet each. Use an integration action instead to list a folder or fetch a specific file.',
      input: z.object({ query: z.string(), limit: z.number().int().min(1).max(100).default(10) }),
      output: z.object({ hits: z.array(hit), count: z.number().int() }),
      idempotent: true,
      sideEffect: false,
      async run(actx, input) {
        if (!input.query.trim()) return { hits: [], count: 0 };
        const principals = await runPrincipals(ctx, memory, actx.workspaceId, actx.runId);
        try {
          const result = await gate.run(() => searchMemory(memory, { q: input.query, workspaceId: actx.workspaceId, principals, limit: input.limit }), () => actx.signal.aborted);
          memory.metrics.searchResults.inc({ found: result.hits.length > 0 ? 'yes' : 'no' });
          const hits = result.hits.slice(0, input.limit).map(toHit);
          return { hits, count: hits.length };
        } catch (err) {
          if (isAppError(err) && err.code === 'memory.search.busy') throw retryable(err.code, err.message, { retryAfterMs: 1000, cause: err });
          throw err;
        }
      },
    }),
  );
}
