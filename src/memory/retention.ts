import { sql } from 'kysely';
import type { RetentionClass } from '../retention/index.js';
import type { Memory } from './memory.js';

/**
 * Memory's retention data classes. Deleting goes through the memory (passages in LanceDB, then rows), so
 * the classes are made per memory instance. Synced documents age by their modification time at the
 * source (an incremental sync brings one back only if it changes); uploads by when they were stored.
 */
export function memoryRetentionClasses(memory: Memory): RetentionClass[] {
  const make = (name: string, label: string, description: string, uploads: boolean): RetentionClass => {
    const age = uploads ? sql<string>`updated_at` : sql<string>`coalesce(modified_at, updated_at)`;
    return {
      name,
      label,
      description,
      async preview(db, workspaceId, cutoffIso, limit) {
        const old = db
          .selectFrom('memory_documents')
          .where('workspace_id', '=', workspaceId)
          .where('source', uploads ? '=' : '!=', 'upload')
          .where(age, '<', cutoffIso);
        const rows = await old.select('id').orderBy(age).orderBy('id').limit(limit).execute();
        const { total } = await old.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
        return { ids: rows.map((r) => r.id), total: Number(total) };
      },
      async purge(db, workspaceId, cutoffIso, ids) {
        if (ids.length === 0) return 0;
        const due = (
          await db
            .selectFrom('memory_documents')
            .select('id')
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', ids)
            .where('source', uploads ? '=' : '!=', 'upload')
            .where(age, '<', cutoffIso)
            .execute()
        ).map((r) => r.id);
        await memory.deleteDocuments(due);
        return due.length;
      },
    };
  };
  return [
    make('memory_documents', 'Synced documents', 'Documents from connected sources, by their last change at the source.', false),
    make('uploads', 'Uploaded files', 'Files uploaded or imported into memory, by when they were stored.', true),
  ];
}
