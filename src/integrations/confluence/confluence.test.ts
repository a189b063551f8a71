import { describe, expect, it } from 'vitest';
import { DOCS_SPACE, startConfluenceFake, TEAM_SPACE, type ConfluenceFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { confluence, createPage, getPage, newPage, updatePage } from './index.js';

describeConformance<ConfluenceFake>({
  service: confluence,
  startFake: startConfluenceFake,
  basePath: '/ex/confluence',
  throttleBody: { errors: [{ status: 429, code: 'TOO_MANY_REQUESTS', title: 'Too Many Requests', detail: null }] },
  operations: {
    'confluence.get_page': {
      input: { pageId: '98301' },
      check: (out) => expect(out).toMatchObject({ id: '98301', title: 'Runbook 1', version: 1, body: '<p>How to restart service 1</p>', spaceId: DOCS_SPACE }),
      badInput: { input: { pageId: 'home' }, field: 'pageId' },
    },
    'confluence.create_page': {
      input: { spaceId: TEAM_SPACE, title: 'Minutes', body: '<p>Agenda</p>' },
      check: (out) => expect(out).toMatchObject({ spaceId: TEAM_SPACE, version: 1, body: '<p>Agenda</p>', status: 'current' }),
      badInput: { input: { spaceId: 'TEAM', title: 'x', body: '<p/>' }, field: 'spaceId' },
    },
    'confluence.update_page': {
      input: { pageId: '98302', body: '<p>Updated</p>' },
      check: (out) => expect(out).toMatchObject({ id: '98302', title: 'Runbook 2', body: '<p>Updated</p>', version: expect.any(Number) }),
      badInput: { input: { pageId: '98302' }, field: 'body' },
    },
    'confluence.search_pages': {
      // 60 runbooks: three pages of search's 25, followed through _links.next.
      input: { cql: 'type = page AND space = DOCS AND title ~ "Runbook"', limit: 500 },
      check: (out) => expect((out as { results: unknown[] }).results).toHaveLength(60),
      badInput: { input: { cql: '' }, field: 'cql' },
    },
  },
  extra(ctx) {
    describe('Confluence specifics', () => {
      it('an update bumps the version and keeps the title; errors read plainly', async () => {
        const { h } = ctx();
        const before = await h.run(getPage, { pageId: '98303' });
        const after = await h.run(updatePage, { pageId: '98303', title: 'Runbook three', versionMessage: 'rename' });
        expect(after).toMatchObject({ version: before.version + 1, title: 'Runbook three', body: before.body });
        await expect(h.run(getPage, { pageId: '1' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Confluence says “Page with id 1 was not found”.' });
        await expect(h.run(createPage, { spaceId: DOCS_SPACE, title: 'Child', body: '<p/>', parentId: '5' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'Confluence says “Parent page not found”.' });
      });
      it('new_page: the first poll only sets the cursor, then new pages come oldest first', async () => {
        const { h, fake } = ctx();
        const first = await h.poll(newPage, { spaceId: DOCS_SPACE });
        expect(first.events).toEqual([]);
        fake.addPage(DOCS_SPACE, 'Fresh A');
        fake.addPage(DOCS_SPACE, 'Fresh B');
        const next = await h.poll(newPage, { spaceId: DOCS_SPACE }, first.cursor);
        expect(next.events.map((e) => e.title)).toEqual(['Fresh A', 'Fresh B']);
        expect((await h.poll(newPage, { spaceId: DOCS_SPACE }, next.cursor)).events).toEqual([]);
      });
    });
  },
});
