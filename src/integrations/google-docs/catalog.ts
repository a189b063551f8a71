import { entry, google } from '../catalog/data/build.js';

/** Google Docs in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('docs_notes', 'google-docs', 'Google Docs', 'Documents in Google Docs.', 'https://docs.google.com', 'https://developers.google.com/docs/api/reference/rest', 'https://docs.googleapis.com/v1', google(['https://www.googleapis.com/auth/documents']));
