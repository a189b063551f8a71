import { Lexer, type Token, type Tokens } from 'marked';
import type { Block, ExtractedDocument } from './types.js';

const plain = (s: string) =>
  s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]{1,3}([^*_`~]+)[*_`~]{1,3}/g, '$1')
    .trim();

/** Markdown through marked's lexer: headings, paragraphs, lists, tables and code keep their structure. */
export function extractMarkdown(text: string): ExtractedDocument {
  const body = text.replace(/^---\n[\s\S]*?\n---\n/, ''); // front matter is metadata, not content
  const tokens = new Lexer({ gfm: true }).lex(body);
  const blocks: Block[] = [];
  const visit = (list: Token[]) => {
    for (const t of list) {
      switch (t.type) {
        case 'heading':
          blocks.push({ kind: 'heading', level: (t as Tokens.Heading).depth, text: plain((t as Tokens.Heading).text) });
          break;
        case 'paragraph':
        case 'text':
          if (t.raw.trim()) blocks.push({ kind: 'paragraph', text: plain(t.raw) });
          break;
        case 'list':
          blocks.push({ kind: 'list', text: (t as Tokens.List).items.map((i) => `- ${plain(i.text)}`).join('\n') });
          break;
        case 'table': {
          const tbl = t as Tokens.Table;
          const row = (cells: { text: string }[]) => `| ${cells.map((c) => plain(c.text)).join(' | ')} |`;
          blocks.push({ kind: 'table', text: [row(tbl.header), ...tbl.rows.map(row)].join('\n') });
          break;
        }
        case 'code':
          blocks.push({ kind: 'code', text: (t as Tokens.Code).text });
          break;
        case 'blockquote':
          visit((t as Tokens.Blockquote).tokens);
          break;
        case 'html':
          if (t.raw.trim()) blocks.push({ kind: 'paragraph', text: t.raw.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() });
          break;
        default:
          break;
      }
    }
  };
  visit(tokens);
  const title = blocks.find((b) => b.kind === 'heading' && b.level === 1)?.text;
  return { title, blocks: blocks.filter((b) => b.text), meta: {} };
}
