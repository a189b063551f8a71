import { z } from 'zod';
import type { FaultReader, ServiceClient } from '../http/index.js';
import { defineIntegrationTrigger } from '../pieces.js';
import { defineRestService } from '../kit/rest.js';

/**
 * monday.com API (developer.monday.com/api-reference): one GraphQL endpoint (`POST /v2`), pinned by the
 * `API-Version` header. Query errors come as `{ errors: [{ message, extensions: { code } }] }`, with HTTP 200 for
 * some (so the fault reader also looks at successful answers); an exhausted complexity budget is a 429.
 */
const VERSION = { 'API-Version': '2024-10' };
const gqlError = z.object({ errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() }).loose()).min(1) }).loose();

export const readMondayFault: FaultReader = ({ status, body }) => {
  const e = gqlError.safeParse(body);
  if (!e.success) return undefined;
  const first = e.data.errors[0]!;
  const code = first.extensions?.code;
  if (status === 401) return { ...(code ? { providerCode: code } : {}), message: 'the sign-in is no longer valid; reconnect monday.com' };
  const notFound = code === 'ResourceNotFoundException' || /not found/i.test(first.message);
  return { ...(status < 400 ? { code: notFound ? 'integrations.http.not_found' : 'integrations.http.bad_request' } : {}), ...(code ? { providerCode: code } : {}), message: `“${first.message}”` };
};

export const monday = defineRestService({
  id: 'monday',
  name: 'monday.com',
  auth: 'oauth2',
  readFault: readMondayFault,
  // Limits are by query complexity per minute; a 429 names its Retry-After.
  limits: { concurrency: 2, ratePerSecond: 3, burst: 6 },
});

async function gql<S extends z.ZodType>(client: ServiceClient, signal: AbortSignal, query: string, variables: Record<string, unknown>, data: S, write = false): Promise<z.output<S>> {
  const r = await client.call({ method: 'POST', path: '', headers: VERSION, json: { query, variables }, idempotent: !write, signal }, z.object({ data: z.unknown() }).loose());
  return data.parse(r.data) as z.output<S>;
}

const itemFields = 'id name state created_at group { id title } column_values { id text }';
const mItem = z.object({ id: z.string(), name: z.string(), state: z.string().nullish(), created_at: z.string().nullish(), group: z.object({ id: z.string(), title: z.string() }).loose().nullish(), column_values: z.array(z.object({ id: z.string(), text: z.string().nullish() }).loose()).default([]) }).loose();
export const itemOut = z.object({ id: z.string(), name: z.string(), state: z.string().nullable(), groupId: z.string().nullable(), columns: z.record(z.string(), z.string().nullable()), createdAt: z.string().nullable() });
const toItem = (i: z.output<typeof mItem>): z.input<typeof itemOut> => ({ id: i.id, name: i.name, state: i.state ?? null, groupId: i.group?.id ?? null, columns: Object.fromEntries(i.column_values.map((c) => [c.id, c.text ?? null])), createdAt: i.created_at ?? null });
const id = (what: string) => z.string().regex(/^\d{1,20}$/, { error: `must be a numeric monday.com ${what} id` });
const boardId = id('board');
const itemId = id('item');
const columnValues = z.record(z.string().regex(/^[\w-]{1,100}$/), z.union([z.string(), z.record(z.string(), z.unknown())])).describe('Column id → value: a string for simple columns, or the column’s JSON (e.g. {"label":"Done"} for status)');

export const listBoards = monday.operation({
  id: 'monday.list_boards',
  title: 'List boards',
  description: 'Lists the monday.com boards the connection can see.',
  aiDescription: 'Use to find monday.com boards (id, name) before reading or adding items.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ boards: z.array(z.object({ id: z.string(), name: z.string(), state: z.string().nullable(), kind: z.string().nullable() })) }),
  method: 'POST',
  paginated: true,
  async run({ client, signal }, i) {
    const boards: { id: string; name: string; state: string | null; kind: string | null }[] = [];
    const size = Math.min(i.limit, 100);
    for (let page = 1; boards.length < i.limit && page <= 100; page++) {
      const d = await gql(client, signal, 'query ($limit: Int, $page: Int) { boards(limit: $limit, page: $page) { id name state board_kind } }', { limit: size, page }, z.object({ boards: z.array(z.object({ id: z.string(), name: z.string(), state: z.string().nullish(), board_kind: z.string().nullish() }).loose()) }));
      boards.push(...d.boards.map((b) => ({ id: b.id, name: b.name, state: b.state ?? null, kind: b.board_kind ?? null })));
      // monday may answer fewer than asked before the end, so only an empty page ends the walk.
      if (d.boards.length === 0) break;
    }
    return { boards: boards.slice(0, i.limit) };
  },
});

const itemsPage = z.object({ cursor: z.string().nullish(), items: z.array(mItem) }).loose();

