import { getDocumentProxy } from 'unpdf';
import { ExtractionError, type ExtractedDocument, type ExtractionLimits } from './types.js';

type TextItem = { str?: string; hasEOL?: boolean };

/** PDF through PDF.js (unpdf's serverless build): one block per page, encrypted files reported as such. */
export async function extractPdf(bytes: Uint8Array, limits: Pick<ExtractionLimits, 'maxPages' | 'maxTextChars'>): Promise<ExtractedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of the buffer it is given; pass a copy so the caller's bytes stay intact.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (name === 'PasswordException') throw new ExtractionError('memory.extract.encrypted', 'The PDF is password-protected.', { cause: err });
    throw new ExtractionError('memory.extract.corrupt', 'The PDF is damaged or not a PDF.', { cause: err });
  }
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new ExtractionError('memory.extract.too_many_pages', `The PDF has ${pdf.numPages} pages; the limit is ${limits.maxPages}.`);
    }
    let title: string | undefined;
    try {
      const meta = await pdf.getMetadata();
      const t = (meta.info as { Title?: unknown } | undefined)?.Title;
      if (typeof t === 'string' && t.trim()) title = t.trim();
    } catch {
      // Metadata is optional.
    }
    const blocks: ExtractedDocument['blocks'] = [];
    let chars = 0;
    for (let i = 1; i <= pdf.numPages && chars < limits.maxTextChars; i++) {
      const page = await pdf.getPage(i);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items as TextItem[]) {
        if (typeof item.str !== 'string') continue;
        text += item.str + (item.hasEOL ? '\n' : item.str.endsWith(' ') ? '' : ' ');
      }
      const paragraphs = text
        .split(/\n\s*\n|(?<=[.!?:])\n/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .filter(Boolean);
      for (const p of paragraphs) {
        blocks.push({ kind: 'paragraph', text: p, label: `Page ${i}` });
        chars += p.length;
      }
      page.cleanup();
    }
    return { title, blocks, meta: { pages: pdf.numPages } };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
