import { firstUrl } from './urls.js';

/**
 * The offline planner's vocabulary: everyday phrasing of event triggers and actions, mapped to trigger and
 * action ids (`<catalog service id>.<verb_noun>`). Order matters: the first pattern that matches a span wins.
 */
export interface TriggerPhrase {
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
  action: string;
  pattern: RegExp;
  label: (input: Record<string, unknown>) => string;
  input?: (clause: string) => Record<string, unknown>;
  /** What to ask when the request leaves out something the action needs. */
  ask?: (input: Record<string, unknown>) => string | undefined;
}

const storage: Record<string, string> = { 'google drive': 'google_drive', drive: 'google_drive', gdrive: 'google_drive', onedrive: 'onedrive', 'one drive': 'onedrive', dropbox: 'dropbox', box: 'box', sharepoint: 'sharepoint' };
const storageRe = '(google drive|gdrive|drive|onedrive|one drive|dropbox|sharepoint|box)';

const folderOf = (text: string) => {
  const m =
    /\bthe\s+["“']?([\w&'-]+(?:\s+[\w&'-]+){0,2}?)["”']?\s+folder\b/i.exec(text) ??
    /["“']([^"”']{1,40})["”']\s+folder\b/i.exec(text) ??
    /\bfolder\s+(?:called|named)\s+["“']?([\w&'-]+(?:\s+[\w&'-]+){0,2}?)["”']?(?=[\s,.]|$)/i.exec(text) ??
    /\b(?:my|our|a)\s+([\w&'-]+)\s+folder\b/i.exec(text);
  const name = m?.[1]?.trim();
  return name && !/^(new|shared|same)$/i.test(name) ? { folder: name } : {};
};
export const serviceNames: Record<string, string> = { 'google_drive': 'Google Drive', onedrive: 'OneDrive', dropbox: 'Dropbox', box: 'Box', sharepoint: 'SharePoint' };
const fromOf = (text: string) => {
  const m = /\bfrom\s+([\w.+-]+@[\w.-]+\.\w+|@[\w.-]+\.\w+|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*|my\s+\w+|the\s+\w+(?:\s+team)?)/.exec(text);
  return m ? { from: m[1]!.replace(/[.,]$/, '') } : {};
};
const subjectOf = (text: string) => {
  const m = /\bsubject\s+(?:line\s+)?(?:containing|that contains|contains|including|with|mentioning)\s+["“']?([^"”',.]+)["”']?/i.exec(text) ?? /\bwith\s+["“']([^"”']+)["”']\s+in\s+the\s+subject\b/i.exec(text);
  return m ? { subjectContains: m[1]!.trim() } : {};
};
const channelOf = (text: string) => {
  const m = /(#[\w-]+)/.exec(text);
  return m ? { channel: m[1] } : {};
};
/** A pasted link (a Google Sheet's or Doc's): the actions take links as well as ids. */
const linkAs = (field: string) => (text: string) => {
  const url = firstUrl(text);
  return url ? { [field]: url } : {};
};
const repoOf = (text: string) => {
  const m = /\b(?:repo(?:sitory)?\s+)?([\w.-]+\/[\w.-]+)\b/.exec(text);
  return m ? { repository: m[1] } : {};
};
const recipientOf = (clause: string) => {
  const email = /[\w.+-]+@[\w.-]+\.\w+/.exec(clause);
  if (email) return { to: email[0] };
  if (/\b(e-?mail|mail|send|forward)\s+(it\s+)?(to\s+)?me\b|\bsend\s+me\b|\bto\s+me\b/i.test(clause)) return { to: 'me' };
  const named = /\b(?:e-?mail|to|forward\s+(?:it|them)\s+to)\s+(the\s+[\w-]+\s+team|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b/.exec(clause);
  return named ? { to: named[1] } : {};
};

export const triggerPhrases: TriggerPhrase[] = [
  {
    event: 'google_drive.file_changed',
    label: 'a new file in Google Drive',
    pattern: new RegExp(`\\b(?:when(?:ever)?|each time|every time|once|as soon as)\\b[^.;]*?\\b(?:new\\s+)?(?:file|document|doc|pdf|invoice|receipt|contract|spreadsheet|photo|image)s?\\b[^.;]*?\\b(?:added|uploaded|created|dropped|saved|appears|lands|put)\\b[^.;]*?\\b${storageRe}\\b`, 'i'),
    config: (text) => folderOf(text),
  },
  {
    event: 'google_drive.file_changed',
    label: 'a new file in Google Drive',
    pattern: new RegExp(`\\b(?:when(?:ever)?|each time|every time)\\b[^.;]*?\\bnew\\s+(?:file|document|pdf|invoice|receipt)s?\\b[^.;]*?\\b(?:in|to)\\b[^.;]*?\\b${storageRe}\\b`, 'i'),
    config: (text) => folderOf(text),
  },
  {
    event: 'gmail.new_email',
    label: 'a new email',
    pattern: /\b(?:when(?:ever)?|each time|every time|if|as soon as)\s+(?:i|we)\s+(?:get|receive)s?\s+(?:an?\s+)?(?:new\s+)?(?:e-?mail|message|mail)s?\b[^,;]*|\b(?:when(?:ever)?|each time|every time)\s+(?:an?\s+)?(?:new\s+)?e-?mail\s+(?:arrives|comes in|is received|lands)\b[^,;]*|\bfor\s+(?:every|each)\s+(?:new\s+)?(?:incoming\s+)?e-?mail\b[^,;]*|\bnew\s+e-?mails?\s+from\b[^,;]*|\b(?:when(?:ever)?|each time|every time)\s+(?:someone|anyone|somebody|a\s+customer|a\s+client)\s+e-?mails\b[^,;]*/i,
    config: (_t, m) => ({ ...fromOf(m[0]), ...subjectOf(m[0]) }),
  },
  {
    event: 'slack.new_message',
    label: 'a new Slack message',
    pattern: /\b(?:when(?:ever)?|each time|every time)\s+(?:someone|anyone|somebody|a\s+\w+)?\s*(?:posts?|writes?|sends?|mentions?)\b[^.;]*?(?:#[\w-]+|\bslack\b)[^,;]*|\b(?:when(?:ever)?|each time)\s+(?:a\s+)?(?:new\s+)?message\s+(?:is\s+)?(?:posted|arrives)\s+in\s+#[\w-]+/i,
    config: (_t, m) => channelOf(m[0]),
  },
  { event: 'jira.new_issue', label: 'a new Jira issue', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bjira\b[^,;]*/i },
  { event: 'gitlab.new_issue', label: 'a new GitLab issue', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bgitlab\b[^.;,]*?\bissues?\b[^,;]*|\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bissues?\b[^.;,]*?\bgitlab\b[^,;]*/i },
  { event: 'linear.new_issue', label: 'a new Linear issue', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\blinear\b[^,;]*/i },
  { event: 'github.new_pull_request', label: 'a new GitHub pull request', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:pull request|pr)s?\b[^.;,]*?\b(?:opened|created|submitted|raised)\b[^,;]*/i, config: (_t, m) => repoOf(m[0]) },
  { event: 'github.new_issue', label: 'a new GitHub issue', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:new\s+)?(?:github\s+)?issues?\b[^.;,]*?\b(?:opened|created|filed|reported|comes in)\b[^,;]*/i, config: (_t, m) => repoOf(m[0]) },
  { event: 'pipedrive.new_deal', label: 'a new Pipedrive deal', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bpipedrive\b[^,;]*/i },
  { event: 'freshdesk.new_ticket', label: 'a new Freshdesk ticket', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bfreshdesk\b[^,;]*/i },
  { event: 'salesforce.new_record', label: 'a new Salesforce record', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bsalesforce\b[^,;]*/i, config: (_t, m) => (/\bopportunit/i.test(m[0]) ? { object: 'Opportunity' } : /\bcontact/i.test(m[0]) ? { object: 'Contact' } : { object: 'Lead' }) },
  { event: 'zoom.new_meeting', label: 'a new Zoom meeting', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bzoom\b[^,;]*/i },
  { event: 'stripe.payment_failed', label: 'a failed Stripe payment', pattern: /\b(?:when(?:ever)?|each time|if)\b[^.;,]*?\b(?:payment|charge)s?\b[^.;,]*?\bfails?\b[^,;]*/i },
  { event: 'stripe.new_payment', label: 'a new Stripe payment', pattern: /\b(?:when(?:ever)?|each time|every time|for every|for each)\b[^.;,]*?\b(?:stripe\s+)?(?:payment|charge)s?\b[^.;,]*?(?:\b(?:succeeds|received|comes in|is made|made)\b|\bstripe\b)[^,;]*|\bnew\s+stripe\s+(?:payment|charge)s?\b/i },
  { event: 'shopify.new_order', label: 'a new Shopify order', pattern: /\b(?:when(?:ever)?|each time|every time|for every|for each|if)\b[^.;,]*?\bshopify\b[^.;,]*?\borders?\b[^,;]*|\b(?:when(?:ever)?|each time|every time|for every|for each)\b[^.;,]*?\b(?:new\s+)?(?:shopify\s+)?orders?\b[^,;]*?(?:\b(?:comes in|placed|received|is made|arrives)\b|\bshopify\b)[^,;]*/i },
  { event: 'hubspot.deal_won', label: 'a deal won in HubSpot', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bdeals?\b[^.;,]*?\b(?:closed|won|closes)\b[^,;]*/i },
  { event: 'hubspot.new_contact', label: 'a new HubSpot contact', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bnew\s+(?:contact|lead)s?\b[^.;,]*?\bhubspot\b[^,;]*|\bnew\s+hubspot\s+(?:contact|lead)s?\b/i },
  { event: 'typeform.new_response', label: 'a new Typeform response', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\btypeform\b[^,;]*/i },
  { event: 'google_forms.new_response', label: 'a new form response', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:google\s+)?form\b[^.;,]*?\b(?:submitted|filled(?: out| in)?|completed|response)\b[^,;]*/i },
  { event: 'google_sheets.new_row', label: 'a new spreadsheet row', config: (text) => linkAs('spreadsheetId')(text), ask: (c) => (c.spreadsheetId ? undefined : 'Which Google Sheet should it watch (paste its link), and which sheet (tab)? Row 1 must hold the column names.'), pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:added|appended|inserted)\s+to\s+(?:the\s+|a\s+|my\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:google\s+)?(?:sheet|spreadsheet)s?\b[^,;]*|\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bnew\s+rows?\b[^.;,]*?\b(?:sheet|spreadsheet)s?\b[^,;]*/i },
  { event: 'calendly.new_booking', label: 'a new Calendly booking', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:books?|schedules?)\s+(?:a\s+)?(?:meeting|call|demo)\b[^,;]*|\bnew\s+calendly\s+bookings?\b/i },
  { event: 'google_calendar.new_event', label: 'a new calendar event', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:calendar\s+)?(?:event|meeting)s?\s+(?:is\s+|are\s+|gets\s+)?(?:created|added|scheduled|booked)\b[^,;]*/i },
  { event: 'airtable.new_record', label: 'a new Airtable record', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:records?|rows?)\b[^.;,]*?\bairtable\b[^,;]*/i },
  { event: 'google_calendar.event_starting_soon', label: 'a calendar event about to start', pattern: /\b(?:before|ahead of)\s+(?:each|every|my|any)\s+(?:meeting|calendar event|call)s?\b[^,;]*|\b(?:when(?:ever)?)\b[^.;,]*?\b(?:meeting|event)s?\b[^.;,]*?\b(?:starts?|is about to start|begins?)\b[^,;]*/i },
  { event: 'zendesk.new_ticket', label: 'a new support ticket', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bnew\s+(?:support\s+|zendesk\s+)?tickets?\b[^,;]*/i },
  { event: 'telegram.new_message', label: 'a new Telegram message to the bot', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\btelegram\b[^,;]*/i },
  { event: 'discord.new_message', label: 'a new Discord message', ask: (c) => (c.channelId ? undefined : 'Which Discord channel should it watch (its id: right-click the channel, Copy Channel ID)?'), pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bdiscord\b[^,;]*/i },
  { event: 'twilio.new_incoming_sms', label: 'an incoming text message', ask: (c) => (c.to ? undefined : 'Which Twilio number receives the messages?'), pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:sms|text messages?)\b[^.;,]*?\b(?:receive[sd]?|arrives?|comes in|gets?)\b[^,;]*/i },
  { event: 'rss.new_item', label: 'a new feed item', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:rss|feed|blog)\b[^,;]*/i },
];

