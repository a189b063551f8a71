import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Jira Cloud platform REST v3 fake (developer.atlassian.com/cloud/jira/platform/rest/v3), as reached with OAuth
 * 2.0 (3LO): `GET /oauth/token/accessible-resources` names the sites, the API lives under
 * `/ex/jira/{cloudId}/rest/api/3`. Issues carry Atlassian Document Format descriptions; search is
 * `GET /search/jql` paged by `nextPageToken` (the old `startAt` search is gone); errors are
 * `{ errorMessages: [], errors: { field: message } }`; an expired token is 401 `{ code, message }`; 429 carries
 * Retry-After. The JQL understood is the subset Atom sends: `project = KEY`, `text ~ "words"`,
 * `ORDER BY created ASC|DESC`.
 */
export interface JiraIssue {
  id: string;
  key: string;
  fields: { summary: string; description: unknown; issuetype: { name: string }; project: { key: string }; status: { name: string }; labels: string[]; created: string; updated: string };
}
export interface JiraFake extends FakeService {
  cloudId: string;
  issues: JiraIssue[];
  comments: { key: string; body: unknown }[];
  /** Projects the connected account may see; `SECRET` exists but is forbidden. */
  projects: string[];
  /** Most issues one search page returns (Jira: 100 when fields are asked for); tests lower it to page. */
  pageCap: number;
}

const adfText = (doc: unknown): string => {
  if (!doc || typeof doc !== 'object') return '';
  const node = doc as { text?: string; content?: unknown[] };
  return (node.text ?? '') + (node.content ?? []).map(adfText).join(node.content?.every((c) => (c as { type?: string }).type === 'paragraph') ? '\n' : '');
};

