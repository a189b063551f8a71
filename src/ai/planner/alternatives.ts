/**
 * What the offline planner does when the vocabulary names a trigger or action Atom does not have, and
 * where the data a step needs comes from. Ids here are checked against the registries at plan time
 * (capabilities.ts): an alternative that is not installed either is never offered.
 */

/** Vocabulary ids that are another name for an action Atom has; `note` when the substitute differs. */
export const actionAliases: Record<string, { id: string; note?: string }> = {
  'microsoft_teams.post_message': { id: 'teams.post_channel_message' },
  'outlook.send_email': { id: 'outlook.send_mail' },
  'gmail.forward_email': { id: 'gmail.send_email', note: 'Atom has no forward action (gmail.forward_email): this step sends the email\'s content as a new email instead.' },
};

/** A missing event trigger that can be approximated by polling a list step on a schedule. */
export const pollAlternatives: Record<string, string> = {
  'dropbox.new_file': 'dropbox.list_folder',
  'box.new_file': 'box.list_folder',
  'github.new_pull_request': 'github.list_pull_requests',
  'google_calendar.new_event': 'google_calendar.list_events',
};
export const POLL_MINUTES = 15;

const displayNames: Record<string, string> = {
  google_sheets: 'Google Sheets', google_docs: 'Google Docs', microsoft_excel: 'Excel Online', google_forms: 'Google Forms', google_calendar: 'Google Calendar', google_drive: 'Google Drive', hubspot: 'HubSpot', github: 'GitHub',
  pagerduty: 'PagerDuty', onedrive: 'OneDrive', twilio: 'Twilio (SMS)', microsoft_teams: 'Microsoft Teams', rss: 'RSS', jira: 'Jira', gitlab: 'GitLab', clickup: 'ClickUp',
};
/** "google_sheets.new_row" → "Google Sheets". */
export const serviceOf = (id: string): string => {
  const s = id.split('.')[0] ?? id;
  return displayNames[s] ?? s.charAt(0).toUpperCase() + s.slice(1);
};

/**
 * Steps that read the data a request talks about ("a summary of new Google Drive files", "my unread Gmail
 * messages"): on a schedule nothing else would produce it, and an AI step over nothing summarises null.
 */
export interface SourcePhrase {
  action: string;
  pattern: RegExp;
  label: string;
  input?: (text: string, m: RegExpExecArray) => Record<string, unknown>;
  /** Skip when one of these actions is already planned (the words are about writing, not reading). */
  unless?: RegExp;
}

const repo = (text: string) => {
  const m = /\b([\w.-]+)\/([\w.-]+)\b/.exec(text.replace(/https?:\/\/\S+/g, ''));
  return m ? { owner: m[1], repo: m[2] } : {};
};

