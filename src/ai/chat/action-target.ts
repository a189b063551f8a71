import type { Destination } from '../../shared/chat.js';

// What the confirmation card shows (targetSchema) is an API shape: it lives in src/shared/chat.ts (the web app reads it).
export { destinationSchema, targetSchema, type ActionTarget, type Destination } from '../../shared/chat.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined);
const list = (v: unknown): string | undefined => {
  if (Array.isArray(v)) {
    const items = v.map((x) => (typeof x === 'object' && x !== null ? (str((x as Record<string, unknown>)['email']) ?? JSON.stringify(x)) : str(x))).filter((x): x is string => !!x);
    return items.length ? items.join(', ') : undefined;
  }
  return str(v);
};

/** The full URL a request would reach: the URL with the `query` fields the request adds to it. */
function fullUrl(url: string, query: unknown): string {
  if (!query || typeof query !== 'object' || Object.keys(query).length === 0) return url;
  try {
    const u = new URL(url);
    for (const [k, v] of Object.entries(query as Record<string, unknown>)) u.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    return u.toString();
  } catch {
    return `${url} (query ${JSON.stringify(query)})`;
  }
}

/** Input fields that name where data goes, across Atom's actions, with the label the card gives them. */
const fields: [key: string, label: string, read: (v: unknown) => string | undefined][] = [
  ['to', 'To', list],
  ['cc', 'Cc', list],
  ['bcc', 'Bcc', list],
  ['email', 'Email', str],
  ['emails', 'Share with', list],
  ['attendees', 'Attendees', list],
  ['assignee', 'Assignee', str],
  ['assignees', 'Assignees', list],
  ['channel', 'Channel', str],
  ['teamId', 'Team', str],
  ['channelId', 'Channel', str],
  ['calendarId', 'Calendar', str],
  ['owner', 'Repository owner', str],
  ['repo', 'Repository', str],
  ['path', 'Path', str],
  ['folderId', 'Folder', str],
  ['fileId', 'File', str],
  ['parentPageId', 'Parent page', str],
  ['databaseId', 'Database', str],
  ['projectId', 'Project', str],
  ['listId', 'List', str],
  ['type', 'Share type', str],
  ['role', 'Access given', str],
  ['linkScope', 'Link scope', str],
];

/**
 * Where an action's input sends data, every destination in full (the request's URL and method, the
 * recipients, the channel, the folder, who a file is shared with). The connection is added by whoever can
 * resolve it (see ActionCatalog.destination).
 */
export function destinationOf(input: unknown): Destination[] {
  if (!input || typeof input !== 'object') return [];
  const i = input as Record<string, unknown>;
  const out: Destination[] = [];
  const url = str(i['url']);
  if (url) {
    out.push({ label: 'Method', value: str(i['method'])?.toUpperCase() ?? 'GET' });
    out.push({ label: 'URL', value: fullUrl(url, i['query']) });
  }
  for (const [key, label, read] of fields) {
    const v = read(i[key]);
    if (v !== undefined) out.push({ label, value: v });
  }
  return out;
}

/**
 * Actions whose very purpose is to send data out of Atom: any HTTP request, an email, a message. They
 * always wait for the person in chat, whatever their `sideEffect` flag says.
 */
export const sendsDataOut = (actionId: string, sideEffect: boolean): boolean =>
  // The verb of `<service>.<verb>_<noun>` (a read such as gmail.search_emails is not a send).
  sideEffect || /^(send|post|share|upload|request|reply|forward|http)(_|$)/i.test(actionId.split('.').pop() ?? '');
