import { entry, oauth2 } from '../catalog/data/build.js';

/** Trello in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'trello', 'Trello', 'Boards, lists and cards in Trello.', 'https://trello.com', 'https://developer.atlassian.com/cloud/trello/rest/', 'https://api.trello.com/1', oauth2('https://trello.com/1/authorize', 'https://trello.com/1/authorize', ['read', 'write'], { provider: 'trello' }));