export async function startJiraFake(): Promise<JiraFake> {
  const cloudId = '11223344-a1b2-4c3d-9e8f-556677889900';
  const state = { cloudId, issues: [] as JiraIssue[], comments: [] as JiraFake['comments'], projects: ['OPS', 'WEB'], pageCap: 100 };
  let nextId = 10000;
  const add = (project: string, summary: string, description?: unknown, issuetype = 'Task') => {
    const now = new Date(Date.now() + state.issues.length).toISOString().replace('Z', '+0000');
    const n = state.issues.filter((i) => i.fields.project.key === project).length + 1;
    const issue: JiraIssue = { id: String(++nextId), key: `${project}-${n}`, fields: { summary, description: description ?? null, issuetype: { name: issuetype }, project: { key: project }, status: { name: 'To Do' }, labels: [], created: now, updated: now } };
    state.issues.push(issue);
    return issue;
  };
  for (let i = 1; i <= 5; i++) add('WEB', `Existing web issue ${i}`);
  const api = `/ex/jira/${cloudId}/rest/api/3`;
  const notFound = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };

  const fake: JiraFake = Object.assign(await startFakeService({
    unauthorized: (reply) => reply.code(401).send({ code: 401, message: 'Unauthorized' }),
    routes(app, f) {
      const self = (i: JiraIssue) => ({ ...i, self: `${f.url}${api}/issue/${i.id}` });
      const find = (idOrKey: string) => state.issues.find((i) => i.id === idOrKey || i.key === idOrKey);
      app.get('/oauth/token/accessible-resources', async () => [{ id: cloudId, url: 'https://acme.atlassian.net', name: 'acme', scopes: ['read:jira-work', 'write:jira-work'], avatarUrl: 'https://example.invalid/a.png' }]);
      app.get(`${api}/myself`, async () => ({ accountId: '5b10a2844c20165700ede21g', emailAddress: 'ada@example.com', displayName: 'Ada Lovelace', active: true }));
      app.post(`${api}/issue`, async (req, reply) => {
        const fields = ((req.body as { fields?: Record<string, unknown> }).fields ?? {}) as { project?: { key?: string; id?: string }; summary?: string; description?: unknown; issuetype?: { name?: string }; labels?: string[] };
        const errors: Record<string, string> = {};
        const project = fields.project?.key ?? fields.project?.id;
        if (!project) errors['project'] = 'Specify a valid project ID or key';
        else if (project === 'SECRET') return reply.code(403).send({ errorMessages: ['You do not have permission to create issues in this project.'], errors: {} });
        else if (!state.projects.includes(project)) errors['project'] = 'valid project is required';
        if (!fields.summary) errors['summary'] = 'You must specify a summary of the issue.';
        if (fields.description !== undefined && (typeof fields.description !== 'object' || (fields.description as { type?: string }).type !== 'doc')) errors['description'] = 'Operation value must be an Atlassian Document (see the Atlassian Document Format).';
        if (Object.keys(errors).length) return reply.code(400).send({ errorMessages: [], errors });
        const issue = add(project!, fields.summary!, fields.description, fields.issuetype?.name ?? 'Task');
        issue.fields.labels = fields.labels ?? [];
        return reply.code(201).send({ id: issue.id, key: issue.key, self: `${f.url}${api}/issue/${issue.id}` });
      });
      app.get(`${api}/issue/:key`, async (req, reply) => {
        const i = find((req.params as { key: string }).key);
        return i ? self(i) : reply.code(404).send(notFound);
      });
      app.put(`${api}/issue/:key`, async (req, reply) => {
        const i = find((req.params as { key: string }).key);
        if (!i) return reply.code(404).send(notFound);
        const fields = ((req.body as { fields?: Record<string, unknown> }).fields ?? {}) as { summary?: string; description?: unknown; labels?: string[] };
        if (fields.summary === '') return reply.code(400).send({ errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } });
        if (fields.summary !== undefined) i.fields.summary = fields.summary;
        if (fields.description !== undefined) i.fields.description = fields.description;
        if (fields.labels !== undefined) i.fields.labels = fields.labels;
        i.fields.updated = new Date().toISOString().replace('Z', '+0000');
        return reply.code(204).send();
      });
      app.post(`${api}/issue/:key/comment`, async (req, reply) => {
        const i = find((req.params as { key: string }).key);
        if (!i) return reply.code(404).send(notFound);
        const body = (req.body as { body?: unknown }).body;
        if (!body) return reply.code(400).send({ errorMessages: ['Comment body can not be empty!'], errors: {} });
        state.comments.push({ key: i.key, body });
        return reply.code(201).send({ id: String(state.comments.length), body, created: new Date().toISOString(), self: `${f.url}${api}/issue/${i.id}/comment/${state.comments.length}` });
      });
      app.get(`${api}/search/jql`, async (req, reply) => {
        const q = req.query as { jql?: string; nextPageToken?: string; maxResults?: string };
        const jql = q.jql ?? '';
        const rest = jql.replace(/\bproject\s*=\s*"?([A-Z][A-Z0-9]*)"?/i, '').replace(/\btext\s*~\s*"([^"]*)"/i, '').replace(/\bORDER BY\s+created\s+(ASC|DESC)\b/i, '').replace(/\bAND\b/gi, '').trim();
        if (rest) return reply.code(400).send({ errorMessages: [`Error in the JQL Query: the query '${rest}' is not understood.`], errors: {} });
        const project = /\bproject\s*=\s*"?([A-Z][A-Z0-9]*)"?/i.exec(jql)?.[1];
        const text = /\btext\s*~\s*"([^"]*)"/i.exec(jql)?.[1]?.toLowerCase();
        if (project && !state.projects.includes(project)) return reply.code(400).send({ errorMessages: [`The value '${project}' does not exist for the field 'project'.`], errors: {} });
        let list = state.issues.filter((i) => (!project || i.fields.project.key === project) && (!text || `${i.fields.summary} ${adfText(i.fields.description)}`.toLowerCase().includes(text)));
        if (/ORDER BY\s+created\s+DESC/i.test(jql)) list = [...list].reverse();
        const max = Math.min(Number(q.maxResults ?? 50), fake.pageCap);
        const start = q.nextPageToken ? Number(Buffer.from(q.nextPageToken, 'base64url').toString()) : 0;
        const page = list.slice(start, start + max);
        const more = start + max < list.length;
        return { issues: page.map(self), isLast: !more, ...(more ? { nextPageToken: Buffer.from(String(start + max)).toString('base64url') } : {}) };
      });
    },
  }), state);
  return fake;
}
