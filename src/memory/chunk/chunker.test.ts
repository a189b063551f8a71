import { describe, expect, it } from 'vitest';
import type { ExtractedDocument } from '../extract/index.js';
import { chunkDocument, countTokens, indexableText } from './index.js';

const doc = (blocks: ExtractedDocument['blocks'], title?: string): ExtractedDocument => ({ title, blocks, meta: {} });
const sentence = (i: number) => `Sentence number ${i} talks about the boundary layer over a flat plate.`;

describe('chunking', () => {
  it('counts tokens with the cl100k vocabulary', () => {
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('')).toBe(0);
  });

  it('starts a new chunk at each heading and records the heading path', () => {
    const chunks = chunkDocument(
      doc(
        [
          { kind: 'heading', level: 1, text: 'Guide' },
          { kind: 'paragraph', text: 'Intro text.' },
          { kind: 'heading', level: 2, text: 'Setup' },
          { kind: 'paragraph', text: 'Install it.' },
          { kind: 'heading', level: 2, text: 'Usage' },
          { kind: 'paragraph', text: 'Run it.' },
        ],
        'Manual',
      ),
    );
    expect(chunks.map((c) => [c.context, c.text])).toEqual([
      ['Manual › Guide', 'Intro text.'],
      ['Manual › Guide › Setup', 'Install it.'],
      ['Manual › Guide › Usage', 'Run it.'],
    ]);
    expect(indexableText(chunks[1]!)).toBe('Manual › Guide › Setup\nInstall it.');
  });

  it('keeps each slide and sheet in its own chunks', () => {
    const chunks = chunkDocument(
      doc([
        { kind: 'slide', label: 'Slide 1', text: 'A' },
        { kind: 'slide', label: 'Slide 2', text: 'B' },
        { kind: 'sheet', label: 'Sheet S', text: '| x |' },
      ]),
    );
    expect(chunks.map((c) => [c.context, c.text])).toEqual([
      ['Slide 1', 'A'],
      ['Slide 2', 'B'],
      ['Sheet S', '| x |'],
    ]);
  });

  it('packs paragraphs up to the token limit with overlap between size-split chunks', () => {
    const blocks = Array.from({ length: 40 }, (_, i) => ({ kind: 'paragraph' as const, text: sentence(i) }));
    const chunks = chunkDocument(doc(blocks), { maxTokens: 100, overlapTokens: 20 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(100);
      expect(countTokens(c.text.split('\n').join('\n'))).toBeLessThanOrEqual(101);
    }
    // The last sentence of a chunk opens the next one.
    const lastOfFirst = chunks[0]!.text.split('\n').at(-1)!;
    expect(chunks[1]!.text.startsWith(lastOfFirst)).toBe(true);
    // Every sentence is somewhere.
    const all = chunks.map((c) => c.text).join('\n');
    for (let i = 0; i < 40; i++) expect(all).toContain(sentence(i));
  });

  it('cuts an oversized paragraph by sentence and an endless sentence by words', () => {
    const long = Array.from({ length: 30 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkDocument(doc([{ kind: 'paragraph', text: long }]), { maxTokens: 60, overlapTokens: 0 });
    expect(chunks.every((c) => c.tokens <= 60)).toBe(true);
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    const wc = chunkDocument(doc([{ kind: 'paragraph', text: words }]), { maxTokens: 50, overlapTokens: 0 });
    expect(wc.length).toBeGreaterThan(5);
    expect(wc.every((c) => c.tokens <= 50)).toBe(true);
    expect(wc.map((c) => c.text).join(' ')).toBe(words);
  });

  it('splits a big table by rows', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `| row ${i} | value ${i * 3} |`).join('\n');
    const chunks = chunkDocument(doc([{ kind: 'table', text: rows }]), { maxTokens: 80, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.every((c) => c.text.split('\n').every((l) => /^\| row \d+ \| value \d+ \|$/.test(l)))).toBe(true);
  });
});
