import multipart from '@fastify/multipart';
import { rm } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCan } from '../platform/access/index.js';
import { requirePrincipal, type Principal } from '../platform/http/index.js';
import { errors, parseJsonColumn, type AppContext } from '../platform/index.js';
import { createJobQueue } from '../platform/jobs/index.js';
import { connectionDto, documentDto, progressDto } from './dto.js';
import { mimeTypes } from './extract/index.js';
import type { Memory } from './memory.js';
import { createJobBoard, startIngestJob } from './pipeline/ingest-job.js';
import { callerPrincipals, everyone, memberPrincipals } from './principals.js';
import {
  connectionSchema,
  createConnectionSchema,
  documentSchema,
  idParams,
  previewSchema,
  progressSchema,
  searchQuerySchema,
  searchResponseSchema,
} from './schemas.js';
import { searchMemory } from './search/hybrid.js';
import { highlightSnippet, queryStems } from './search/snippet.js';
import { lit } from './store/index.js';
import { memoryStats, statsSchema } from './stats.js';
import type { AccessTokenProvider, SourceLinker } from './sources/index.js';
import { syncRunning } from './sources/sync.js';
import { currentSyncJob, leaseHeld, requestSync } from './sources/sync-runner.js';
import { shareIngestJob } from './sources/sync-progress.js';
import type { MemoryConnection, MemoryDocument } from './tables.js';
import { optimizeMemory } from './maintenance.js';
import { createSearchGate } from './search/gate.js';
import { receiveUploads } from './uploads.js';

export interface MemoryRoutesOptions {
  /** The process's memory; whoever wires the app creates it, closes it and starts its background work. */
  memory: Memory;
  /** Access tokens of source connections (the integrations OAuth engine plugs in here). */
  accessToken?: AccessTokenProvider;
  /** Checks a source's integrations connection when one is added (`integrationConnectionId`). */
  linkSource?: SourceLinker;
}

const tags = ['memory'];

/** A source as the access policy sees it: its owner is whoever added it (the uploads source: nobody). */
const sourceResource = (c: MemoryConnection) => ({ kind: 'source' as const, workspaceId: c.workspace_id, ownerId: c.owner_user_id ?? '' });
const sourceNotFound = { code: 'memory.connection_not_found', message: 'The source was not found.' };

