import { registerServiceProfile } from '../profiles.js';
import { createPage } from './actions/create-page.js';
import { queryDatabase } from './actions/query-database.js';
import { notionProfile } from './auth.js';

registerServiceProfile(notionProfile);

export const notionActions = [createPage, queryDatabase];
export { createPage, queryDatabase };
