// Test-only builders for the extraction corpus: real files made in memory, plus deliberately broken ones.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** A minimal, valid PDF with one page per entry of `pages` (Helvetica text objects), xref offsets exact. */
export function makePdf(pages: string[], options: { encrypted?: boolean; title?: string } = {}): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 3 + i * 2);
  objects[1] = `<< /Type /Catalog /Pages 2 0 R >>`;
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  const fontId = 3 + pages.length * 2;
  pages.forEach((text, i) => {
    const esc = text.replace(/([()\\])/g, '\\$1');
    const stream = `BT /F1 12 Tf 72 720 Td (${esc}) Tj ET`;
    objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  objects[fontId] = `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>`;
  let infoId: number | undefined;
  if (options.title) {
    infoId = fontId + 1;
    objects[infoId] = `<< /Title (${options.title}) >>`;
  }
  let encryptId: number | undefined;
  if (options.encrypted) {
    encryptId = objects.length;
    const hex = 'ab'.repeat(32);
    objects[encryptId] = `<< /Filter /Standard /V 1 /R 2 /O <${hex}> /U <${'cd'.repeat(32)}> /P -4 >>`;
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const id = '<0123456789abcdef0123456789abcdef>';
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R${infoId ? ` /Info ${infoId} 0 R` : ''}${encryptId ? ` /Encrypt ${encryptId} 0 R /ID [${id} ${id}]` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const zipOf = async (files: Record<string, string | Uint8Array>) => {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
};

const contentTypes = (overrides: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`;

/** A minimal Word document: `[style, text]` pairs where style is 'Heading1', 'Heading2' or '' for body. */
export function makeDocx(paragraphs: [string, string][], table?: string[][]): Promise<Uint8Array> {
  const p = ([style, text]: [string, string]) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
  const tbl = table
    ? `<w:tbl>${table.map((row) => `<w:tr>${row.map((c) => `<w:tc><w:p><w:r><w:t>${c}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`
    : '';
  const doc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map(p).join('')}${tbl}</w:body></w:document>`;
  const styles = `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>`;
  return zipOf({
    '[Content_Types].xml': contentTypes(
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>',
    ),
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    'word/document.xml': doc,
    'word/styles.xml': styles,
  });
}

/** A minimal presentation: each entry is one slide's lines (first is the title); notes optional. */
export function makePptx(slides: string[][], notes: Record<number, string> = {}): Promise<Uint8Array> {
  const files: Record<string, string> = {
    '[Content_Types].xml': contentTypes(''),
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>`,
    'ppt/presentation.xml': `<?xml version="1.0"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`,
  };
  const para = (t: string) => `<a:p><a:r><a:rPr lang="en-US"/><a:t>${t}</a:t></a:r></a:p>`;
  slides.forEach((lines, i) => {
    files[`ppt/slides/slide${i + 1}.xml`] =
      `<?xml version="1.0"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>${lines.map(para).join('')}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;
    if (notes[i + 1]) {
      files[`ppt/notesSlides/notesSlide${i + 1}.xml`] =
        `<?xml version="1.0"?><p:notes xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>${para(notes[i + 1]!)}${para(String(i + 1))}</p:txBody></p:sp></p:spTree></p:cSld></p:notes>`;
    }
  });
  return zipOf(files);
}

export async function makeXlsx(sheets: Record<string, (string | number)[][]>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A .docx-named zip whose one entry inflates to `bytes` zeros (a compression bomb in miniature). */
export const makeZipBomb = (bytes: number) => zipOf({ 'word/document.xml': new Uint8Array(bytes) });

/**
 * A zip whose central directory claims a tiny size for an entry that really inflates much larger: the
 * lying kind of bomb that only a running byte count catches.
 */
export async function makeLyingZipBomb(realBytes: number): Promise<Uint8Array> {
  const zip = await zipOf({ 'word/document.xml': new Uint8Array(realBytes) });
  const buf = Buffer.from(zip);
  // Patch "uncompressed size" in every local header (offset 22) and central directory entry (offset 24)
  // that declares a non-zero size (jszip also writes a zero-sized folder entry).
  for (const [sig, at] of [[[0x50, 0x4b, 0x03, 0x04], 22], [[0x50, 0x4b, 0x01, 0x02], 24]] as const) {
    for (let i = buf.indexOf(Buffer.from(sig)); i >= 0; i = buf.indexOf(Buffer.from(sig), i + 4)) {
      if (buf.readUInt32LE(i + at) > 0) buf.writeUInt32LE(100, i + at);
    }
  }
  return new Uint8Array(buf);
}

export const oleHeader = () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
