import type { ModelMessage } from 'ai';
import type { StoredMessage } from './conversation-repository.js';

/** Rough token count (about four characters a token): good enough to stay well inside a model's limit. */
export const estimateTokens = (m: ModelMessage | string): number => Math.ceil((typeof m === 'string' ? m : JSON.stringify(m.content)).length / 4);

export interface WindowPlan {
  /** Messages sent as they are, oldest first. */
  recent: StoredMessage[];
  /** Older messages not yet folded into the summary: summarise these, then record `through`. */
  toSummarise: StoredMessage[];
  through: number;
}

/**
 * Splits a conversation into what is sent verbatim and what gets summarised. The verbatim part fills at
 * most `budget` tokens from the newest message back, and always starts at a user message, so a tool
 * result is never sent without the call that asked for it.
 */
export function planWindow(messages: StoredMessage[], summaryThrough: number, budget: number): WindowPlan {
  const live = messages.filter((m) => m.seq > summaryThrough);
  let used = 0;
  let start = live.length;
  for (let i = live.length - 1; i >= 0; i--) {
    used += estimateTokens(live[i]!.message);
    if (used > budget && i < live.length - 1) break;
    start = i;
  }
  // Move the cut forward to the next user message (never split a call from its result).
  while (start < live.length && live[start]!.message.role !== 'user') start++;
  if (start === live.length) {
    // The newest exchange alone is over budget: keep from its user message anyway.
    const lastUser = live.map((m) => m.message.role).lastIndexOf('user');
    start = lastUser >= 0 ? lastUser : 0;
  }
  const toSummarise = live.slice(0, start);
  return { recent: live.slice(start), toSummarise, through: toSummarise.at(-1)?.seq ?? summaryThrough };
}

/** The transcript a summariser reads: roles and text, tool traffic in short. */
export function transcriptOf(messages: StoredMessage[]): string {
  return messages
    .map(({ message: m }) => {
      if (typeof m.content === 'string') return `${m.role}: ${m.content}`;
      const parts = (m.content as { type: string; text?: string; toolName?: string; output?: unknown }[]).map((p) =>
        p.type === 'text' ? p.text : p.type === 'tool-call' ? `[called ${p.toolName}]` : p.type === 'tool-result' ? `[${p.toolName} returned ${JSON.stringify(p.output).slice(0, 300)}]` : '',
      );
      return `${m.role}: ${parts.join(' ')}`;
    })
    .join('\n');
}
