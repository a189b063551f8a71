import { googleError } from '../../../test/fakes/google-apis/server.js';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Google Docs API v1 fake (developers.google.com/docs/api/reference/rest): `documents.get` (a body of
 * paragraphs with 1-based start/end indexes; the body always ends with a newline), `documents.create`
 * (title only; the body starts as one empty paragraph) and `documents.batchUpdate` with `insertText`
 * (`location.index` or `endOfSegmentLocation`, which inserts before the final newline) and `replaceAllText`
 * (replies omit `occurrencesChanged` when it is 0, as proto3 JSON does). Google's error envelope; 401
 * UNAUTHENTICATED; token refresh at /token.
 */
export interface DocsFake extends FakeService {
  documents: Map<string, { title: string; text: string; revision: number }>;
}

export const NOTES_ID = 'doc-notes-000001';

export async function startDocsFake(): Promise<DocsFake> {
  const documents: DocsFake['documents'] = new Map([[NOTES_ID, { title: 'Team notes', text: 'Hello [name]\nAgenda: [topic]\n', revision: 1 }]]);
  let created = 0;
  const asDocument = (id: string, d: { title: string; text: string; revision: number }) => {
    let index = 1;
    const content: unknown[] = [{ endIndex: 1, sectionBreak: { sectionStyle: {} } }];
    for (const line of d.text.split(/(?<=\n)/)) {
      const start = index;
      index += line.length;
      content.push({ startIndex: start, endIndex: index, paragraph: { elements: [{ startIndex: start, endIndex: index, textRun: { content: line, textStyle: {} } }], paragraphStyle: { namedStyleType: 'NORMAL_TEXT' } } });
    }
    return { documentId: id, title: d.title, revisionId: `rev-${d.revision}`, body: { content }, documentStyle: {}, namedStyles: {} };
  };
  const invalid = (message: string) => googleError(400, 'INVALID_ARGUMENT', message, 'badRequest');

  const fake = await startFakeService({
    tokenPath: '/token',
    unauthorized: (reply) => reply.code(401).send(googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', 'authError')),
    routes(app) {
      app.post('/v1/documents', async (req) => {
        const title = (req.body as { title?: string }).title ?? 'Untitled document';
        const id = `doc-created-${String(++created).padStart(6, '0')}`;
        documents.set(id, { title, text: '\n', revision: 1 });
        return asDocument(id, documents.get(id)!);
      });
      // `{documentId}:batchUpdate` carries a colon, so the path is split by hand.
      app.all('/v1/documents/*', async (req, reply) => {
        const tail = decodeURIComponent((req.url.split('?')[0] ?? '').slice('/v1/documents/'.length));
        const [id = '', verb] = tail.split(':');
        const doc = documents.get(id);
        if (!doc) return reply.code(404).send(googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'));
        if (req.method === 'GET' && verb === undefined) return asDocument(id, doc);
        if (req.method !== 'POST' || verb !== 'batchUpdate') return reply.code(404).send(googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'));
        const requests = (req.body as { requests?: Record<string, Record<string, unknown>>[] }).requests ?? [];
        if (requests.length === 0) return reply.code(400).send(invalid('Must specify at least one request.'));
        const replies: unknown[] = [];
        for (const [n, r] of requests.entries()) {
          if (r['insertText']) {
            const { text, location, endOfSegmentLocation } = r['insertText'] as { text?: string; location?: { index?: number }; endOfSegmentLocation?: object };
            if (typeof text !== 'string') return reply.code(400).send(invalid(`Invalid requests[${n}].insertText: text is required.`));
            const end = doc.text.length + 1;
            const at = endOfSegmentLocation ? end - 1 : (location?.index ?? -1);
            if (at < 1 || at >= end) return reply.code(400).send(invalid(`Invalid requests[${n}].insertText: Index ${at} must be less than the end index of the referenced segment, ${end}.`));
            doc.text = doc.text.slice(0, at - 1) + text + doc.text.slice(at - 1);
            replies.push({});
          } else if (r['replaceAllText']) {
            const { containsText, replaceText } = r['replaceAllText'] as { containsText?: { text?: string; matchCase?: boolean }; replaceText?: string };
            if (!containsText?.text) return reply.code(400).send(invalid(`Invalid requests[${n}].replaceAllText: containsText.text must not be empty.`));
            const pattern = new RegExp(containsText.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), containsText.matchCase ? 'g' : 'gi');
            const count = doc.text.match(pattern)?.length ?? 0;
            doc.text = doc.text.replace(pattern, () => replaceText ?? '');
            replies.push({ replaceAllText: count ? { occurrencesChanged: count } : {} });
          } else return reply.code(400).send(invalid(`Invalid requests[${n}]: unknown request.`));
        }
        doc.revision++;
        return { documentId: id, replies, writeControl: { requiredRevisionId: `rev-${doc.revision}` } };
      });
    },
  });
  return Object.assign(fake, { documents });
}
