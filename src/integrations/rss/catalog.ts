import { entry } from '../catalog/data/build.js';

/** RSS / Atom feeds in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('automation', 'rss', 'RSS / Atom feeds', 'Read items from any RSS or Atom feed.', 'https://www.rssboard.org/rss-specification', 'https://www.rfc-editor.org/rfc/rfc4287', 'https://example.com', { kind: 'none' });
