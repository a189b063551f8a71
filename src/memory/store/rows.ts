import { createRequire } from 'node:module';
import type * as Arrow from 'apache-arrow';
import type { Data, FixedSizeList as FixedSizeListType, List as ListType, Schema, Table, Utf8 as Utf8Type } from 'apache-arrow';

// LanceDB loads apache-arrow with require(): tables built from the ESM copy's classes fail its instanceof
// checks and are rebuilt field by field (which rejects them), so Arrow values are made with the CJS copy.
const { Field, FixedSizeList, Float32, Int32, Int64, List, makeData, RecordBatch, Schema: ArrowSchema, Struct, Table: ArrowTable, Utf8, vectorFromArray } = createRequire(import.meta.url)('apache-arrow') as typeof Arrow;

/** One passage as stored in LanceDB: the text, its vector, and its document's metadata for prefilters. */
export interface ChunkRow {
  /** `<connection id>|<external id>|<chunk index>`: the merge-insert key (source, external id, chunk). */
  key: string;
  workspace_id: string;
  document_id: string;
  connection_id: string;
  source: string;
  external_id: string;
  chunk_index: number;
  title: string;
  path: string;
  url: string;
  mime: string;
  owner: string;
  modified_ms: bigint | number;
  content_hash: string;
  chunk_hash: string;
  principals: string[];
  context: string;
  text: string;
  /** context + text: what the full-text index sees. */
  search_text: string;
  vector: Float32Array | number[];
}

export const chunkKey = (connectionId: string, externalId: string, index: number) => `${connectionId}|${externalId}|${index}`;

export function chunkSchema(dimensions: number): Schema {
  return new ArrowSchema([
    new Field('key', new Utf8(), false),
    new Field('workspace_id', new Utf8(), false),
    new Field('document_id', new Utf8(), false),
    new Field('connection_id', new Utf8(), false),
    new Field('source', new Utf8(), false),
    new Field('external_id', new Utf8(), false),
    new Field('chunk_index', new Int32(), false),
    new Field('title', new Utf8(), false),
    new Field('path', new Utf8(), false),
    new Field('url', new Utf8(), false),
    new Field('mime', new Utf8(), false),
    new Field('owner', new Utf8(), false),
    new Field('modified_ms', new Int64(), false),
    new Field('content_hash', new Utf8(), false),
    new Field('chunk_hash', new Utf8(), false),
    new Field('principals', new List(new Field('item', new Utf8(), true)), false),
    new Field('context', new Utf8(), false),
    new Field('text', new Utf8(), false),
    new Field('search_text', new Utf8(), false),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
}

/** A string literal for a Lance (DataFusion) filter: single quotes doubled. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const litList = (xs: readonly string[]) => xs.map(lit).join(', ');

/**
 * Column-wise Arrow table for a batch of passages. Much cheaper than `makeArrowTable` on row objects,
 * which infers and transposes every value and copies each 1,024-float vector through a JS array: here
 * the vectors are copied once into one Float32Array and strings go through Arrow's builders.
 */
export function chunkRowsToArrow(rows: readonly ChunkRow[], dimensions: number, schema: Schema = chunkSchema(dimensions)): Table {
  const n = rows.length;
  const fields = schema.fields;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const col = (name: string) => byName.get(name)!;
  const strings = (name: keyof ChunkRow) => vectorFromArray(rows.map((r) => r[name] as string), new Utf8()).data[0]!;
  const flat = new Float32Array(n * dimensions);
  rows.forEach((r, i) => {
    if (r.vector.length !== dimensions) throw new Error(`vector of ${r.vector.length} dimensions, table has ${dimensions}`);
    flat.set(r.vector, i * dimensions);
  });
  const vectorType = col('vector').type as FixedSizeListType;
  const children: Data[] = fields.map((f) => {
    switch (f.name) {
      case 'chunk_index':
        return makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from(rows, (r) => r.chunk_index) });
      case 'modified_ms':
        return makeData({ type: new Int64(), length: n, nullCount: 0, data: BigInt64Array.from(rows, (r) => BigInt(Math.floor(Number(r.modified_ms)))) });
      case 'principals':
        return vectorFromArray(rows.map((r) => r.principals), f.type as ListType<Utf8Type>).data[0]!;
      case 'vector':
        return makeData({ type: vectorType, length: n, nullCount: 0, child: makeData({ type: new Float32(), length: n * dimensions, nullCount: 0, data: flat }) });
      default:
        return strings(f.name as keyof ChunkRow);
    }
  });
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
  return new ArrowTable(schema, batch);
}

/**
 * Plain objects from a query's Arrow result, read column by column. `toArray()`'s row proxies decode
 * each value through Arrow's visitor on every property access, and copying a 1,024-float vector out of
 * a proxy iterates it element by element: for hybrid search's 50 candidates that was several
 * milliseconds of the event loop per query. Here a string column is decoded once, and each vector is
 * one `slice()` of the column's Float32 buffer.
 */
export function arrowRows(table: Table): Record<string, unknown>[] {
  const rows = Array.from({ length: table.numRows }, () => ({}) as Record<string, unknown>);
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name);
    if (!column) continue;
    const name = field.name;
    if ('listSize' in field.type) {
      // FixedSizeList<Float32>: row r of a batch holds [(offset + r) * size, +size) of the child buffer.
      const size = (field.type as FixedSizeListType).listSize;
      let at = 0;
      for (const data of column.data as Data<FixedSizeListType>[]) {
        const child = data.children[0]!;
        const values = child.values as Float32Array;
        for (let r = 0; r < data.length; r++) {
          const start = child.offset + (data.offset + r) * size;
          rows[at + r]![name] = data.getValid(r) ? values.slice(start, start + size) : null;
        }
        at += data.length;
      }
      continue;
    }
    // Every other column: decoded once for all batches (strings, numbers, bigints, lists of strings).
    const values = column.toArray() as ArrayLike<unknown>;
    for (let r = 0; r < rows.length; r++) {
      const v = values[r];
      rows[r]![name] = typeof v === 'bigint' ? Number(v) : v !== null && typeof v === 'object' && 'toArray' in v ? Array.from((v as { toArray(): ArrayLike<unknown> }).toArray()) : v;
    }
  }
  return rows;
}