/** The memory API under /api/memory: search, documents and uploads, ingest progress, sources, stats. */
export function memoryRoutes(ctx: AppContext, options: MemoryRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    const { memory } = options;
    // Uploads run in the process that received the files; their progress lives here. Sync progress is
    // shared (memory_sync_jobs), so any process answers for a sync wherever it runs.
    const jobs = createJobBoard();
    // Queue mode: "sync now" goes to the `atom worker` processes through Redis (this only sends jobs).
    const workerQueue = ctx.config.ATOM_REDIS_URL ? createJobQueue(ctx) : undefined;
    const connectionViews = async (workspaceId: string, connections: MemoryConnection[]) => {
      const latest = await memory.syncJobs.latestByConnection(workspaceId);
      return connections.map((c) => {
        const job = latest.get(c.id);
        return { ...connectionDto(c), ...(job ? { syncJobId: job.id } : {}) };
      });
    };
    /** Shared jobs (syncs and uploads of every process, the latest 50) and this process's own, oldest first. */
    const recentJobs = async (workspaceId: string) => {
      const local = jobs.list(workspaceId);
      const ids = new Set(local.map((j) => j.id));
      const shared = await Promise.all((await memory.syncJobs.recent(workspaceId)).filter((j) => !ids.has(j.id)).map((j) => currentSyncJob(memory, j)));
      return [...local, ...shared].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    };
    await app.register(multipart, {
      limits: { fileSize: ctx.config.ATOM_UPLOAD_LIMIT_BYTES, files: 1000, fields: 20 },
      throwFileSizeLimit: false,
    });

    const searchGate = createSearchGate({ concurrency: ctx.config.ATOM_MEMORY_SEARCH_CONCURRENCY, queue: ctx.config.ATOM_MEMORY_SEARCH_QUEUE });
    // The caller's accounts usually came with their credentials (Principal.identities): no second query.
    const principalsOf = (p: Principal) => (p.identities ? Promise.resolve(callerPrincipals(p.userId, p.identities)) : memberPrincipals(ctx, p.workspaceId, p.userId));
    /**
     * A document as the access policy sees it: an upload belongs to whoever uploaded it (private when only
     * they may read it); a synced file to whoever added its source.
     */
    const documentResource = async (d: MemoryDocument) => {
      if (d.source === 'upload') {
        const principals = parseJsonColumn(z.array(z.string()), d.principals, { column: 'memory_documents.principals' });
        const visibility = principals.includes(everyone) ? ('workspace' as const) : ('private' as const);
        return { kind: 'document' as const, workspaceId: d.workspace_id, ownerId: d.owner, visibility };
      }
      const source = await memory.connections.get(d.workspace_id, d.connection_id);
      return { kind: 'document' as const, workspaceId: d.workspace_id, ownerId: source?.owner_user_id ?? null, visibility: 'workspace' as const };
    };

    app.get(
      '/search',
      {
        config: { permission: 'memory:read' },
        schema: { tags, summary: 'Search every source at once (hybrid BM25 + vector)', querystring: searchQuerySchema, response: { 200: searchResponseSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const q = request.query;
        const principals = await principalsOf(p);
        const result = await searchGate.run(() => searchMemory(memory, {
          q: q.q,
          workspaceId: p.workspaceId,
          principals,
          sources: q.sources,
          mimes: q.types?.map((t) => mimeTypes[t]),
          afterMs: q.after,
          beforeMs: q.before,
          limit: q.limit,
          mode: q.mode,
        }), () => request.raw.destroyed || request.raw.socket?.destroyed === true);
        memory.metrics.searchResults.inc({ found: result.hits.length > 0 ? 'yes' : 'no' });
        // The query log is a statistic, written after the answer (failing to write it never fails a search).
        memory.queries.record(p.workspaceId, q.q, result.hits.length, result.tookMs);
        return { query: q.q, tookMs: Math.round(result.tookMs * 10) / 10, hits: result.hits };
      },
    );

    app.post(
      '/documents',
      {
        config: { permission: 'memory:write' },
        schema: {
          tags,
          summary: 'Upload files (multipart/form-data, any number of `file` parts; field `visibility=private` keeps them to yourself)',
          consumes: ['multipart/form-data'],
          querystring: z.object({ wait: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
          response: { 201: progressSchema, 202: progressSchema },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        if (!request.isMultipart()) throw errors.badRequest('Send the files as multipart/form-data.', [{ field: 'body', message: 'must be multipart/form-data' }], 'memory.upload.not_multipart');
        const received = await receiveUploads(memory, request, { workspaceId: p.workspaceId, userId: p.userId });
        if (received.files.length === 0 && received.tooLarge.length === 0) {
          await rm(received.dir, { recursive: true, force: true });
          throw errors.badRequest('The request holds no files.', [{ field: 'body', message: 'must contain at least one file part' }], 'memory.upload.no_files');
        }
        const conn = received.files[0]?.connection ?? (await memory.connections.ensure(p.workspaceId, 'upload', 'Uploads'));
        // The files are in this process, so the job runs here; its progress is shared like a sync's.
        const notify: { changed?: () => void } = {};
        const job = startIngestJob(memory, {
          workspaceId: p.workspaceId,
          label: `Upload of ${received.files.length + received.tooLarge.length} file(s)`,
          files: received.files,
          total: received.files.length + received.tooLarge.length,
          onOutcome: () => notify.changed?.(),
        });
        const share = shareIngestJob(memory, job.progress, conn.id);
        notify.changed = share.changed;
        for (const t of received.tooLarge) {
          await memory.failures.record({ workspaceId: p.workspaceId, connectionId: conn.id, externalId: t.name, name: t.name, mime: t.mime, code: 'memory.extract.too_large', reason: `The file is larger than the upload limit of ${ctx.config.ATOM_UPLOAD_LIMIT_BYTES} bytes.` });
          job.progress.done++;
          job.progress.failed++;
          job.progress.failures.push({ name: t.name, code: 'memory.extract.too_large', reason: 'larger than the upload limit' });
        }
        share.changed();
        jobs.add(job);
        await share.ready;
        const finished = share.finish(job).finally(() => rm(received.dir, { recursive: true, force: true }));
        if (request.query.wait) {
          await finished;
          return reply.code(201).send(progressDto(job.progress));
        }
        return reply.code(202).send(progressDto(job.progress));
      },
    );

    app.get(
      '/documents',
      {
        config: { permission: 'memory:read' },
        schema: {
          tags,
          summary: 'List remembered documents',
          querystring: z.object({ connectionId: z.string().optional(), status: z.enum(['indexed', 'failed', 'indexing']).optional(), after: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: { 200: z.object({ documents: z.array(documentSchema), next: z.string().optional() }) },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const rows = await memory.documents.list(p.workspaceId, await principalsOf(p), request.query);
        const failures = new Map((await memory.failures.list(p.workspaceId, 1000)).map((f) => [`${f.connection_id}|${f.external_id}`, { code: f.code, reason: f.reason }]));
        const next = rows.length === request.query.limit ? rows.at(-1)?.id : undefined;
        return { documents: rows.map((d) => documentDto(d, d.status === 'failed' ? failures.get(`${d.connection_id}|${d.external_id}`) : undefined)), ...(next ? { next } : {}) };
      },
    );

    app.get(
      '/documents/:id',
      { config: { permission: 'memory:read' }, schema: { tags, summary: 'One document', params: idParams, response: { 200: documentSchema } } },
      async (request) => {
        const p = requirePrincipal(request);
        const d = await memory.documents.get(p.workspaceId, request.params.id, await principalsOf(p));
        if (!d) throw errors.notFound('The document', 'memory.document_not_found');
        return documentDto(d);
      },
    );

    app.get(
      '/documents/:id/passages',
      {
        config: { permission: 'memory:read' },
        schema: {
          tags,
          summary: 'A document\'s passages in order, for its preview; with `q`, the matches are in <mark> and the matching passages flagged',
          params: idParams,
          querystring: z.object({ q: z.string().max(1000).optional() }),
          response: { 200: previewSchema },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const d = await memory.documents.get(p.workspaceId, request.params.id, await principalsOf(p));
        if (!d) throw errors.notFound('The document', 'memory.document_not_found');
        const rows = await memory.searchIndex().table.scan(`document_id = ${lit(d.id)} AND workspace_id = ${lit(p.workspaceId)}`, ['chunk_index', 'context', 'text'], 2000, 0);
        const stems = request.query.q ? queryStems(request.query.q) : [];
        const passages = rows
          .map((r) => ({ chunkIndex: Number(r['chunk_index']), context: String(r['context'] ?? ''), text: String(r['text'] ?? '') }))
          .sort((a, b) => a.chunkIndex - b.chunkIndex)
          .map((r) => {
            // The whole passage, escaped, with matches marked (the snippet helper with an unbounded window).
            const html = highlightSnippet(r.text, stems, Number.MAX_SAFE_INTEGER);
            return { chunkIndex: r.chunkIndex, context: r.context, html, matched: html.includes('<mark>') };
          });
        return { document: documentDto(d), passages };
      },
    );

    app.delete(
      '/documents/:id',
      { config: { permission: 'memory:write' }, schema: { tags, summary: 'Forget a document: its passages, vectors and record', params: idParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const d = await memory.documents.get(p.workspaceId, request.params.id, await principalsOf(p));
        if (!d) throw errors.notFound('The document', 'memory.document_not_found');
        assertCan(p, 'delete', await documentResource(d), { code: 'memory.document_not_found', message: 'The document was not found.' });
        await memory.deleteDocuments([d.id]);
        await memory.failures.clear(d.connection_id, d.external_id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/jobs',
      { config: { permission: 'memory:read' }, schema: { tags, summary: 'Ingest jobs of this workspace (progress)', response: { 200: z.object({ jobs: z.array(progressSchema) }) } } },
      async (request) => ({ jobs: (await recentJobs(requirePrincipal(request).workspaceId)).map(progressDto) }),
    );

    app.get(
      '/jobs/:id',
      { config: { permission: 'memory:read' }, schema: { tags, summary: 'Progress of one ingest job: done/total, current file, rate, ETA', params: idParams, response: { 200: progressSchema } } },
      async (request) => {
        const workspaceId = requirePrincipal(request).workspaceId;
        const upload = jobs.get(workspaceId, request.params.id);
        if (upload) return progressDto(upload.progress);
        const sync = await memory.syncJobs.get(workspaceId, request.params.id);
        if (!sync) throw errors.notFound('The job', 'memory.job_not_found');
        return progressDto(await currentSyncJob(memory, sync));
      },
    );

    app.get(
      '/connections',
      { config: { permission: 'memory:read' }, schema: { tags, summary: 'Sources of this workspace with their sync status', response: { 200: z.object({ connections: z.array(connectionSchema) }) } } },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        return { connections: await connectionViews(workspaceId, await memory.connections.list(workspaceId)) };
      },
    );

    app.post(
      '/connections',
      {
        config: { permission: 'connections:manage' },
        schema: { tags, summary: 'Add a Google Drive or OneDrive source (from one of your connections: `integrationConnectionId`)', body: createConnectionSchema, response: { 201: connectionSchema } },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const b = request.body;
        let settings: Record<string, unknown> = { ...(b.settings.driveId ? { driveId: b.settings.driveId } : {}) };
        let name = b.name;
        // The source's account is the one its provider verified for the connection (never typed in): the
        // adapters tag every file it lists with it. Without a linked connection the source has none.
        let accountEmail: string | null = null;
        if (b.integrationConnectionId) {
          if (!options.linkSource) throw errors.unavailable('Sources cannot be linked to connections on this server.', 'memory.source.no_credentials');
          const linked = await options.linkSource({ actor: p, kind: b.kind, integrationConnectionId: b.integrationConnectionId });
          settings = { ...settings, integrationConnectionId: b.integrationConnectionId };
          name ??= linked.label;
          accountEmail = linked.verifiedEmail;
        }
        if (!name) throw errors.badRequest('Name the source.', [{ field: 'name', message: 'is required' }], 'memory.source.name_required');
        const c = await memory.connections.create({ workspaceId: p.workspaceId, kind: b.kind, name, ownerUserId: p.userId, accountEmail, settings });
        return reply.code(201).send(connectionDto(c));
      },
    );

    app.post(
      '/connections/:id/sync',
      { config: { permission: 'memory:write' }, schema: { tags, summary: 'Sync a source now', params: idParams, response: { 202: progressSchema } } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const c = await memory.connections.get(p.workspaceId, request.params.id);
        if (!c) throw errors.notFound('The source', 'memory.connection_not_found');
        // A sync uses its owner's connection: whoever added the source, or an admin, starts it.
        assertCan(p, 'sync', sourceResource(c), sourceNotFound);
        if (c.kind !== 'google_drive' && c.kind !== 'onedrive') throw errors.badRequest('Only Google Drive and OneDrive sources sync.', undefined, 'memory.connection_not_syncable');
        if (!options.accessToken) throw errors.unavailable('Source sign-in is not configured on this server.', 'memory.source.no_credentials');
        if (leaseHeld(c, Date.now())) throw syncRunning(c.name);
        const job = await requestSync(memory, c, { accessToken: options.accessToken, queue: workerQueue });
        return reply.code(202).send(progressDto(job));
      },
    );

    app.delete(
      '/connections/:id',
      { config: { permission: 'connections:manage' }, schema: { tags, summary: 'Forget a source: every document, passage, failure and cursor of it', params: idParams, response: { 200: z.object({ forgottenDocuments: z.number() }) } } },
      async (request) => {
        const p = requirePrincipal(request);
        const c = await memory.connections.get(p.workspaceId, request.params.id);
        if (!c) throw errors.notFound('The source', 'memory.connection_not_found');
        assertCan(p, 'manage', sourceResource(c), sourceNotFound);
        return { forgottenDocuments: await memory.forgetConnection(c.id) };
      },
    );

    app.get(
      '/stats',
      { config: { permission: 'memory:read' }, schema: { tags, summary: 'Documents, passages, bytes, failures, sync lag, throughput and search analytics', response: { 200: statsSchema } } },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        return memoryStats(memory, workspaceId, await recentJobs(workspaceId));
      },
    );

    app.post(
      '/optimize',
      { config: { permission: 'settings:manage' }, schema: { tags, summary: 'Compact the store, update indexes, prune old versions and orphans', response: { 200: z.object({ compactedFragments: z.number(), prunedBytes: z.number(), orphansRemoved: z.number() }) } } },
      async () => optimizeMemory(memory),
    );
  };
}
