import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { errors, newId, nowIso, parseJsonColumn, type Database } from '../../platform/index.js';
import type { WorkflowDefinition } from '../definition/schema.js';
import '../tables.js';

export interface WorkflowRecord {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  active: boolean;
  latestVersion: number;
  publishedVersion: number | null;
  hasWebhookToken: boolean;
  pinnedTriggerData: unknown;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowVersionRecord {
  workflowId: string;
  version: number;
  name: string;
  definition: WorkflowDefinition;
  author: string;
  message: string;
  createdAt: string;
}

type Row = Database['workflows'];
const toRecord = (r: { [K in keyof Row]: Row[K] }): WorkflowRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  description: r.description,
  active: r.active === 1,
  latestVersion: r.latest_version,
  publishedVersion: r.published_version,
  hasWebhookToken: r.webhook_token_hash !== null,
  pinnedTriggerData: r.pinned_trigger_data === null ? null : parseJsonColumn(z.unknown(), r.pinned_trigger_data, { column: 'workflows.pinned_trigger_data' }),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Workflows and their immutable versions, always scoped by workspace. */
export function createWorkflowStore(db: Kysely<Database>) {
  const getRow = (workspaceId: string, id: string) =>
    db.selectFrom('workflows').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  const findVersion = async (workspaceId: string, id: string, version: number): Promise<WorkflowVersionRecord | undefined> => {
    const r = await db.selectFrom('workflow_versions').selectAll().where('workspace_id', '=', workspaceId).where('workflow_id', '=', id).where('version', '=', version).executeTakeFirst();
    if (!r) return undefined;
    return { workflowId: r.workflow_id, version: r.version, name: r.name, definition: JSON.parse(r.definition) as WorkflowDefinition, author: r.author, message: r.message, createdAt: r.created_at };
  };

  return {
    async create(input: { workspaceId: string; name: string; description?: string; definition: WorkflowDefinition; author: string; message?: string }): Promise<WorkflowRecord> {
      const id = newId('wf_');
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('workflows')
          .values({ id, workspace_id: input.workspaceId, name: input.name, description: input.description ?? '', active: 0, latest_version: 1, published_version: null, webhook_token_hash: null, webhook_hmac_sealed: null, pinned_trigger_data: null, created_by: input.author, created_at: now, updated_at: now })
          .execute();
        await trx
          .insertInto('workflow_versions')
          .values({ workflow_id: id, version: 1, workspace_id: input.workspaceId, definition: JSON.stringify(input.definition), name: input.name, author: input.author, message: input.message ?? 'Created', created_at: now })
          .execute();
      });
      return toRecord((await getRow(input.workspaceId, id))!);
    },

    async get(workspaceId: string, id: string): Promise<WorkflowRecord> {
      const r = await getRow(workspaceId, id);
      if (!r) throw errors.notFound('Workflow', 'workflows.not_found');
      return toRecord(r);
    },

    /** The workflow, or undefined (for callers with their own not-found answer). */
    async find(workspaceId: string, id: string): Promise<WorkflowRecord | undefined> {
      const r = await getRow(workspaceId, id);
      return r ? toRecord(r) : undefined;
    },

