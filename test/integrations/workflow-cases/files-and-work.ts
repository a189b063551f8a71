import { startAsanaFake, type AsanaFake } from '../../../src/integrations/asana/fake.js';
import { startBoxFake, type BoxFake } from '../../../src/integrations/box/fake.js';
import { startDropboxFake, type DropboxFake } from '../../../src/integrations/dropbox/fake.js';
import { startNotionFake, type NotionFake } from '../../../src/integrations/notion/fake.js';
import { startTrelloFake, type TrelloFake } from '../../../src/integrations/trello/fake.js';
import { defineCases, fakeOAuth } from './types.js';

/** Notion against its fake, as in src/integrations/notion/notion.test.ts. */
export const notion = defineCases<NotionFake>({
  name: 'Notion',
  start: startNotionFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('notion', fake, '/v1')],
  actions: {
    'notion.create_page': () => ({ databaseId: 'db-1', title: 'Ship v2', properties: { Status: { status: { name: 'Todo' } } } }),
    'notion.query_database': () => ({ databaseId: 'db-1' }),
    'notion.search': () => ({ query: 'row 3', object: 'page' }),
    'notion.get_page': () => ({ pageId: 'row-2' }),
  },
});

/** Dropbox and Box against their fakes (src/integrations/dropbox, src/integrations/box). */
export const dropbox = defineCases<DropboxFake>({
  name: 'Dropbox',
  start: startDropboxFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('dropbox', fake)],
  actions: {
    'dropbox.list_folder': () => ({ path: '/Reports' }),
    'dropbox.upload_file': () => ({ path: '/Reports/new.txt', content: 'hello' }),
    'dropbox.get_metadata': () => ({ path: '/Reports/r1.txt' }),
    'dropbox.download_file': () => ({ path: '/Reports/r2.txt' }),
  },
});

export const box = defineCases<BoxFake>({
  name: 'Box',
  start: startBoxFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('box', fake, '/2.0')],
  actions: {
    'box.list_folder': () => ({}),
    'box.upload_file': () => ({ name: 'new.txt', content: 'fresh' }),
    'box.get_file': () => ({ fileId: '101', includeContent: true }),
  },
});

/** Asana's and Trello's create actions (their other pieces run in their conformance suites). */
export const asana = defineCases<AsanaFake>({
  name: 'Asana',
  start: startAsanaFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [fakeOAuth('asana', fake, '/api/1.0')],
  actions: { 'asana.create_task': () => ({ name: 'Review contract', projectId: '42', dueOn: '2026-12-01' }) },
});

export const trello = defineCases<TrelloFake>({
  name: 'Trello',
  start: startTrelloFake,
  stop: (fake) => fake.close(),
  connections: (fake) => [{ serviceId: 'trello', credentials: { kind: 'trello', apiKey: 'atom-client', token: fake.issue() }, apiBaseUrl: `${fake.url}/1` }],
  actions: { 'trello.create_card': () => ({ listId: 'list-1', name: 'Call Ada', description: 'about Q3', position: 'top' }) },
});
