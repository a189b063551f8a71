import { firstUrl } from '../../ai/planner/urls.js';

/**
 * A service's part of the offline planner's vocabulary (src/ai/planner/vocabulary.ts): everyday phrasing of its
 * triggers and actions, mapped to their ids, kept in the service's folder beside them.
 */
export interface TriggerPhrase {
  /** Where it sits among all phrases of its kind (lower first): the first pattern that matches a span wins, so a
   * narrower phrase ranks before a broader one ("an Excel sheet" is Excel's, not Google Sheets'). */
  rank: number;
  event: string;
  pattern: RegExp;
  /** Trigger configuration read from the request (folder, sender, channel...). */
  config?: (text: string, m: RegExpExecArray) => Record<string, unknown>;
  /** The event's fields, for conditions and for mapping into actions. */
  label: string;
  /** What to ask when the request leaves out something the trigger needs (which spreadsheet). */
  ask?: (config: Record<string, unknown>) => string | undefined;
}

export interface ActionPhrase {
  /** As TriggerPhrase.rank. */
  rank: number;
  action: string;
  pattern: RegExp;
  label: (input: Record<string, unknown>) => string;
  input?: (clause: string) => Record<string, unknown>;
  /** What to ask when the request leaves out something the action needs. */
  ask?: (input: Record<string, unknown>) => string | undefined;
}

/** What a service adds to the offline planner's vocabulary (src/ai/planner/vocabulary.ts merges them by rank). */
export interface ServiceVocabulary {
  triggers: TriggerPhrase[];
  actions: ActionPhrase[];
}

// Readers shared by the phrases of several services.
export const folderOf = (text: string) => {
  const m =
    /\bthe\s+["“']?([\w&'-]+(?:\s+[\w&'-]+){0,2}?)["”']?\s+folder\b/i.exec(text) ??
    /["“']([^"”']{1,40})["”']\s+folder\b/i.exec(text) ??
    /\bfolder\s+(?:called|named)\s+["“']?([\w&'-]+(?:\s+[\w&'-]+){0,2}?)["”']?(?=[\s,.]|$)/i.exec(text) ??
    /\b(?:my|our|a)\s+([\w&'-]+)\s+folder\b/i.exec(text);
  const name = m?.[1]?.trim();
  return name && !/^(new|shared|same)$/i.test(name) ? { folder: name } : {};
};
export const fromOf = (text: string) => {
  const m = /\bfrom\s+([\w.+-]+@[\w.-]+\.\w+|@[\w.-]+\.\w+|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*|my\s+\w+|the\s+\w+(?:\s+team)?)/.exec(text);
  return m ? { from: m[1]!.replace(/[.,]$/, '') } : {};
};
export const subjectOf = (text: string) => {
  const m = /\bsubject\s+(?:line\s+)?(?:containing|that contains|contains|including|with|mentioning)\s+["“']?([^"”',.]+)["”']?/i.exec(text) ?? /\bwith\s+["“']([^"”']+)["”']\s+in\s+the\s+subject\b/i.exec(text);
  return m ? { subjectContains: m[1]!.trim() } : {};
};
export const channelOf = (text: string) => {
  const m = /(#[\w-]+)/.exec(text);
  return m ? { channel: m[1] } : {};
};
/** A pasted link (a Google Sheet's or Doc's): the actions take links as well as ids. */
export const linkAs = (field: string) => (text: string) => {
  const url = firstUrl(text);
  return url ? { [field]: url } : {};
};
export const repoOf = (text: string) => {
  const m = /\b(?:repo(?:sitory)?\s+)?([\w.-]+\/[\w.-]+)\b/.exec(text);
  return m ? { repository: m[1] } : {};
};
export const recipientOf = (clause: string) => {
  const email = /[\w.+-]+@[\w.-]+\.\w+/.exec(clause);
  if (email) return { to: email[0] };
  if (/\b(e-?mail|mail|send|forward)\s+(it\s+)?(to\s+)?me\b|\bsend\s+me\b|\bto\s+me\b/i.test(clause)) return { to: 'me' };
  const named = /\b(?:e-?mail|to|forward\s+(?:it|them)\s+to)\s+(the\s+[\w-]+\s+team|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b/.exec(clause);
  return named ? { to: named[1] } : {};
};
export const msg = (verbs: string, target: string) => new RegExp(`\\b(?:${verbs})\\b[^.;]*?\\b(?:${target})\\b|\\b(?:${target})\\b[^.;]*?\\b(?:message|notification|alert|post)\\b`, 'i');
export const chatVerbs = 'post|send|share|notify|message|ping|alert|tell|announce|drop|let|remind';
