import { describe, expect, it } from 'vitest';
import { defaultExtractionLimits, extractDocument, type ExtractionResult } from './index.js';
import { makeDocx, makeLyingZipBomb, makePdf, makePptx, makeXlsx, makeZipBomb, oleHeader } from './fixtures.test-support.js';

const enc = (s: string) => new TextEncoder().encode(s);
const ok = (r: ExtractionResult) => {
  if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.reason}`);
  return r.document;
};
const allText = (r: ExtractionResult) => ok(r).blocks.map((b) => b.text).join('\n');

describe('extraction of supported types', () => {
  it('reads a PDF page by page, with its title', async () => {
    const r = await extractDocument({ bytes: makePdf(['Boundary layer theory.', 'Shock waves at Mach two.'], { title: 'Aero notes' }), name: 'a.pdf' });
    const doc = ok(r);
    expect(r.mime).toBe('application/pdf');
    expect(doc.title).toBe('Aero notes');
    expect(doc.blocks.map((b) => b.label)).toEqual(['Page 1', 'Page 2']);
    expect(allText(r)).toContain('Shock waves at Mach two.');
    expect(doc.meta['pages']).toBe(2);
  });

  it('reads a DOCX with headings and a table', async () => {
    const bytes = await makeDocx([['Heading1', 'Quarterly report'], ['', 'Revenue grew strongly.'], ['Heading2', 'Costs']], [['Item', 'Amount'], ['Rent', '1200']]);
    const doc = ok(await extractDocument({ bytes, name: 'r.docx' }));
    expect(doc.title).toBe('Quarterly report');
    expect(doc.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Quarterly report' },
      { kind: 'paragraph', text: 'Revenue grew strongly.' },
      { kind: 'heading', level: 2, text: 'Costs' },
      { kind: 'table', text: '| Item | Amount |\n| Rent | 1200 |' },
    ]);
  });

  it('reads every sheet of an XLSX, header repeated', async () => {
    const bytes = await makeXlsx({ Budget: [['Team', 'Cost'], ['Ops', 10], ['Dev', 20]], People: [['Name'], ['Ada']] });
    const doc = ok(await extractDocument({ bytes, name: 'b.xlsx' }));
    expect(doc.blocks).toEqual([
      { kind: 'sheet', label: 'Sheet Budget', text: '| Team | Cost |\n| Ops | 10 |\n| Dev | 20 |' },
      { kind: 'sheet', label: 'Sheet People', text: '| Name |\n| Ada |' },
    ]);
  });

  it('reads CSV and TSV', async () => {
    expect(allText(await extractDocument({ bytes: enc('a,b\n1,2\n'), name: 'x.csv' }))).toBe('| a | b |\n| 1 | 2 |');
    expect(allText(await extractDocument({ bytes: enc('a\tb\n1\t2\n'), name: 'x.tsv' }))).toBe('| a | b |\n| 1 | 2 |');
  });

  it('reads PPTX slide by slide with speaker notes', async () => {
    const bytes = await makePptx([['Roadmap 2027', 'Ship search'], ['Risks', 'Hiring']], { 2: 'Mention the budget' });
    const doc = ok(await extractDocument({ bytes, name: 'deck.pptx' }));
    expect(doc.title).toBe('Roadmap 2027');
    expect(doc.blocks).toEqual([
      { kind: 'slide', label: 'Slide 1', text: 'Roadmap 2027\nShip search' },
      { kind: 'slide', label: 'Slide 2', text: 'Risks\nHiring\nNotes: Mention the budget' },
    ]);
  });

  it('keeps the main content of an HTML page and drops navigation and scripts', async () => {
    const article = 'The turbulent boundary layer thickens downstream of the transition point. '.repeat(8);
    const html = `<html><head><title>Flow</title><script>var secret=1</script></head><body><nav>Home | About | Login</nav><article><h1>Flow over plates</h1><p>${article}</p><p>${article}</p></article><footer>Copyright</footer></body></html>`;
    const r = await extractDocument({ bytes: enc(html), name: 'p.html' });
    const text = allText(r);
    expect(ok(r).title).toBe('Flow');
    expect(text).toContain('turbulent boundary layer');
    expect(text).not.toContain('Login');
    expect(text).not.toContain('secret');
  });

  it('reads Markdown structure', async () => {
    const md = '---\ntags: x\n---\n# Title\n\nIntro **bold** [link](http://x).\n\n## Part\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode()\n```\n';
    const doc = ok(await extractDocument({ bytes: enc(md), name: 'n.md' }));
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', 'Title'],
      ['paragraph', 'Intro bold link.'],
      ['heading', 'Part'],
      ['list', '- one\n- two'],
      ['table', '| a | b |\n| 1 | 2 |'],
      ['code', 'code()'],
    ]);
  });

  it('reads text, UTF-16 text and JSON', async () => {
    expect(ok(await extractDocument({ bytes: enc('\uFEFFone\n\ntwo'), name: 'a.txt' })).blocks.map((b) => b.text)).toEqual(['one', 'two']);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('héllo', 'utf16le')]);
    expect(allText(await extractDocument({ bytes: utf16, name: 'u.txt' }))).toBe('héllo');
    const json = await extractDocument({ bytes: enc(JSON.stringify({ title: 'Cfg', items: [{ name: 'a' }], ok: true })), name: 'c.json' });
    expect(ok(json).title).toBe('Cfg');
    expect(allText(json)).toBe('title: Cfg\nitems[0].name: a\nok: true');
  });

  it('reads an e-mail with headers and body', async () => {
    const eml = 'From: Ada <ada@example.com>\r\nTo: Bob <bob@example.com>\r\nSubject: Wind tunnel slots\r\nDate: Tue, 3 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWe have the tunnel on Friday.\r\n\r\nBring the model.\r\n';
    const doc = ok(await extractDocument({ bytes: enc(eml), name: 'm.eml' }));
    expect(doc.title).toBe('Wind tunnel slots');
    expect(doc.blocks[0]!.text).toContain('From: Ada <ada@example.com>');
    expect(doc.blocks.slice(1).map((b) => b.text)).toEqual(['We have the tunnel on Friday.', 'Bring the model.']);
  });
});

