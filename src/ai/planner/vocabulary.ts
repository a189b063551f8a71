import { integrations } from '../../integrations/registry.js';
import { folderOf, type ActionPhrase, type TriggerPhrase } from '../../integrations/kit/phrasing.js';
import { firstUrl } from './urls.js';

export type { ActionPhrase, TriggerPhrase } from '../../integrations/kit/phrasing.js';

/**
 * The offline planner's vocabulary: everyday phrasing of event triggers and actions, mapped to trigger and
 * action ids (`<catalog service id>.<verb_noun>`). Each service's phrases live in its folder
 * (src/integrations/<service>/vocabulary.ts); the ones here are Atom's own (AI steps, the HTTP request) or span
 * services (cloud storage). Order matters: the first pattern that matches a span wins, so all are merged by rank.
 */

const storage: Record<string, string> = { 'google drive': 'google_drive', drive: 'google_drive', gdrive: 'google_drive', onedrive: 'onedrive', 'one drive': 'onedrive', dropbox: 'dropbox', box: 'box', sharepoint: 'sharepoint' };
const storageRe = '(google drive|gdrive|drive|onedrive|one drive|dropbox|sharepoint|box)';

export const serviceNames: Record<string, string> = { 'google_drive': 'Google Drive', onedrive: 'OneDrive', dropbox: 'Dropbox', box: 'Box', sharepoint: 'SharePoint' };

const ownTriggerPhrases: TriggerPhrase[] = [
  {
    rank: 10,
    event: 'google_drive.file_changed',
    label: 'a new file in Google Drive',
    pattern: new RegExp(`\\b(?:when(?:ever)?|each time|every time|once|as soon as)\\b[^.;]*?\\b(?:new\\s+)?(?:file|document|doc|pdf|invoice|receipt|contract|spreadsheet|photo|image)s?\\b[^.;]*?\\b(?:added|uploaded|created|dropped|saved|appears|lands|put)\\b[^.;]*?\\b${storageRe}\\b`, 'i'),
    config: (text) => folderOf(text),
  },
  {
    rank: 20,
    event: 'google_drive.file_changed',
    label: 'a new file in Google Drive',
    pattern: new RegExp(`\\b(?:when(?:ever)?|each time|every time)\\b[^.;]*?\\bnew\\s+(?:file|document|pdf|invoice|receipt)s?\\b[^.;]*?\\b(?:in|to)\\b[^.;]*?\\b${storageRe}\\b`, 'i'),
    config: (text) => folderOf(text),
  },
  { rank: 200, event: 'google_forms.new_response', label: 'a new form response', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:google\s+)?form\b[^.;,]*?\b(?:submitted|filled(?: out| in)?|completed|response)\b[^,;]*/i },
];

export const webhookPhrase = /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:webhook|http request|post request|api call)\b[^.;,]*?\b(?:received|comes in|arrives|hits)\b[^,;]*|\bon\s+(?:an?\s+)?(?:incoming\s+)?webhook\b/i;
export const memoryPhrase = /\b(?:when(?:ever)?|each time)\b[^.;,]*?\bnew\s+document\b[^.;,]*?\b(?:atom|memory)\b[^,;]*/i;

const ownActionPhrases: ActionPhrase[] = [
  { rank: 10, action: 'ai.summarize', pattern: /\b(?:summar(?:y|ies|ise|ize|ised|ized|ising|izing)|digest|tl;?dr|recap)\b/i, label: () => 'summarise it with AI' },
  { rank: 20, action: 'ai.extract', pattern: /\b(?:extract|pull out|parse out)\b[^.;]*?\b(?:amount|total|fields?|data|details|line items|name|date)s?\b/i, label: () => 'extract the details with AI' },
  { rank: 30, action: 'ai.classify', pattern: /\b(?:classify|categori[sz]e|triage|sort)\b[^.;]*?\b(?:by|into|as)\b/i, label: () => 'classify it with AI' },
  {
    rank: 350,
    action: 'storage.upload_file',
    pattern: new RegExp(`\\b(?:save|upload|copy|store|back\\s*up|move|archive|put)\\b[^.;]*?\\b(?:to|in|into)\\s+(?:the\\s+)?(?:[\\w&' -]+\\s+folder\\s+(?:in|on)\\s+)?(?:my\\s+|our\\s+)?${storageRe}\\b`, 'i'),
    input: (c) => folderOf(c),
    label: () => 'save the file to cloud storage',
  },
  { rank: 380, action: 'core.http_request', pattern: /\b(?:call|hit|send\s+(?:it|a\s+request|the\s+data)\s+to|post\s+(?:it|the\s+data)\s+to)\b[^.;]*?(?:https?:\/\/\S+|\bwebhook\b|\bapi\b|\bendpoint\b)|\b(?:post|send|push|deliver)\b[^.;]*?\bto\s+https?:\/\/\S+/i, input: (c) => ({ url: firstUrl(c) }), label: () => 'call a web address', ask: (i) => (i.url ? undefined : 'Which URL should it call?') },
];

const byRank = <P extends { rank: number }>(phrases: P[]): P[] => phrases.sort((a, b) => a.rank - b.rank);
export const triggerPhrases: TriggerPhrase[] = byRank([...ownTriggerPhrases, ...integrations.flatMap((i) => i.vocabulary.triggers)]);
export const actionPhrases: ActionPhrase[] = byRank([...ownActionPhrases, ...integrations.flatMap((i) => i.vocabulary.actions)]);

/** Resolves the generic storage action to the service the clause names. */
export function storageAction(clause: string): string {
  const m = new RegExp(storageRe, 'i').exec(clause);
  const service = storage[(m?.[1] ?? 'drive').toLowerCase()] ?? 'google_drive';
  return `${service}.upload_file`;
}

/** Which storage or mail service a trigger phrase names (Drive is the default). Ids follow src/integrations (`google_drive.*`). */
export function triggerService(event: string, text: string): string {
  if (event === 'google_drive.file_changed') {
    const m = new RegExp(storageRe, 'i').exec(text);
    const service = storage[(m?.[1] ?? 'drive').toLowerCase()] ?? 'google_drive';
    // Drive's and OneDrive's triggers (src/integrations) report new and changed files; other stores follow <service>.new_file.
    return service === 'google_drive' || service === 'onedrive' ? `${service}.file_changed` : `${service}.new_file`;
  }
  if (event === 'gmail.new_email' && /\boutlook\b/i.test(text)) return 'outlook.new_email';
  return event;
}

/** Verbs that signal an action the planner should have understood; clauses with them and no match are reported. */
export const actionVerbs = /\b(send|post|create|add|update|delete|remove|translate|call|print|order|buy|pay|book|move|archive|tag|label|assign|reply|respond|forward|notify|remind|sync|back\s*up|export|import|convert|download|upload|share|invite|approve|sign|publish|tweet|schedule|transcribe|generate|rename|close|merge|deploy)\b/i;