    /** Names of those of `ids` that are workflows of the workspace (deleted or foreign ones are left out). */
    async namesByIds(workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
      const wanted = [...new Set(ids)];
      if (wanted.length === 0) return new Map();
      const rows = await db.selectFrom('workflows').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', wanted).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /** Records that a workflow was made from a gallery template (usage analytics count these). */
    async recordTemplateUse(input: { workspaceId: string; workflowId: string; templateId: string; createdBy: string }): Promise<void> {
      await db.insertInto('workflow_template_uses').values({ workflow_id: input.workflowId, workspace_id: input.workspaceId, template_id: input.templateId, created_by: input.createdBy, created_at: nowIso() }).execute();
    },

    /** By id (UUIDv7, so by creation): oldest first, or newest first with `newestFirst` (`after` then pages backwards). */
    async list(workspaceId: string, opts: { limit: number; after?: string | undefined; newestFirst?: boolean }): Promise<WorkflowRecord[]> {
      let q = db.selectFrom('workflows').selectAll().where('workspace_id', '=', workspaceId).orderBy('id', opts.newestFirst ? 'desc' : 'asc').limit(opts.limit);
      if (opts.after) q = q.where('id', opts.newestFirst ? '<' : '>', opts.after);
      return (await q.execute()).map(toRecord);
    },

    async listAll(workspaceId: string): Promise<WorkflowRecord[]> {
      return (await db.selectFrom('workflows').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute()).map(toRecord);
    },

    /** Saves a new immutable version (a draft until published). */
    async saveVersion(workspaceId: string, id: string, input: { definition: WorkflowDefinition; name?: string | undefined; description?: string | undefined; author: string; message: string }): Promise<WorkflowVersionRecord> {
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        // Bump first: the UPDATE takes the row lock, so two saves of one workflow at once get versions N+1
        // and N+2 instead of both reading N and colliding on the version key (a 500 on PostgreSQL).
        const bumped = await trx
          .updateTable('workflows')
          .set({ latest_version: sql<number>`latest_version + 1`, updated_at: now })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .returning(['latest_version', 'name', 'description'])
          .executeTakeFirst();
        if (!bumped) throw errors.notFound('Workflow', 'workflows.not_found');
        const version = bumped.latest_version;
        const name = input.name ?? bumped.name;
        await trx
          .insertInto('workflow_versions')
          .values({ workflow_id: id, version, workspace_id: workspaceId, definition: JSON.stringify(input.definition), name, author: input.author, message: input.message, created_at: now })
          .execute();
        await trx
          .updateTable('workflows')
          .set({ name, description: input.description ?? bumped.description })
          .where('id', '=', id)
          .execute();
        return { workflowId: id, version, name, definition: input.definition, author: input.author, message: input.message, createdAt: now };
      });
    },

    async getVersion(workspaceId: string, id: string, version: number): Promise<WorkflowVersionRecord> {
      const v = await findVersion(workspaceId, id, version);
      if (!v) throw errors.notFound(`Version ${version} of the workflow`, 'workflows.version_not_found');
      return v;
    },

    /** The version, or undefined (for callers with their own not-found answer). */
    findVersion,

    async listVersions(workspaceId: string, id: string) {
      const rows = await db
        .selectFrom('workflow_versions')
        .select(['version', 'name', 'author', 'message', 'created_at'])
        .where('workspace_id', '=', workspaceId)
        .where('workflow_id', '=', id)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((r) => ({ version: r.version, name: r.name, author: r.author, message: r.message, createdAt: r.created_at }));
    },

    async update(workspaceId: string, id: string, patch: Partial<Pick<Row, 'active' | 'published_version' | 'webhook_token_hash' | 'webhook_hmac_sealed' | 'pinned_trigger_data' | 'name' | 'description'>>): Promise<void> {
      const r = await db.updateTable('workflows').set({ ...patch, updated_at: nowIso() }).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw errors.notFound('Workflow', 'workflows.not_found');
    },

    async remove(workspaceId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const r = await trx.deleteFrom('workflows').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) throw errors.notFound('Workflow', 'workflows.not_found');
        await trx.deleteFrom('workflow_versions').where('workflow_id', '=', id).execute();
      });
    },

    async findByWebhookHash(hash: string): Promise<(WorkflowRecord & { hmacSealed: string | null }) | undefined> {
      const r = await db.selectFrom('workflows').selectAll().where('webhook_token_hash', '=', hash).executeTakeFirst();
      return r ? { ...toRecord(r), hmacSealed: r.webhook_hmac_sealed } : undefined;
    },

    /** Active workflows with their published definitions (the scheduler filters by trigger). */
    async listActivePublished(): Promise<{ workflow: WorkflowRecord; definition: WorkflowDefinition; version: number; author: string }[]> {
      const rows = await db
        .selectFrom('workflows as w')
        .innerJoin('workflow_versions as v', (j) => j.onRef('v.workflow_id', '=', 'w.id').onRef('v.version', '=', 'w.published_version'))
        .selectAll('w')
        .select(['v.definition as definition', 'v.version as version', 'v.author as author'])
        .where('w.active', '=', 1)
        .execute();
      return rows.map((r) => ({ workflow: toRecord(r), definition: JSON.parse(r.definition) as WorkflowDefinition, version: r.version, author: r.author }));
    },
  };
}

export type WorkflowStore = ReturnType<typeof createWorkflowStore>;
