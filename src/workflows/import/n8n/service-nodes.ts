import { param, paramValue, shortType, type LeafMapping, type NodeContext } from './node-context.js';

/** An n8n service operation Atom has an action for: the action and its input, or why it is not mapped. */
type ServiceMapping = { action: string; input: Record<string, unknown> } | { unmapped: string };
type ServiceMapper = (c: NodeContext, op: string) => ServiceMapping | undefined;

/** Parameter as a field value (template), dropped when absent. */
const field = (c: NodeContext, path: string, fallback?: unknown) => {
  const v = paramValue(c.node, path, fallback);
  return v === undefined ? undefined : c.value(path, v);
};
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/**
 * A list of e-mail addresses: literal "a@x, b@y" splits; a single expression is split at run time; text
 * mixing both stays one value (the action checks it when the run reaches it).
 */
function addresses(c: NodeContext, path: string): unknown {
  const v = paramValue(c.node, path);
  if (v === undefined || v === '') return undefined;
  const t = c.value(path, v);
  if (typeof t !== 'string') return t;
  if (!t.includes('{{')) return t.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  const whole = /^\{\{([\s\S]+)\}\}$/.exec(t);
  if (whole && !whole[1]?.includes('{{')) return `{{ $map($split($string(${(whole[1] ?? '').trim()}), ","), $trim) }}`;
  return t;
}

const slack: ServiceMapper = (c, op) => {
  if (op === 'message.post' || op === 'message.send' || op === 'post') {
    const channel = field(c, 'channelId') ?? field(c, 'channel') ?? field(c, 'user');
    return { action: 'slack.post_message', input: compact({ channel, text: field(c, 'text'), threadTs: field(c, 'otherOptions.thread_ts.replyValues.thread_ts') }) };
  }
  if (op === 'channel.getAll') return { action: 'slack.list_channels', input: {} };
  return undefined;
};

const gmail: ServiceMapper = (c, op) => {
  if (op === 'message.send') {
    const html = (paramValue(c.node, 'emailType') ?? ((c.node.typeVersion ?? 1) >= 2.1 ? 'html' : 'text')) === 'html';
    const body = field(c, 'message') ?? field(c, 'textContent') ?? '';
    return {
      action: 'gmail.send_email',
      input: compact({ to: addresses(c, 'sendTo') ?? addresses(c, 'toList'), cc: addresses(c, 'options.ccList'), bcc: addresses(c, 'options.bccList'), subject: field(c, 'subject') ?? '', text: body, html: html ? body : undefined }),
    };
  }
  if (op === 'message.getAll') return { action: 'gmail.search_emails', input: compact({ query: field(c, 'filters.q') ?? '', maxResults: param(c.node, 'returnAll') === true ? 500 : (paramValue(c.node, 'limit') ?? 50) }) };
  if (op === 'message.get') return { action: 'gmail.get_email', input: { id: field(c, 'messageId') } };
  return undefined;
};

const googleDrive: ServiceMapper = (c, op) => {
  if (op === 'file.createFromText') return { action: 'google_drive.upload_file', input: compact({ name: field(c, 'name') ?? field(c, 'title'), content: field(c, 'content', ''), folderId: field(c, 'folderId') }) };
  if (op === 'file.upload') return { unmapped: 'it uploads binary data from an earlier node; Atom\'s Drive upload takes text or base64 content, set content yourself' };
  if (op === 'file.download') return { action: 'google_drive.get_file', input: { fileId: field(c, 'fileId'), includeContent: true } };
  if (op === 'file.share') {
    const p = (param(c.node, 'permissionsUi.permissionsValues') ?? {}) as Record<string, unknown>;
    const type = p['type'] === 'anyone' ? 'anyone' : 'user';
    return { action: 'google_drive.share_file', input: compact({ fileId: field(c, 'fileId'), type, role: p['role'] ?? 'reader', email: p['emailAddress'] === undefined ? undefined : c.value('emailAddress', p['emailAddress']) }) };
  }
  if (op === 'fileFolder.search' || op === 'file.list' || op === 'folder.list') return { action: 'google_drive.list_files', input: compact({ nameContains: field(c, 'queryString') ?? field(c, 'filter.query'), folderId: field(c, 'filter.folderId') }) };
  return undefined;
};

const github: ServiceMapper = (c, op) => {
  const repo = { owner: field(c, 'owner'), repo: field(c, 'repository') };
  if (op === 'issue.create') {
    const labels = ((param(c.node, 'labels') as { label?: unknown }[] | undefined) ?? []).map((l) => c.value('labels', l.label));
    const assignees = ((param(c.node, 'assignees') as { assignee?: unknown }[] | undefined) ?? []).map((l) => c.value('assignees', l.assignee));
    return { action: 'github.create_issue', input: compact({ ...repo, title: field(c, 'title'), body: field(c, 'body'), labels, assignees }) };
  }
  if (op === 'issue.createComment') {
    const num = paramValue(c.node, 'issueNumber');
    return { action: 'github.add_comment', input: compact({ ...repo, number: typeof num === 'string' ? c.value('issueNumber', num) : num, body: field(c, 'body') }) };
  }
  if (op === 'repository.getPullRequests') return { action: 'github.list_pull_requests', input: compact({ ...repo, state: paramValue(c.node, 'getRepositoryPullRequestsFilters.state') }) };
  return undefined;
};

