import { z } from 'zod';
import { memberPrincipals } from '../../memory/index.js';
import { parseJsonColumn } from '../../platform/index.js';
import type { RecommendationRule } from './types.js';

const WINDOW_MS = 14 * 86_400_000;
const stopwords: ReadonlySet<string> = new Set('about after again also because been before being could does doing down each every from have having here into just like more most much need only other over please same should show some such than that their them then there these they this those through what when where which while with would your yours find tell give make want atom document documents file files search latest recent'.split(' '));

/** The words worth matching from recent searches and questions, most frequent first. */
export function topicWords(texts: string[], max = 6): string[] {
  const count = new Map<string, number>();
  for (const t of texts) {
    for (const w of t.toLowerCase().match(/\p{L}[\p{L}\p{N}-]{3,}/gu) ?? []) if (!stopwords.has(w)) count.set(w, (count.get(w) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, max).map(([w]) => w);
}

const messageContent = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).loose())]);

/** Plain text of a stored chat message (a string, or AI SDK content parts). */
function textOf(content: string): string {
  try {
    const c = messageContent.parse(JSON.parse(content));
    return typeof c === 'string' ? c : c.map((p) => p.text ?? '').join(' ');
  } catch {
    return '';
  }
}

/**
 * Documents whose titles match what you asked Atom recently, and what was searched in the workspace
 * recently; only documents you may read (the same principal keys as memory search).
 */
export const documentsForRecentTopics: RecommendationRule = async (ctx, caller, now) => {
  if (!caller.permissions.has('memory:read')) return [];
  const since = new Date(now - WINDOW_MS).toISOString();
  const [asked, searched] = await Promise.all([
    ctx.db
      .selectFrom('ai_messages as m')
      .innerJoin('ai_conversations as c', 'c.id', 'm.conversation_id')
      .select('m.content')
      .where('c.workspace_id', '=', caller.workspaceId)
      .where('c.user_id', '=', caller.userId)
      .where('m.role', '=', 'user')
      .where('m.created_at', '>=', since)
      .orderBy('m.created_at', 'desc')
      .limit(30)
      .execute(),
    ctx.db.selectFrom('memory_queries').select('query').where('workspace_id', '=', caller.workspaceId).where('created_at', '>=', since).orderBy('created_at', 'desc').limit(30).execute(),
  ]);
  const mine = new Set(topicWords(asked.map((m) => textOf(m.content))));
  const words = topicWords([...asked.map((m) => textOf(m.content)), ...searched.map((q) => q.query)]);
  if (words.length === 0) return [];
  const principals = new Set(await memberPrincipals(ctx, caller.workspaceId, caller.userId));
  const out = [];
  const seen = new Set<string>();
  for (const word of words) {
    const docs = await ctx.db
      .selectFrom('memory_documents')
      .select(['id', 'title', 'principals'])
      .where('workspace_id', '=', caller.workspaceId)
      .where('status', '=', 'indexed')
      .where((eb) => eb(eb.fn('lower', ['title']), 'like', `%${word}%`))
      .orderBy('updated_at', 'desc')
      .limit(20)
      .execute();
    for (const d of docs) {
      if (seen.has(d.id) || !parseJsonColumn(z.array(z.string()), d.principals, { column: 'memory_documents.principals' }).some((p) => principals.has(p))) continue;
      seen.add(d.id);
      out.push({
        key: `document:${d.id}`,
        kind: 'document' as const,
        title: d.title,
        reason: mine.has(word) ? `Related to “${word}”, which you asked Atom about recently.` : `Related to “${word}”, which was searched for in this workspace recently.`,
        action: { label: 'Find it in memory', href: `/memory?q=${encodeURIComponent(word)}` },
      });
      if (out.length >= 5) return out;
    }
  }
  return out;
};