describe('the corrupt-file corpus is reported, never fatal', () => {
  const small = { ...defaultExtractionLimits, maxDecompressedBytes: 2 * 1024 * 1024, maxPages: 3 };
  const corpus: [string, () => Promise<Uint8Array> | Uint8Array, string][] = [
    ['encrypted.pdf', () => makePdf(['secret'], { encrypted: true }), 'memory.extract.encrypted'],
    ['truncated.pdf', () => makePdf(['hello world']).slice(0, 60), 'memory.extract.corrupt'],
    ['garbage.pdf', () => enc('%PDF-1.4\nthis is not really a pdf at all'), 'memory.extract.corrupt'],
    ['long.pdf', () => makePdf(['1', '2', '3', '4', '5']), 'memory.extract.too_many_pages'],
    ['protected.docx', () => oleHeader(), 'memory.extract.encrypted'],
    ['protected.xlsx', () => oleHeader(), 'memory.extract.encrypted'],
    ['notazip.docx', () => enc('plain text pretending'), 'memory.extract.corrupt'],
    ['truncated.docx', async () => (await makeDocx([['', 'hi']])).slice(0, 200), 'memory.extract.corrupt'],
    ['bomb.docx', () => makeZipBomb(8 * 1024 * 1024), 'memory.extract.zip_bomb'],
    ['lying-bomb.docx', () => makeLyingZipBomb(8 * 1024 * 1024), 'memory.extract.zip_bomb'],
    ['empty-deck.pptx', async () => makeDocx([['', 'not slides']]), 'memory.extract.corrupt'],
    ['broken.json', () => enc('{"a": '), 'memory.extract.corrupt'],
    ['binary.txt', () => new Uint8Array([1, 0, 2, 0, 3]), 'memory.extract.unsupported_type'],
    ['image.png', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'memory.extract.unsupported_type'],
    ['empty.txt', () => enc('  \n\n '), 'memory.extract.empty'],
  ];
  it.each(corpus)('%s → %s', async (name, make, code) => {
    const r = await extractDocument({ bytes: await make(), name }, small);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.reason.length).toBeGreaterThan(5);
    }
  });

  it('refuses files over the size limit before reading them', async () => {
    const r = await extractDocument({ bytes: enc('x'.repeat(2000)), name: 'a.txt' }, { ...defaultExtractionLimits, maxBytes: 1000 });
    expect(r).toMatchObject({ ok: false, code: 'memory.extract.too_large' });
  });

  it('keeps going after failures (a whole corpus in one pass)', async () => {
    const results = await Promise.all(corpus.map(async ([name, make]) => extractDocument({ bytes: await make(), name }, small)));
    const good = await extractDocument({ bytes: enc('still fine'), name: 'ok.txt' }, small);
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(good.ok).toBe(true);
  });
});
