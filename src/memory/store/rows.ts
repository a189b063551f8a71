import { Field, FixedSizeList, Float32, Int32, Int64, List, Schema, Utf8 } from 'apache-arrow';

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
  return new Schema([
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
