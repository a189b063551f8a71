import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, type TestActor } from '../support/auth.js';
import { createTestApp, dialects } from '../support/context.js';

/**
 * Hostile uploads through POST /api/memory/documents: path traversal names, zip bombs dressed as
 * DOCX/XLSX/PPTX, a zip-slip entry, malformed and mislabelled PDFs, empty and oversized files. Each is
 * indexed harmlessly or recorded as failed with a coded reason; nothing is written outside the data
 * directory; the API never answers 5xx.
 */
interface Part {
  filename: string;
  type: string;
  content: Buffer;
}

function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----atom-hostile-${Date.now().toString(36)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${p.filename.replaceAll('"', '%22')}"\r\nContent-Type: ${p.type}\r\n\r\n`));
    chunks.push(p.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A zip whose one entry inflates to `megabytes` of zeros (a few KB on the wire). */
async function zipBomb(entry: string, megabytes: number, extra: Record<string, string> = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  for (const [name, text] of Object.entries(extra)) zip.file(name, text);
  zip.file(entry, Buffer.alloc(megabytes * 1024 * 1024, 0x20));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

describe.each(dialects)('hostile uploads on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  const tag = `${process.pid}${Date.now().toString(36)}`;
  const outside = [path.join(tmpdir(), `atom-evil-${tag}.txt`), path.join(tmpdir(), `atom-evil-win-${tag}.txt`)];

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_UPLOAD_LIMIT_BYTES: String(1024 * 1024) });
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(() => t.cleanup());

  const upload = async (parts: Part[]) => {
    const { body, contentType } = multipart(parts);
    return t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...owner.bearer, 'content-type': contentType }, payload: body });
  };

  it('indexes or refuses each hostile file with a reason, and writes nothing outside the data directory', async () => {
    const traversal = path.relative(t.dataDir, outside[0]!);
    const parts: Part[] = [
      { filename: traversal, type: 'text/plain', content: Buffer.from('hello from a traversal name') },
      { filename: `..\\..\\..\\..\\${path.basename(outside[1]!)}`, type: 'text/plain', content: Buffer.from('windows traversal') },
      { filename: '/etc/atom-absolute.txt', type: 'text/plain', content: Buffer.from('absolute path name') },
      { filename: 'nul\u0000byte.txt', type: 'text/plain', content: Buffer.from('a NUL in the name') },
      { filename: 'bomb.docx', type: DOCX, content: await zipBomb('word/document.xml', 40) },
      { filename: 'bomb.xlsx', type: XLSX, content: await zipBomb('xl/worksheets/sheet1.xml', 40, { 'xl/workbook.xml': '<workbook/>' }) },
      { filename: 'bomb.pptx', type: PPTX, content: await zipBomb('ppt/slides/slide1.xml', 40) },
      { filename: 'slip.docx', type: DOCX, content: await (async () => {
        const zip = new JSZip();
        zip.file('../../../../evil.xml', '<x/>');
        zip.file('word/document.xml', '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>slip</w:t></w:r></w:p></w:body></w:document>');
        return zip.generateAsync({ type: 'nodebuffer' });
      })() },
      { filename: 'broken.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF garbage \u0000\u0001') },
      { filename: 'truncated.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<') },
      { filename: 'empty.txt', type: 'text/plain', content: Buffer.alloc(0) },
      { filename: 'really-text.pdf', type: 'application/pdf', content: Buffer.from('I claim to be a PDF but I am plain text.') },
      { filename: 'really-zip.txt', type: 'text/plain', content: await zipBomb('word/document.xml', 40) },
      { filename: 'binary.docx', type: DOCX, content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
      { filename: 'oversized.txt', type: 'text/plain', content: Buffer.alloc(1024 * 1024 + 10, 0x61) },
    ];
    const started = performance.now();
    const res = await upload(parts);
    const took = performance.now() - started;
    expect(res.statusCode, res.body).toBe(201);
    const progress = res.json<{ total: number; done: number; failed: number; failures: { name: string; code: string; reason: string }[] }>();
    expect(progress.total).toBe(parts.length);
    expect(progress.done).toBe(parts.length);
    for (const f of progress.failures) {
      expect(f.code, f.name).toMatch(/^memory\./);
      expect(f.reason.length, f.name).toBeGreaterThan(5);
    }
    const failed = new Map(progress.failures.map((f) => [f.name, f.code]));
    for (const bomb of ['bomb.docx', 'bomb.xlsx', 'bomb.pptx']) expect(failed.get(bomb), bomb).toBeDefined();
    expect(failed.get('oversized.txt')).toBe('memory.extract.too_large');
    expect(failed.get('truncated.pdf')).toBeDefined();
    expect(took).toBeLessThan(60_000);

    // Nothing escaped the data directory, and the names kept are plain file names.
    for (const file of outside) expect(existsSync(file), file).toBe(false);
    expect(existsSync('/etc/atom-absolute.txt')).toBe(false);
    const docs = (await t.app.inject({ url: '/api/memory/documents?limit=500', headers: owner.bearer })).json<{ documents: { title: string | null; path: string | null; status: string }[] }>().documents;
    expect(docs.length).toBeGreaterThanOrEqual(parts.length - 1);
    for (const d of docs) {
      expect(d.path ?? '', JSON.stringify(d)).not.toMatch(/\.\.[/\\]|^\/|\\/);
    }
    // The temporary upload folder is gone once the job finished.
    const leftovers = existsSync(path.join(t.dataDir, 'memory-uploads')) ? readdirSync(path.join(t.dataDir, 'memory-uploads')) : [];
    expect(leftovers).toEqual([]);
  }, 120_000);

  it('refuses requests that are not uploads with a 4xx problem, and stays healthy', async () => {
    const notMultipart = await t.app.inject({ method: 'POST', url: '/api/memory/documents', headers: { ...owner.bearer, 'content-type': 'application/json' }, payload: '{}' });
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
    expect(notMultipart.statusCode).toBeLessThan(500);
    const empty = await upload([]);
    expect(empty.statusCode).toBe(400);
    const { body, contentType } = multipart([{ filename: 'x.txt', type: 'text/plain', content: Buffer.from('x') }]);
    const truncated = await t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...owner.bearer, 'content-type': contentType }, payload: body.subarray(0, body.length - 20) });
    expect(truncated.statusCode, truncated.body).toBeLessThan(500);
    expect((await t.app.inject({ url: '/api/memory/stats', headers: owner.bearer })).statusCode).toBe(200);
  });
});
