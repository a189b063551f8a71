import PostalMime from 'postal-mime';
import { extractHtml } from './html.js';
import { extractText } from './text.js';
import { ExtractionError, type Block, type ExtractedDocument } from './types.js';

/** E-mail (.eml) through postal-mime: headers as one block, then the text body (or the HTML body's text). */
export async function extractEml(bytes: Uint8Array): Promise<ExtractedDocument> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(bytes);
  } catch (err) {
    throw new ExtractionError('memory.extract.corrupt', 'The e-mail cannot be parsed.', { cause: err });
  }
  const addr = (a: { name?: string; address?: string } | undefined) => (a ? [a.name, a.address && `<${a.address}>`].filter(Boolean).join(' ') : '');
  const to = (email.to ?? []).map((a) => addr(a as { name?: string; address?: string })).join(', ');
  const header = [
    email.subject && `Subject: ${email.subject}`,
    email.from && `From: ${addr(email.from as { name?: string; address?: string })}`,
    to && `To: ${to}`,
    email.date && `Date: ${email.date}`,
    email.attachments.length ? `Attachments: ${email.attachments.map((a) => a.filename ?? 'unnamed').join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  if (!header && !email.text && !email.html) throw new ExtractionError('memory.extract.corrupt', 'The file does not look like an e-mail.');
  const body: Block[] = email.text ? extractText(email.text).blocks : email.html ? extractHtml(email.html).blocks : [];
  return {
    title: email.subject || undefined,
    blocks: [{ kind: 'email', text: header }, ...body],
    meta: { from: (email.from as { address?: string } | undefined)?.address ?? '' },
  };
}
