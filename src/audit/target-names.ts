import type { Kysely } from 'kysely';
import type { Database } from '../platform/index.js';

type Namer = (db: Kysely<Database>, workspaceId: string, ids: string[]) => Promise<Map<string, string>>;

const byId = (rows: { id: string; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));

/**
 * How each target type is named for people. Every lookup is scoped to the entry's workspace, so an entry
 * can never show the name of another workspace's thing; a deleted target keeps only its id.
 */
const namers: Record<string, Namer> = {
  workflow: async (db, ws, ids) => byId(await db.selectFrom('workflows').select(['id', 'name']).where('workspace_id', '=', ws).where('id', 'in', ids).execute()),
  workflow_run: async (db, ws, ids) =>
    byId(
      (
        await db
          .selectFrom('workflow_runs as r')
          .innerJoin('workflows as w', (j) => j.onRef('w.id', '=', 'r.workflow_id').onRef('w.workspace_id', '=', 'r.workspace_id'))
          .select(['r.id as id', 'w.name as workflow'])
          .where('r.workspace_id', '=', ws)
          .where('r.id', 'in', ids)
          .execute()
      ).map((r) => ({ id: r.id, name: `Run of ${r.workflow}` })),
    ),
  connection: async (db, ws, ids) => byId(await db.selectFrom('integration_connections').select(['id', 'label as name']).where('workspace_id', '=', ws).where('id', 'in', ids).execute()),
  user: async (db, ws, ids) =>
    byId(
      await db
        .selectFrom('auth_users as u')
        .innerJoin('auth_memberships as m', 'm.user_id', 'u.id')
        .select(['u.id as id', 'u.name as name'])
        .where('m.workspace_id', '=', ws)
        .where('u.id', 'in', ids)
        .execute(),
    ),
  api_token: async (db, ws, ids) => byId(await db.selectFrom('auth_api_tokens').select(['id', 'name']).where('workspace_id', '=', ws).where('id', 'in', ids).execute()),
  // A secret's audit target is its name already.
  workflow_secret: async (_db, _ws, ids) => new Map(ids.map((id) => [id, id])),
};
namers['member'] = namers['user']!;

/** Target types that have a name (others are shown by type and id). */
export const isNamedTargetType = (type: string): boolean => Object.hasOwn(namers, type);

/** People-readable names of the targets of a page of entries (`type:id` → name), for the entry's workspace. */
export async function targetNames(db: Kysely<Database>, workspaceId: string, targets: { type: string; id: string }[]): Promise<Map<string, string>> {
  const wanted = new Map<string, Set<string>>();
  for (const t of targets) if (namers[t.type]) (wanted.get(t.type) ?? wanted.set(t.type, new Set()).get(t.type)!).add(t.id);
  const out = new Map<string, string>();
  await Promise.all(
    [...wanted].map(async ([type, ids]) => {
      for (const [id, name] of await namers[type]!(db, workspaceId, [...ids])) out.set(`${type}:${id}`, name);
    }),
  );
  return out;
}
