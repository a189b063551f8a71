import { entry } from '../catalog/data/build.js';

/** HTTP request in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('automation', 'http-request', 'HTTP request', 'Call any HTTP API (guarded against internal addresses).', 'https://developer.mozilla.org/docs/Web/HTTP', 'https://www.rfc-editor.org/rfc/rfc9110', 'https://example.com', { kind: 'none' });
