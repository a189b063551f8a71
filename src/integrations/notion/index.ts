import { registerServiceProfile } from '../profiles.js';
import { createPage } from './actions/create-page.js';
import { getPage } from './actions/get-page.js';
import { queryDatabase } from './actions/query-database.js';
import { search } from './actions/search.js';
import { notionProfile } from './auth.js';

registerServiceProfile(notionProfile);

export const notionActions = [createPage, queryDatabase, search, getPage];
export { createPage, queryDatabase, search, getPage };
