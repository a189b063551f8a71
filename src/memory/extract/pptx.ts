import { XMLParser } from 'fast-xml-parser';
import { isOleCompound } from './docx.js';
import { ExtractionError, type Block, type ExtractedDocument, type ExtractionLimits } from './types.js';
import { readZipContainer } from './zip-container.js';

const parser = new XMLParser({ ignoreAttributes: true, preserveOrder: true, trimValues: false, processEntities: true });

type Node = Record<string, unknown>;

/** Paragraph texts of one DrawingML part, in order: each `a:p` is one line, its `a:t` runs joined. */
function paragraphs(xml: string): string[] {
  const out: string[] = [];
  const visit = (nodes: unknown, inPara: string[] | undefined) => {
    if (!Array.isArray(nodes)) return;
    for (const n of nodes as Node[]) {
      for (const [key, value] of Object.entries(n)) {
        if (key === ':@') continue;
        if (key === 'a:p') {
          const runs: string[] = [];
          visit(value, runs);
          const line = runs.join('').replace(/\s+/g, ' ').trim();
          if (line) out.push(line);
        } else if (key === 'a:t' && inPara) {
          for (const t of value as Node[]) if (typeof t['#text'] === 'string' || typeof t['#text'] === 'number') inPara.push(String(t['#text']));
        } else {
          visit(value, inPara);
        }
      }
    }
  };
  visit(parser.parse(xml), undefined);
  return out;
}

const slideNumber = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);

/**
 * PPTX: the package is read with the zip-bomb guard and each slide's DrawingML text (and its speaker
 * notes) is parsed with fast-xml-parser; one block per slide, labelled "Slide N", the first line as title.
 */
export async function extractPptx(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedDocument> {
  if (isOleCompound(bytes)) throw new ExtractionError('memory.extract.encrypted', 'The presentation is password-protected.');
  const entries = await readZipContainer(bytes, limits, (n) => /^ppt\/(slides|notesSlides)\/\w+\.xml$/.test(n));
  const slides = [...entries.keys()].filter((n) => n.startsWith('ppt/slides/')).sort((a, b) => slideNumber(a) - slideNumber(b));
  if (slides.length === 0) throw new ExtractionError('memory.extract.corrupt', 'The file is not a presentation (no slides).');
  if (slides.length > limits.maxPages) {
    throw new ExtractionError('memory.extract.too_many_pages', `The presentation has ${slides.length} slides; the limit is ${limits.maxPages}.`);
  }
  const blocks: Block[] = [];
  let title: string | undefined;
  for (const name of slides) {
    const n = slideNumber(name);
    let lines: string[];
    let notes: string[] = [];
    try {
      lines = paragraphs(entries.get(name)!.toString('utf8'));
      const notesXml = entries.get(`ppt/notesSlides/notesSlide${n}.xml`);
      if (notesXml) notes = paragraphs(notesXml.toString('utf8')).filter((l) => !/^\d+$/.test(l));
    } catch (err) {
      throw new ExtractionError('memory.extract.corrupt', `Slide ${n} is damaged.`, { cause: err });
    }
    if (n === 1 && lines[0]) title = lines[0];
    const text = [...lines, ...(notes.length ? ['Notes: ' + notes.join(' ')] : [])].join('\n');
    if (text) blocks.push({ kind: 'slide', label: `Slide ${n}`, text });
  }
  return { title, blocks, meta: { slides: slides.length } };
}