const notion: ServiceMapper = (c, op) => {
  if (op === 'databasePage.create') {
    if (param(c.node, 'propertiesUi.propertyValues')) c.note('Notion property values other than the title are not imported; set them in properties');
    return { action: 'notion.create_page', input: compact({ databaseId: field(c, 'databaseId'), title: field(c, 'title') ?? '' }) };
  }
  if (op === 'page.create') return { action: 'notion.create_page', input: compact({ parentPageId: field(c, 'pageId'), title: field(c, 'title') ?? '' }) };
  if (op === 'databasePage.getAll') return { action: 'notion.query_database', input: compact({ databaseId: field(c, 'databaseId'), ...(param(c.node, 'returnAll') === true ? {} : { limit: paramValue(c.node, 'limit') ?? 50 }) }) };
  return undefined;
};

const trello: ServiceMapper = (c, op) =>
  op === 'card.create' ? { action: 'trello.create_card', input: compact({ listId: field(c, 'listId'), name: field(c, 'name'), description: field(c, 'description'), due: field(c, 'additionalFields.due') }) } : undefined;

const asana: ServiceMapper = (c, op) => {
  if (op !== 'task.create') return undefined;
  const projects = paramValue(c.node, 'otherProperties.projects');
  return { action: 'asana.create_task', input: compact({ name: field(c, 'name'), workspaceId: field(c, 'workspace'), projectId: Array.isArray(projects) && projects.length ? c.value('projects', projects[0]) : undefined, notes: field(c, 'otherProperties.notes'), dueOn: field(c, 'otherProperties.due_on') }) };
};

const teams: ServiceMapper = (c, op) =>
  op === 'channelMessage.create'
    ? { action: 'teams.post_channel_message', input: compact({ teamId: field(c, 'teamId'), channelId: field(c, 'channelId'), text: field(c, 'message'), html: paramValue(c.node, 'messageType') === 'html' }) }
    : undefined;

const outlook: ServiceMapper = (c, op) => {
  if (op !== 'message.send') return undefined;
  const html = (paramValue(c.node, 'additionalFields.bodyContentType') ?? paramValue(c.node, 'bodyContentType')) === 'html';
  return { action: 'outlook.send_mail', input: compact({ to: addresses(c, 'toRecipients'), cc: addresses(c, 'additionalFields.ccRecipients'), subject: field(c, 'subject') ?? '', body: field(c, 'bodyContent') ?? '', html }) };
};

const dropbox: ServiceMapper = (c, op) => {
  if (op === 'file.upload') {
    if (param(c.node, 'binaryData') === true) return { unmapped: 'it uploads binary data from an earlier node; set content or contentBase64 yourself' };
    return { action: 'dropbox.upload_file', input: compact({ path: field(c, 'path'), content: field(c, 'fileContent', '') }) };
  }
  if (op === 'folder.list') return { action: 'dropbox.list_folder', input: compact({ path: field(c, 'path') }) };
  return undefined;
};

const box: ServiceMapper = (c, op) => {
  if (op === 'file.upload') {
    if (param(c.node, 'binaryData') === true) return { unmapped: 'it uploads binary data from an earlier node; set content yourself' };
    return { action: 'box.upload_file', input: compact({ name: field(c, 'fileName'), content: field(c, 'fileContent', ''), folderId: field(c, 'parentId') }) };
  }
  return undefined;
};

const googleCalendar: ServiceMapper = (c, op) => {
  if (op === 'event.create')
    return { action: 'google_calendar.create_event', input: compact({ calendarId: field(c, 'calendar'), start: field(c, 'start'), end: field(c, 'end'), summary: field(c, 'additionalFields.summary') ?? 'Event', description: field(c, 'additionalFields.description'), location: field(c, 'additionalFields.location') }) };
  if (op === 'event.getAll') return { action: 'google_calendar.list_events', input: compact({ calendarId: field(c, 'calendar'), timeMin: field(c, 'options.timeMin') ?? field(c, 'timeMin'), timeMax: field(c, 'options.timeMax') ?? field(c, 'timeMax') }) };
  return undefined;
};

/** Default resource/operation of n8n nodes when the export leaves them out (n8n omits defaults). */
const defaults: Record<string, [string, string]> = {
  slack: ['message', 'post'],
  gmail: ['message', 'send'],
  googleDrive: ['file', 'upload'],
  github: ['issue', 'create'],
  notion: ['page', 'create'],
  trello: ['card', 'create'],
  asana: ['task', 'create'],
  microsoftTeams: ['channel', 'create'],
  microsoftOutlook: ['message', 'send'],
  dropbox: ['file', 'upload'],
  box: ['file', 'upload'],
  googleCalendar: ['event', 'create'],
};

const services: Record<string, ServiceMapper> = { slack, gmail, googleDrive, github, notion, trello, asana, microsoftTeams: teams, microsoftOutlook: outlook, dropbox, box, googleCalendar };

/** Whether a node type is one of the services this module maps (others are reported as having no action). */
export const isMappedService = (type: string) => shortType(type) in services;

/** A service node as an action step, when Atom has the action for the node's resource and operation. */
export function serviceNode(c: NodeContext): LeafMapping {
  const t = shortType(c.node.type);
  const mapper = services[t];
  const [dr, dop] = defaults[t] ?? ['', ''];
  const resource = String(param(c.node, 'resource') ?? dr);
  const operation = String(param(c.node, 'operation') ?? dop);
  const op = `${resource}.${operation}`;
  const m = mapper?.(c, op);
  if (!m) return { unmapped: `Atom has no action for ${t} ${resource} → ${operation}` };
  if ('unmapped' in m) return m;
  const action = c.actions.get(m.action);
  if (!action) return { unmapped: `the ${m.action} action is not installed` };
  if (action.connection) c.needsConnection(action.connection);
  return { step: { id: c.stepId, name: c.node.name, onError: 'stop', type: 'action', action: m.action, input: m.input } };
}
