import { entry, oauth2 } from '../catalog/data/build.js';

/** Airtable in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('docs_notes', 'airtable', 'Airtable', 'Bases, tables and records in Airtable.', 'https://airtable.com', 'https://airtable.com/developers/web/api/introduction', 'https://api.airtable.com/v0', oauth2('https://airtable.com/oauth2/v1/authorize', 'https://airtable.com/oauth2/v1/token', ['data.records:read', 'data.records:write', 'schema.bases:read']));
