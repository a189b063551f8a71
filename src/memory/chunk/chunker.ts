import type { Block, ExtractedDocument } from '../extract/index.js';
import { countTokens } from './tokens.js';

export interface ChunkingOptions {
  /** Largest chunk body, in cl100k tokens. */
  maxTokens: number;
  /** Tokens of the previous chunk repeated at the start of the next when a section is split by size. */
  overlapTokens: number;
}

export const defaultChunkingOptions: ChunkingOptions = { maxTokens: 400, overlapTokens: 48 };

export interface Chunk {
  index: number;
  /** The passage itself (what snippets are cut from). */
  text: string;
  /** Where it sits: document title › headings › "Slide 3"; indexed and embedded with the text. */
  context: string;
  tokens: number;
}

interface Piece {
  text: string;
  tokens: number;
}

// Sentences (or lines, for tables and code) are the unit an oversized block is cut into.
const splitBlock = (b: Block): string[] =>
  b.kind === 'table' || b.kind === 'sheet' || b.kind === 'code' || b.kind === 'list'
    ? b.text.split('\n')
    : b.text.split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/);

function piecesOf(b: Block, max: number): Piece[] {
  const tokens = countTokens(b.text);
  if (tokens <= max) return [{ text: b.text, tokens }];
  const out: Piece[] = [];
  for (const part of splitBlock(b)) {
    const t = countTokens(part);
    if (t <= max) {
      out.push({ text: part, tokens: t });
      continue;
    }
    // A single sentence longer than a chunk: cut by words.
    const words = part.split(/\s+/);
    let buf: string[] = [];
    let bufTokens = 0;
    for (const w of words) {
      const wt = countTokens(` ${w}`);
      if (bufTokens + wt > max && buf.length) {
        out.push({ text: buf.join(' '), tokens: bufTokens });
        buf = [];
        bufTokens = 0;
      }
      buf.push(w);
      bufTokens += wt;
    }
    if (buf.length) out.push({ text: buf.join(' '), tokens: bufTokens });
  }
  return out;
}

const isHardBoundary = (b: Block) => b.kind === 'slide' || b.kind === 'sheet';

/**
 * Cuts a document into passages along its structure: a heading, a slide or a sheet starts a new chunk;
 * paragraphs are packed up to `maxTokens`; only a section split by size repeats an overlap of the
 * previous chunk's last sentences. Each chunk carries its heading path as context.
 */
export function chunkDocument(doc: ExtractedDocument, options: ChunkingOptions = defaultChunkingOptions): Chunk[] {
  const { maxTokens, overlapTokens } = options;
  const chunks: Chunk[] = [];
  const headings: string[] = [];
  let label: string | undefined;
  let current: Piece[] = [];
  let currentTokens = 0;
  let currentContext = '';

  const contextNow = () => [doc.title, ...headings, label].filter((s): s is string => !!s && s.trim() !== '').filter((s, i, a) => a.indexOf(s) === i).join(' › ');

  const emit = () => {
    if (current.length === 0) return;
    const text = current.map((p) => p.text).join('\n');
    chunks.push({ index: chunks.length, text, context: currentContext, tokens: currentTokens });
    current = [];
    currentTokens = 0;
  };

  const overlapFrom = (pieces: Piece[]): Piece[] => {
    const tail: Piece[] = [];
    let t = 0;
    for (let i = pieces.length - 1; i >= 0; i--) {
      const p = pieces[i]!;
      if (t + p.tokens > overlapTokens) break;
      tail.unshift(p);
      t += p.tokens;
    }
    return tail;
  };

  for (const block of doc.blocks) {
    if (block.kind === 'heading') {
      emit();
      const level = Math.min(Math.max(block.level ?? 1, 1), 6);
      headings.splice(level - 1);
      while (headings.length < level - 1) headings.push('');
      headings[level - 1] = block.text;
      continue;
    }
    // A new slide or sheet always starts a chunk; a new PDF page does not (paragraphs run across pages).
    if (block.label !== label && isHardBoundary(block)) emit();
    label = block.label;
    if (current.length === 0) currentContext = contextNow();
    for (const piece of piecesOf(block, maxTokens)) {
      if (currentTokens + piece.tokens > maxTokens && current.length) {
        const carried = isHardBoundary(block) ? [] : overlapFrom(current);
        emit();
        currentContext = contextNow();
        // Overlap only when it leaves room for the new piece.
        const carriedTokens = carried.reduce((s, p) => s + p.tokens, 0);
        if (carriedTokens + piece.tokens <= maxTokens && carried.length) {
          current = carried;
          currentTokens = carriedTokens;
        }
      }
      current.push(piece);
      currentTokens += piece.tokens;
    }
  }
  emit();
  // A document of headings only still deserves one passage.
  if (chunks.length === 0) {
    const text = doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.text).join('\n');
    if (text) chunks.push({ index: 0, text, context: doc.title && doc.title !== text ? doc.title : '', tokens: countTokens(text) });
  }
  return chunks;
}

/** The text that is indexed and embedded for a chunk: its context line, then the passage. */
export const indexableText = (c: Pick<Chunk, 'context' | 'text'>) => (c.context ? `${c.context}\n${c.text}` : c.text);
