import type { CommentView as Comment, Mentionable, NewComment, Person } from '../../../src/shared/comments';
import { api } from '../lib/api';

export type { Comment, Mentionable, Person };

const enc = encodeURIComponent;
export const commentsKey = (workflowId: string) => ['comments', workflowId] as const;

export const listComments = (workflowId: string) => api<{ items: Comment[] }>(`/api/workflows/${enc(workflowId)}/comments`);
export const addComment = (workflowId: string, body: NewComment) =>
  api<Comment>(`/api/workflows/${enc(workflowId)}/comments`, { method: 'POST', body });
export const editComment = (id: string, body: { body: string; mentions: string[] }) => api<Comment>(`/api/comments/${enc(id)}`, { method: 'PATCH', body });
export const deleteComment = (id: string) => api<undefined>(`/api/comments/${enc(id)}`, { method: 'DELETE' });
export const findMentionable = (workflowId: string, q: string) => api<{ items: Mentionable[] }>(`/api/workflows/${enc(workflowId)}/comments/mentionable?q=${enc(q)}`);

/** The `@word` being typed just before the caret, if any (what the autocomplete completes). */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | undefined {
  const m = /(^|\s)@([\p{L}\p{N}._-]{0,40})$/u.exec(text.slice(0, caret));
  if (!m) return undefined;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}

/** Ids of picked people whose `@Name` is still in the text (a deleted mention does not notify). */
export const mentionIdsIn = (text: string, picked: Person[]): string[] => [...new Set(picked.filter((p) => text.includes(`@${p.name}`)).map((p) => p.id))];

/** Replies nested under their parents, threads in the order they started. */
export function threadsOf(comments: Comment[]): { root: Comment; replies: Comment[] }[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const rootOf = (c: Comment): Comment => {
    let cur = c;
    for (let i = 0; i < 50 && cur.parentId && byId.has(cur.parentId); i++) cur = byId.get(cur.parentId)!;
    return cur;
  };
  const threads = new Map<string, { root: Comment; replies: Comment[] }>();
  for (const c of comments) {
    const root = rootOf(c);
    const t = threads.get(root.id) ?? { root, replies: [] };
    if (root.id !== c.id) t.replies.push(c);
    threads.set(root.id, t);
  }
  return [...threads.values()];
}
