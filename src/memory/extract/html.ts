import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block, ExtractedDocument } from './types.js';

const squash = (s: string) => s.replace(/[ \t\r\f\v\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();

type DomNode = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<DomNode> };

function tableText(table: DomNode): string {
  const rows: string[] = [];
  const walk = (n: DomNode) => {
    if (n.nodeName === 'TR') {
      const cells: string[] = [];
      for (const c of Array.from(n.childNodes)) if (c.nodeName === 'TD' || c.nodeName === 'TH') cells.push(squash(c.textContent ?? '').replace(/\n/g, ' '));
      if (cells.some((c) => c)) rows.push(`| ${cells.join(' | ')} |`);
      return;
    }
    for (const c of Array.from(n.childNodes)) walk(c);
  };
  walk(table);
  return rows.join('\n');
}

const blockTags: ReadonlySet<string> = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BLOCKQUOTE', 'LI', 'DD', 'DT', 'FIGCAPTION', 'HEADER', 'FOOTER', 'ASIDE', 'BODY']);

/** Walks a DOM into blocks: headings, paragraphs, lists, tables and code, in document order. */
export function blocksFromDom(root: DomNode): Block[] {
  const blocks: Block[] = [];
  let inline = '';
  const flush = () => {
    const text = squash(inline);
    if (text) blocks.push({ kind: 'paragraph', text });
    inline = '';
  };
  const walk = (n: DomNode) => {
    if (n.nodeType === 3) {
      inline += n.textContent ?? '';
      return;
    }
    if (n.nodeType !== 1) return;
    const tag = n.nodeName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE' || tag === 'SVG') return;
    const heading = /^H([1-6])$/.exec(tag);
    if (heading) {
      flush();
      const text = squash(n.textContent ?? '');
      if (text) blocks.push({ kind: 'heading', level: Number(heading[1]), text });
      return;
    }
    if (tag === 'TABLE') {
      flush();
      const text = tableText(n);
      if (text) blocks.push({ kind: 'table', text });
      return;
    }
    if (tag === 'PRE') {
      flush();
      const text = (n.textContent ?? '').trim();
      if (text) blocks.push({ kind: 'code', text });
      return;
    }
    if (tag === 'BR') {
      inline += '\n';
      return;
    }
    const isBlock = blockTags.has(tag);
    if (isBlock) flush();
    if (tag === 'LI') inline += '- ';
    for (const c of Array.from(n.childNodes)) walk(c);
    if (isBlock) flush();
  };
  walk(root);
  flush();
  return blocks;
}

/**
 * HTML: the main content (Readability, as in Firefox's reader view) when it finds an article, else the
 * whole body; navigation, scripts and styles are dropped.
 */
export function extractHtml(html: string): ExtractedDocument {
  const { document } = parseHTML(html);
  const title = squash(document.querySelector('title')?.textContent ?? '') || undefined;
  let root: DomNode = (document.body ?? document.documentElement) as unknown as DomNode;
  try {
    const article = new Readability(parseHTML(html).document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
    if (article?.content && (article.textContent ?? '').trim().length >= 200) {
      root = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body as unknown as DomNode;
    }
  } catch {
    // Readability gives up on odd markup; the whole body is still worth indexing.
  }
  if (root === (document.body as unknown as DomNode)) {
    for (const e of Array.from(document.querySelectorAll('nav, script, style, header, footer')) as { remove(): void }[]) e.remove();
  }
  return { title, blocks: blocksFromDom(root), meta: {} };
}