export const listItems = monday.operation({
  id: 'monday.list_items',
  title: 'List items',
  description: 'Lists the items of a monday.com board with their column values.',
  aiDescription: 'Use to read the items (rows) of a monday.com board (boardId) with their columns as text. Up to limit items.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ boardId, limit: z.number().int().min(1).max(5000).default(500) }),
  output: z.object({ items: z.array(itemOut) }),
  method: 'POST',
  paginated: true,
  async run({ client, signal }, i) {
    const size = Math.min(i.limit, 500);
    const first = await gql(client, signal, `query ($board: [ID!], $limit: Int!) { boards(ids: $board) { items_page(limit: $limit) { cursor items { ${itemFields} } } } }`, { board: [i.boardId], limit: size }, z.object({ boards: z.array(z.object({ items_page: itemsPage }).loose()) }));
    const board = first.boards[0];
    if (!board) return { items: [] };
    const items = [...board.items_page.items];
    // Later pages come from next_items_page with the cursor (valid 60 minutes).
    let cursor = board.items_page.cursor;
    for (let n = 0; cursor && items.length < i.limit && n < 100; n++) {
      const d = await gql(client, signal, `query ($cursor: String!, $limit: Int!) { next_items_page(cursor: $cursor, limit: $limit) { cursor items { ${itemFields} } } }`, { cursor, limit: size }, z.object({ next_items_page: itemsPage }));
      items.push(...d.next_items_page.items);
      cursor = d.next_items_page.cursor;
    }
    return { items: items.slice(0, i.limit).map(toItem) };
  },
});

export const createItem = monday.operation({
  id: 'monday.create_item',
  title: 'Create an item',
  description: 'Adds an item to a monday.com board.',
  aiDescription: 'Use to add an item (row) to a monday.com board (boardId), optionally in a group and with column values.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ boardId, name: z.string().min(1).max(255), groupId: z.string().regex(/^[\w-]{1,100}$/).optional(), columnValues: columnValues.optional() }),
  output: itemOut,
  method: 'POST',
  async run({ client, signal }, i) {
    const d = await gql(client, signal, `mutation ($board: ID!, $group: String, $name: String!, $values: JSON) { create_item(board_id: $board, group_id: $group, item_name: $name, column_values: $values) { ${itemFields} } }`, { board: i.boardId, group: i.groupId ?? null, name: i.name, values: i.columnValues ? JSON.stringify(i.columnValues) : null }, z.object({ create_item: mItem }), true);
    return toItem(d.create_item);
  },
});

export const changeColumnValues = monday.operation({
  id: 'monday.change_column_values',
  title: 'Change column values',
  description: 'Sets column values of a monday.com item.',
  aiDescription: 'Use to change columns of an existing monday.com item (boardId, itemId): status, text, date, numbers… Only the columns given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ boardId, itemId, columnValues: columnValues.refine((v) => Object.keys(v).length > 0, { error: 'give at least one column' }) }),
  output: itemOut,
  method: 'POST',
  async run({ client, signal }, i) {
    const d = await gql(client, signal, `mutation ($board: ID!, $item: ID!, $values: JSON!) { change_multiple_column_values(board_id: $board, item_id: $item, column_values: $values) { ${itemFields} } }`, { board: i.boardId, item: i.itemId, values: JSON.stringify(i.columnValues) }, z.object({ change_multiple_column_values: mItem }), true);
    return toItem(d.change_multiple_column_values);
  },
});

export const newItem = defineIntegrationTrigger({
  id: 'monday.new_item',
  service: 'monday',
  title: 'New item',
  description: 'Starts when an item is added to a monday.com board.',
  aiDescription: 'Use to react to new items on one monday.com board (boardId). Polls the board’s first 500 items; the first poll only remembers where things are.',
  kind: 'poll',
  config: z.object({ boardId }),
  event: itemOut,
  async poll({ client, signal }, config, cursor) {
    const d = await gql(client, signal, `query ($board: [ID!]) { boards(ids: $board) { items_page(limit: 500) { cursor items { ${itemFields} } } } }`, { board: [config.boardId] }, z.object({ boards: z.array(z.object({ items_page: itemsPage }).loose()) }));
    const items = d.boards[0]?.items_page.items ?? [];
    // Item ids only grow, so the highest seen is the cursor.
    const last = typeof cursor?.['lastId'] === 'number' ? cursor['lastId'] : undefined;
    const newest = items.reduce((m, x) => Math.max(m, Number(x.id)), last ?? 0);
    if (last === undefined) return { events: [], cursor: { lastId: newest } };
    const fresh = items.filter((x) => Number(x.id) > last).sort((a, b) => Number(a.id) - Number(b.id));
    return { events: fresh.map(toItem), cursor: { lastId: newest } };
  },
});
