import { entry, oauth2 } from '../catalog/data/build.js';

/** Typeform in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('forms', 'typeform', 'Typeform', 'Forms and their responses.', 'https://www.typeform.com', 'https://www.typeform.com/developers/get-started/', 'https://api.typeform.com', oauth2('https://api.typeform.com/oauth/authorize', 'https://api.typeform.com/oauth/token', ['forms:read', 'responses:read', 'offline']));