export const sourcePhrases: SourcePhrase[] = [
  { action: 'google_drive.list_files', label: 'list the Google Drive files', pattern: /\b(?:google\s+)?drive\s+files\b|\bfiles\b[^.;,]*?\b(?:in|on|from)\s+(?:the\s+[\w&' -]+\s+folder\s+(?:in|on)\s+)?(?:my\s+|our\s+)?(?:google\s+drive|gdrive|drive)\b/i },
  { action: 'onedrive.list_files', label: 'list the OneDrive files', pattern: /\bone\s?drive\s+files\b|\bfiles\b[^.;,]*?\b(?:in|on|from)\s+(?:my\s+|our\s+)?one\s?drive\b/i },
  { action: 'dropbox.list_folder', label: 'list the Dropbox folder', pattern: /\bdropbox\s+files\b|\bfiles\b[^.;,]*?\b(?:in|on|from)\s+(?:my\s+|our\s+)?dropbox\b/i },
  { action: 'box.list_folder', label: 'list the Box folder', pattern: /\bbox\s+files\b|\bfiles\b[^.;,]*?\b(?:in|on|from)\s+(?:my\s+|our\s+)?box\b/i },
  { action: 'outlook.list_events', label: 'list the Outlook calendar events', pattern: /\boutlook\s+calendar\b|\boutlook\b[^.;,]*?\b(?:events|meetings|agenda)\b/i },
  { action: 'google_calendar.list_events', label: 'list the calendar events', pattern: /\bcalendar\s+events\b|\bagenda\b|\b(?:first|next|today'?s)\s+meetings?\b|\bmeetings?\s+(?:from|in|on)\s+(?:my\s+)?(?:google\s+)?calendar\b/i, unless: /^(?:google_calendar\.create_event|outlook\.list_events)$/ },
  { action: 'github.list_pull_requests', label: 'list the pull requests', pattern: /\bpull\s+requests\b|\bPRs\b/, input: (t) => ({ ...repo(t), state: 'open' }) },
  {
    action: 'gmail.search_emails',
    label: 'find the Gmail messages',
    pattern: /\b(?:unread|new|recent)\s+(?:gmail\s+)?(?:e-?mails|messages)\b|\bgmail\s+(?:messages|e-?mails)\b/i,
    input: (t) => {
      const label = /\blabell?ed\s+["“']?([\w-]+)/i.exec(t)?.[1];
      return { query: [/\bunread\b/i.test(t) ? 'is:unread' : 'newer_than:1d', ...(label ? [`label:${label}`] : [])].join(' ') };
    },
    unless: /^outlook\./,
  },
  { action: 'notion.query_database', label: 'read the Notion database', pattern: /\bnotion\b[^.;,]*?\bdatabase\b/i },
  { action: 'core.http_request', label: 'fetch the web address', pattern: /\bfrom\s+(https?:\/\/[^\s,;]+)/i, input: (_t, m) => ({ method: 'GET', url: m[1] }) },
];

/** Triggers whose event is a file's details: reading its content takes the service's get_file step. */
export const fileTriggers: Record<string, string> = { 'google_drive.file_changed': 'google_drive.get_file', 'onedrive.file_changed': 'onedrive.get_file' };

/**
 * Where the data goes in each action that carries content (`data` is a `{{ … }}` template or plain text,
 * `title` a short literal). Actions not listed take no content.
 */
export function contentInput(action: string, data: string, title: string, fromFile?: string): Record<string, unknown> {
  switch (action) {
    case 'slack.post_message':
    case 'teams.post_channel_message':
      return { text: data };
    case 'gmail.send_email':
      return { subject: title, text: data };
    case 'outlook.send_mail':
      return { subject: title, body: data };
    case 'github.create_issue':
      return { title, body: data };
    case 'github.add_comment':
      return { number: '{{ trigger.number }}', body: data };
    case 'trello.create_card':
      return { name: title, description: data };
    case 'jira.create_issue':
      return { summary: title, description: data };
    case 'discord.send_message':
      return { content: data };
    case 'telegram.send_message':
      return { text: data };
    case 'twilio.send_sms':
      return { body: data };
    case 'linear.create_issue':
      return { title, description: data };
    case 'gitlab.create_issue':
      return { title, description: data };
    case 'zendesk.create_ticket':
      return { subject: title, body: data };
    case 'clickup.create_task':
      return { name: title, description: data };
    case 'todoist.create_task':
      return { content: title, description: data };
    case 'asana.create_task':
      return { name: title, notes: data };
    case 'notion.create_page':
      return { title, content: data };
    case 'google_sheets.append_row':
    case 'microsoft_excel.append_row':
      // One column the person renames to their header row (the planner cannot know it); asked in a question.
      return { values: { Details: data } };
    case 'google_docs.append_text':
      return { text: `\n${data}` };
    case 'core.http_request':
      return { method: 'POST', body: { text: data } };
    default:
      if (/\.upload_file$/.test(action)) return { name: fromFile ? `{{ ${fromFile}.name }}` : title, content: data };
      return {};
  }
}
