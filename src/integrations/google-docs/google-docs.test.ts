import { expect, it } from 'vitest';
import { NOTES_ID, startDocsFake, type DocsFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { googleDocsService } from './index.js';

describeConformance<DocsFake>({
  service: googleDocsService,
  startFake: startDocsFake,
  basePath: '/v1',
  tokenPath: '/token',
  throttleBody: { error: { code: 429, message: "Quota exceeded for quota metric 'Write requests'", status: 'RESOURCE_EXHAUSTED' } },
  operations: {
    'google_docs.get_document': {
      input: { documentId: NOTES_ID },
      check: (out) => expect(out).toMatchObject({ documentId: NOTES_ID, title: 'Team notes', text: expect.stringMatching(/^Hello .*\nAgenda: /) }),
      badInput: { input: { documentId: 'bad id!' }, field: 'documentId' },
    },
    'google_docs.create_document': {
      input: { title: 'Minutes', text: 'First line\n' },
      check: (out, fake) => {
        const id = (out as { documentId: string }).documentId;
        expect(out).toEqual({ documentId: id, title: 'Minutes', url: `https://docs.google.com/document/d/${id}/edit` });
        expect((fake as DocsFake).documents.get(id)?.text).toBe('First line\n\n');
      },
      badInput: { input: { title: '' }, field: 'title' },
    },
    'google_docs.append_text': {
      input: { documentId: NOTES_ID, text: '\nAction: ship it' },
      check: (_out, fake) => expect((fake as DocsFake).documents.get(NOTES_ID)?.text).toMatch(/Agenda: \[topic\]\nAction: ship it\n$/),
      badInput: { input: { documentId: NOTES_ID, text: '' }, field: 'text' },
    },
    'google_docs.replace_text': {
      input: { documentId: NOTES_ID, find: '[name]', replaceWith: 'Ada' },
      check: (out, fake) => {
        expect(out).toEqual({ documentId: NOTES_ID, occurrencesChanged: 1 });
        expect((fake as DocsFake).documents.get(NOTES_ID)?.text).toMatch(/^Hello Ada\n/);
      },
      badInput: { input: { documentId: NOTES_ID, replaceWith: 'x' }, field: 'find' },
    },
  },
  extra(ctx) {
    it('reads the text of the document as it now is, and a missing document is a clear not-found error', async () => {
      const { h } = ctx();
      const { getDocument } = await import('./index.js');
      expect((await h.run(getDocument, { documentId: NOTES_ID })).text).toMatch(/^Hello Ada\n/);
      await expect(h.run(getDocument, { documentId: 'doc-missing-0000' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Google Docs says “Requested entity was not found”.' });
    });
    it('a replacement that matches nothing changes nothing (Google leaves the count out)', async () => {
      const { h } = ctx();
      const { replaceText } = await import('./index.js');
      expect(await h.run(replaceText, { documentId: NOTES_ID, find: 'absent', replaceWith: 'x' })).toEqual({ documentId: NOTES_ID, occurrencesChanged: 0 });
    });
  },
});
