import { entry } from '../catalog/data/build.js';

/** Incoming webhook in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('automation', 'webhook', 'Incoming webhook', 'Start a workflow when another system posts to a secret Atom URL.', 'https://developer.mozilla.org/docs/Web/HTTP/Methods/POST', 'https://www.rfc-editor.org/rfc/rfc9110', 'https://example.com', { kind: 'none' });
