import { entry, oauth2 } from '../catalog/data/build.js';

/** Notion in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('docs_notes', 'notion', 'Notion', 'Pages and databases in a Notion workspace.', 'https://www.notion.so', 'https://developers.notion.com/reference/intro', 'https://api.notion.com/v1', oauth2('https://api.notion.com/v1/oauth/authorize', 'https://api.notion.com/v1/oauth/token', [], { provider: 'notion' }));