export const webhookPhrase = /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:webhook|http request|post request|api call)\b[^.;,]*?\b(?:received|comes in|arrives|hits)\b[^,;]*|\bon\s+(?:an?\s+)?(?:incoming\s+)?webhook\b/i;
export const memoryPhrase = /\b(?:when(?:ever)?|each time)\b[^.;,]*?\bnew\s+document\b[^.;,]*?\b(?:atom|memory)\b[^,;]*/i;

const msg = (verbs: string, target: string) => new RegExp(`\\b(?:${verbs})\\b[^.;]*?\\b(?:${target})\\b|\\b(?:${target})\\b[^.;]*?\\b(?:message|notification|alert|post)\\b`, 'i');
const chatVerbs = 'post|send|share|notify|message|ping|alert|tell|announce|drop|let|remind';

export const actionPhrases: ActionPhrase[] = [
  { action: 'ai.summarize', pattern: /\b(?:summar(?:y|ies|ise|ize|ised|ized|ising|izing)|digest|tl;?dr|recap)\b/i, label: () => 'summarise it with AI' },
  { action: 'ai.extract', pattern: /\b(?:extract|pull out|parse out)\b[^.;]*?\b(?:amount|total|fields?|data|details|line items|name|date)s?\b/i, label: () => 'extract the details with AI' },
  { action: 'ai.classify', pattern: /\b(?:classify|categori[sz]e|triage|sort)\b[^.;]*?\b(?:by|into|as)\b/i, label: () => 'classify it with AI' },
  {
    action: 'slack.post_message',
    pattern: new RegExp(`\\b(?:${chatVerbs})\\b[^.;]*?(?:#[\\w-]+|\\bslack\\b)|\\bslack\\b[^.;]*?\\b(?:message|notification|alert|post)\\b|\\bdm\\s+me\\b`, 'i'),
    input: (c) => ({ ...channelOf(c), ...(/\b(dm|me)\b/i.test(c) && !/#/.test(c) ? { channel: '@me' } : {}) }),
    label: (i) => `post to ${String(i.channel ?? 'Slack')} on Slack`,
    ask: (i) => (i.channel ? undefined : 'Which Slack channel should it post to?'),
  },
  { action: 'microsoft_teams.post_message', pattern: msg(chatVerbs, 'ms teams|microsoft teams|teams'), input: channelOf, label: () => 'post to Microsoft Teams', ask: (i) => (i.channel ? undefined : 'Which Teams channel should it post to?') },
  { action: 'discord.send_message', pattern: msg(chatVerbs, 'discord'), label: () => 'post to Discord', ask: (i) => (i.channelId ? undefined : 'Which Discord channel should it post to (its id: right-click the channel, Copy Channel ID)?') },
  { action: 'telegram.send_message', pattern: msg(chatVerbs, 'telegram'), label: () => 'send a Telegram message', ask: (i) => (i.chatId ? undefined : 'Which Telegram chat should it send to (a chat id, or @channelname)?') },
  { action: 'twilio.send_sms', pattern: /\b(?:sms|text\s+message|text\s+me|send\s+(?:me\s+)?a\s+text)\b/i, label: () => 'send a text message', ask: (i) => (i.to ? undefined : 'Which phone number should the text go to (such as +14155550100), and from which Twilio number?') },
  { action: 'gmail.forward_email', pattern: /\bforward\b[^.;]*?\b(?:it|them|the\s+e-?mails?|the\s+message)?\b[^.;]*?\bto\b/i, input: recipientOf, label: (i) => `forward it to ${String(i.to ?? 'someone')}`, ask: (i) => (i.to ? undefined : 'Who should it be forwarded to?') },
  { action: 'outlook.send_mail', pattern: /\b(?:send|e-?mail|mail)\b[^.;]*?\b(?:with|via|through|from|using)\s+(?:my\s+)?outlook\b|\boutlook\s+(?:e-?)?mail\b/i, input: recipientOf, label: (i) => `email ${i.to === 'me' ? 'you' : String(i.to ?? 'someone')} with Outlook`, ask: (i) => (i.to ? undefined : 'Who should the email go to?') },
  {
    action: 'gmail.send_email',
    pattern: /\b(?:e-?mail\s+(?:me|us|the|it|them|a|an|[A-Z][a-z]+|[\w.+-]+@)|send\s+(?:me\s+|us\s+|them\s+|him\s+|her\s+|[A-Z][a-z]+\s+)?an?\s+(?:[\w-]+\s+){0,2}(?:e-?mail|mail)|mail\s+me|e-?mail\s+(?:a\s+)?(?:summary|report|digest|reminder)|(?:an?\s+)?e-?mail\s+(?:to|with)\b|send\s+(?:[\w-]+\s+){0,3}(?:by|via)\s+e-?mail|via\s+e-?mail)/i,
    input: recipientOf,
    label: (i) => `email ${i.to === 'me' ? 'you' : String(i.to ?? 'someone')}`,
    ask: (i) => (i.to ? undefined : 'Who should the email go to?'),
  },
  { action: 'notion.create_page', pattern: /\b(?:create|add|make|log|save|write)\b[^.;]*?\bnotion\b|\bnotion\s+(?:page|database|entry|doc)\b/i, label: () => 'create a Notion page' },
  // Excel first: "an Excel sheet" is Excel's.
  {
    action: 'microsoft_excel.append_row',
    pattern: /\b(?:add|append|log|record|save|put|insert|track|write)\b[^.;]*?\bexcel\b/i,
    label: () => 'add a row to an Excel table',
    ask: () => 'Which Excel workbook (its OneDrive item id) and table should the row go to? The step fills a “Details” column: rename it to the table’s columns.',
  },
  {
    action: 'google_sheets.append_row',
    pattern: /\b(?:add|append|log|record|save|put|insert|track|write)\b[^.;]*?\b(?:google\s+sheets?|spreadsheet|sheet)\b/i,
    input: linkAs('spreadsheetId'),
    label: () => 'add a row to a Google Sheet',
    ask: (i) =>
      i.spreadsheetId
        ? 'Which sheet (tab) of the spreadsheet should the row go to? The step fills a “Details” column: rename it to the columns of its header row.'
        : 'Which Google Sheet should the row go to (paste its link), and which sheet (tab)? The step fills a “Details” column: rename it to the columns of its header row.',
  },
  {
    action: 'google_docs.append_text',
    pattern: /\b(?:add|append|log|write|save|put)\b[^.;]*?\bgoogle\s+docs?\b|\bgoogle\s+doc\b[^.;]*?\b(?:append|add)\b/i,
    input: linkAs('documentId'),
    label: () => 'add it to a Google Doc',
    ask: (i) => (i.documentId ? undefined : 'Which Google Doc should it be added to (paste its link)?'),
  },
  { action: 'airtable.create_record', pattern: /\b(?:add|create|log|save|record)\b[^.;]*?\bairtable\b/i, label: () => 'create an Airtable record' },
  { action: 'jira.create_issue', pattern: /\b(?:create|open|file|raise|add|make)\b[^.;]*?\bjira\b|\bjira\s+(?:ticket|issue)\b/i, label: () => 'create a Jira issue' },
  { action: 'linear.create_issue', pattern: /\b(?:create|open|file|add|make)\b[^.;]*?\blinear\b/i, label: () => 'create a Linear issue' },
  { action: 'gitlab.create_issue', pattern: /\b(?:create|open|file|raise)\b[^.;]*?\bgitlab\b|\bgitlab\s+issue\b/i, label: () => 'open a GitLab issue' },
  { action: 'zendesk.create_ticket', pattern: /\b(?:create|open|file|raise)\b[^.;]*?\b(?:zendesk|support)\s+ticket\b|\bzendesk\s+ticket\b/i, label: () => 'open a Zendesk ticket' },
  { action: 'clickup.create_task', pattern: /\b(?:create|add|make)\b[^.;]*?\bclickup\b/i, label: () => 'create a ClickUp task' },
  { action: 'trello.create_card', pattern: /\b(?:create|add|make)\b[^.;]*?\btrello\b|\btrello\s+card\b/i, label: () => 'create a Trello card' },
  { action: 'asana.create_task', pattern: /\b(?:create|add|make)\b[^.;]*?\basana\b/i, label: () => 'create an Asana task' },
  { action: 'todoist.create_task', pattern: /\b(?:create|add|make)\b[^.;]*?\btodoist\b/i, label: () => 'add a Todoist task' },
  { action: 'github.create_issue', pattern: /\b(?:create|open|file|raise)\b[^.;]*?\b(?:github\s+)?issue\b/i, input: repoOf, label: () => 'open a GitHub issue' },
  { action: 'google_calendar.create_event', pattern: /\b(?:create|add|schedule|book|put)\b[^.;]*?\b(?:calendar\s+event|event\s+(?:in|on|to)\s+(?:my\s+)?(?:google\s+)?calendar|(?:on|to|in)\s+(?:my\s+)?(?:google\s+)?calendar)\b/i, label: () => 'create a calendar event' },
  { action: 'hubspot.create_contact', pattern: /\b(?:add|create|save)\b[^.;]*?\b(?:contact|lead)s?\b[^.;]*?\bhubspot\b|\bhubspot\b[^.;]*?\b(?:contact|lead)\b/i, label: () => 'create a HubSpot contact' },
  { action: 'zoom.create_meeting', pattern: /\b(?:create|schedule|set up|start)\b[^.;]*?\bzoom\b/i, label: () => 'create a Zoom meeting' },
  { action: 'pagerduty.create_incident', pattern: /\b(?:open|create|trigger|raise|page)\b[^.;]*?\bpagerduty\b|\bpagerduty\s+incident\b/i, label: () => 'open a PagerDuty incident' },
  { action: 'pipedrive.create_deal', pattern: /\b(?:add|create|open)\b[^.;]*?\bpipedrive\b/i, label: () => 'create a Pipedrive deal' },
  { action: 'freshdesk.create_ticket', pattern: /\b(?:open|create|file|raise)\b[^.;]*?\bfreshdesk\b/i, label: () => 'open a Freshdesk ticket' },
  { action: 'stripe.create_customer', pattern: /\b(?:add|create)\b[^.;]*?\bcustomers?\b[^.;]*?\bstripe\b/i, label: () => 'create a Stripe customer' },
  { action: 'salesforce.create_lead', pattern: /\b(?:add|create|save)\b[^.;]*?\bsalesforce\b/i, label: () => 'create a Salesforce lead' },
  { action: 'mailchimp.add_subscriber', pattern: /\b(?:add|subscribe)\b[^.;]*?\bmailchimp\b/i, label: () => 'add a Mailchimp subscriber' },
  {
    action: 'storage.upload_file',
    pattern: new RegExp(`\\b(?:save|upload|copy|store|back\\s*up|move|archive|put)\\b[^.;]*?\\b(?:to|in|into)\\s+(?:the\\s+)?(?:[\\w&' -]+\\s+folder\\s+(?:in|on)\\s+)?(?:my\\s+|our\\s+)?${storageRe}\\b`, 'i'),
    input: (c) => folderOf(c),
    label: () => 'save the file to cloud storage',
  },
  { action: 'google_drive.share_file', pattern: /\bshare\b[^.;]*?\b(?:google\s+)?drive\b[^.;]*?\bwith\b|\bshare\b[^.;]*?\bwith\s+[\w.+-]+@[\w.-]+/i, input: (c) => ({ ...(/[\w.+-]+@[\w.-]+\.\w+/.exec(c) ? { type: 'user', email: /[\w.+-]+@[\w.-]+\.\w+/.exec(c)![0] } : {}) }), label: () => 'share the Drive file', ask: () => 'Which Drive file should be shared (its id or link)?' },
  { action: 'github.add_comment', pattern: /\b(?:comment|reply|respond)\b[^.;]*?\b(?:on|to)\s+(?:the\s+|that\s+)?(?:github\s+)?(?:issue|pull request|pr)\b/i, label: () => 'comment on the GitHub issue' },
  { action: 'core.http_request', pattern: /\b(?:call|hit|send\s+(?:it|a\s+request|the\s+data)\s+to|post\s+(?:it|the\s+data)\s+to)\b[^.;]*?(?:https?:\/\/\S+|\bwebhook\b|\bapi\b|\bendpoint\b)|\b(?:post|send|push|deliver)\b[^.;]*?\bto\s+https?:\/\/\S+/i, input: (c) => ({ url: firstUrl(c) }), label: () => 'call a web address', ask: (i) => (i.url ? undefined : 'Which URL should it call?') },
];

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
