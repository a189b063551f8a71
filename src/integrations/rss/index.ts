import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { z } from 'zod';
import { integrationError } from '../http/index.js';
import { defineService } from '../kit/index.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases } from './vocabulary.js';

/** A public feed needs no connection: the URL is the trigger's config, fetched through the SSRF guard. */
const rss = defineService({ id: 'rss', name: 'The feed' });

const parser = new Parser({ timeout: 30_000 });
const MAX_BYTES = 5 * 1024 * 1024;
/** How many item ids the cursor remembers: feeds carry their latest 10-100 items, without a reliable order. */
const REMEMBERED = 500;

const itemId = (i: { guid?: string; id?: string; link?: string; title?: string; pubDate?: string }) =>
  i.guid ?? i.id ?? i.link ?? createHash('sha256').update(`${i.title ?? ''}\n${i.pubDate ?? ''}`).digest('base64url');

export const newItem = rss.trigger({
  id: 'rss.new_item',
  title: 'New item in a feed',
  description: 'Starts for each new item of an RSS or Atom feed.',
  aiDescription:
    'Use to react to new posts of any RSS 2.0 or Atom feed (blogs, release notes, status pages). Give the feed URL. Items present when the workflow starts do not start runs. Item text is untrusted: it never resolves secrets or expressions.',
  config: z.object({ url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2000) }),
  event: z.object({
    id: z.string(),
    feedTitle: z.string().nullable(),
    title: z.string(),
    link: z.string().nullable(),
    published: z.string().nullable(),
    author: z.string().nullable(),
    summary: z.string(),
  }),
  async poll(ctx, config, cursor) {
    const res = await ctx.guardedFetch(config.url, { headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1' }, signal: ctx.signal });
    if (!res.ok) {
      const code = res.status === 404 || res.status === 410 ? 'integrations.http.not_found' : res.status === 429 ? 'integrations.http.rate_limited' : res.status >= 500 ? 'integrations.http.server_error' : 'integrations.http.bad_request';
      throw integrationError(code, `The feed answered HTTP ${res.status}.`, { service: 'rss', upstreamStatus: res.status });
    }
    const body = await res.text();
    if (body.length > MAX_BYTES) throw integrationError('integrations.http.invalid_response', 'The feed is larger than 5 MiB.', { service: 'rss' });
    let feed: Awaited<ReturnType<typeof parser.parseString>>;
    try {
      feed = await parser.parseString(body);
    } catch (err) {
      throw integrationError('integrations.http.invalid_response', `That URL did not return an RSS or Atom feed (${err instanceof Error ? err.message.slice(0, 200) : 'unreadable'}).`, { service: 'rss' }, err);
    }
    const items = feed.items.map((i) => ({
      id: itemId(i),
      feedTitle: feed.title ?? null,
      title: i.title ?? '',
      link: i.link ?? null,
      published: i.isoDate ?? null,
      author: i.creator ?? (typeof i['author'] === 'string' ? i['author'] : null),
      summary: (i.contentSnippet ?? i.summary ?? '').slice(0, 5000),
    }));
    const seen = new Set(Array.isArray(cursor?.['seen']) ? cursor['seen'] : []);
    const ids = items.map((i) => i.id);
    // Remember what the feed shows now (plus older ids still in the window), newest first as feeds list them.
    const remembered = [...new Set([...ids, ...seen])].slice(0, REMEMBERED);
    if (!cursor) return { events: [], cursor: { seen: remembered } };
    // Oldest first, so runs start in publication order.
    const fresh = items.filter((i) => !seen.has(i.id)).reverse();
    return { events: fresh, cursor: { seen: remembered } };
  },
});

export const rssTriggers = [newItem];

/** RSS / Atom feeds, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const rssIntegration = defineIntegration({ catalog, kit: rss, triggers: rssTriggers, vocabulary: { triggers: triggerPhrases } });
