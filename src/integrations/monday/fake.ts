import type { FastifyReply, FastifyRequest } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * monday.com GraphQL fake (developer.monday.com/api-reference), `POST /v2` with `{ query, variables }`. It does
 * not parse GraphQL: it recognises the root fields Atom sends (`boards`, `items_page`, `next_items_page`,
 * `create_item`, `change_multiple_column_values`) and reads the variables. Errors `{ errors: [{ message,
 * extensions: { code } }], account_id }` — a missing item is HTTP 200 with errors, bad JSON 400, a bad token 401,
 * an exhausted complexity budget 429 with Retry-After.
 */
export interface MItem { id: string; boardId: string; name: string; group: string; created_at: string; columns: Record<string, string> }
export interface MondayFake extends FakeService { items: MItem[]; pageCap: number; addItem(boardId: string, name: string): MItem }
export const BOARD = '1234567890';

export async function startMondayFake(): Promise<MondayFake> {
  const items: MItem[] = [];
  const boards = [{ id: BOARD, name: 'Roadmap', state: 'active', board_kind: 'public' }, { id: '1234567891', name: 'Hiring', state: 'active', board_kind: 'private' }];
  for (let i = 2; i < 14; i++) boards.push({ id: String(1234567890 + i), name: `Board ${i}`, state: 'active', board_kind: 'public' });
  let n = 9_000_000_000;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const addItem = (boardId: string, name: string, group = 'topics', columns: Record<string, string> = {}) => {
    const it: MItem = { id: String(++n), boardId, name, group, created_at: new Date((clock += 1000)).toISOString(), columns: { status: '', ...columns } };
    items.push(it);
    return it;
  };
  for (let i = 1; i <= 25; i++) addItem(BOARD, `Feature ${i}`);
  const state = { items, pageCap: 500 };
  // Tests lower pageCap on the returned object, so handlers read it there.
  let self: { pageCap: number } = state;
  const out = (i: MItem) => ({ id: i.id, name: i.name, state: 'active', created_at: i.created_at, group: { id: i.group, title: i.group === 'topics' ? 'Group Title' : i.group }, column_values: Object.entries(i.columns).map(([id, text]) => ({ id, text })) });
  const err = (reply: FastifyReply, status: number, message: string, code: string) => reply.code(status).send({ errors: [{ message, locations: [], extensions: { code } }], account_id: 1 });
  const cursors = new Map<string, { board: string; from: number }>();
  const page = (board: string, from: number, limit: number) => {
    const all = items.filter((i) => i.boardId === board);
    const cap = Math.min(limit, self.pageCap);
    const more = from + cap < all.length;
    let cursor: string | null = null;
    if (more) { cursor = `MSw5NzI4MDA5MDAsaV9YcmxJb0p1VEdYc1VWeGlxeF9kLDg4MiwzNXw0MTQ1NzU1MTE5${cursors.size}`; cursors.set(cursor, { board, from: from + cap }); }
    return { cursor, items: all.slice(from, from + cap).map(out) };
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const b = (req.body ?? {}) as { query?: string; variables?: Record<string, unknown> };
    const q = b.query ?? '';
    const v = b.variables ?? {};
    if (!q) return err(reply, 400, 'No query string was present', 'BadRequest');
    if (/next_items_page\s*\(/.test(q)) {
      const c = cursors.get(String(v['cursor']));
      if (!c) return err(reply, 200, 'CursorException: cursor has expired', 'CursorException');
      return { data: { next_items_page: page(c.board, c.from, Number(v['limit'] ?? 25)) }, account_id: 1 };
    }
    if (/create_item\s*\(/.test(q)) {
      const board = String(v['board']);
      if (!boards.some((x) => x.id === board)) return err(reply, 200, 'Board not found', 'ResourceNotFoundException');
      let cols: Record<string, unknown> = {};
      try { cols = v['values'] ? (JSON.parse(String(v['values'])) as Record<string, unknown>) : {}; } catch { return err(reply, 200, 'invalid value, please check our API documentation for the correct data structure for this column', 'ColumnValueException'); }
      const it = addItem(board, String(v['name']), v['group'] ? String(v['group']) : 'topics');
      for (const [k, val] of Object.entries(cols)) it.columns[k] = typeof val === 'string' ? val : String((val as { label?: string }).label ?? JSON.stringify(val));
      return { data: { create_item: out(it) }, account_id: 1 };
    }
    if (/change_multiple_column_values\s*\(/.test(q)) {
      const it = items.find((x) => x.id === String(v['item']) && x.boardId === String(v['board']));
      if (!it) return err(reply, 200, 'Item not found in board', 'ResourceNotFoundException');
      const cols = JSON.parse(String(v['values'])) as Record<string, unknown>;
      if (Object.keys(cols).some((k) => k === 'nope')) return err(reply, 200, 'This column ID doesn\'t exist for the board', 'InvalidColumnIdException');
      for (const [k, val] of Object.entries(cols)) it.columns[k] = typeof val === 'string' ? val : String((val as { label?: string }).label ?? JSON.stringify(val));
      return { data: { change_multiple_column_values: out(it) }, account_id: 1 };
    }
    if (/items_page\s*\(/.test(q)) {
      const ids = (v['board'] as string[] | undefined) ?? [];
      const found = boards.filter((x) => ids.includes(x.id));
      return { data: { boards: found.map((x) => ({ items_page: page(x.id, 0, Number(v['limit'] ?? 500)) })) }, account_id: 1 };
    }
    if (/boards\s*\(/.test(q)) {
      const limit = Math.min(Number(v['limit'] ?? 25), self.pageCap);
      const p = Number(v['page'] ?? 1);
      return { data: { boards: boards.slice((p - 1) * limit, p * limit) }, account_id: 1 };
    }
    return err(reply, 200, 'Field not supported by the fake', 'GraphQLValidationError');
  };
  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).send({ errors: [{ message: 'Not Authenticated', extensions: { code: 'UNAUTHORIZED' } }], account_id: null }),
    routes(app) {
      app.post('/v2', handler);
      app.post('/v2/', handler);
    },
  });
  const result = Object.assign(fake, state, { addItem: (b: string, name: string) => addItem(b, name) });
  self = result;
  return result;
}
