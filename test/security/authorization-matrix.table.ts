import { builtInRoles, can, mayDelegate, type ActionOf, type Actor, type Decision, type Resource, type ResourceKind } from '../../src/platform/access/index.js';

/**
 * The authorization matrix, declared: one entry per route of the app (every non-public, non-hidden one),
 * saying what the route's `:id` (or a body field) names and which policy question the route asks of it.
 * The expected outcome of every cell is computed from the route's declared permission and from `can(...)`
 * of src/platform/access, so this table restates no rule: it only says which rule applies where.
 * authorization-matrix.test.ts runs it; a route without an entry here fails that test.
 */

/** Whose resource a cell acts on, seen from the caller. */
export type Ownership = 'own' | 'colleague' | 'shared' | 'other';

/** Kinds of fixture a route can name. `missing`: an id that names nothing anywhere (see `absentOk`). */
export type TargetKind =
  | 'workflow'
  | 'run'
  /** A run waiting at a `wait_for_approval` step. */
  | 'approval'
  | 'connection'
  | 'secret'
  | 'document'
  | 'source'
  | 'role'
  | 'token'
  | 'invitation'
  | 'comment'
  | 'conversation'
  | 'member'
  | 'session'
  | 'missing';

/**
 * Which ownerships each kind is tried with. `own`/`colleague` only where the kind is personal (a personal
 * connection, a private document, a token, a comment, a conversation, a session, a source); `shared` is the
 * workspace's; `other` is another workspace's.
 */
export const ownershipsOf: Record<TargetKind, readonly Ownership[]> = {
  workflow: ['shared', 'other'],
  run: ['shared', 'other'],
  approval: ['shared', 'other'],
  connection: ['own', 'colleague', 'shared', 'other'],
  // Secrets are named within the caller's workspace: another workspace's name is just a name.
  secret: ['shared'],
  document: ['own', 'colleague', 'shared', 'other'],
  source: ['own', 'colleague', 'other'],
  role: ['shared', 'other'],
  token: ['own', 'colleague', 'other'],
  invitation: ['shared', 'other'],
  comment: ['own', 'colleague', 'other'],
  conversation: ['own', 'colleague', 'other'],
  member: ['colleague', 'other'],
  session: ['own', 'colleague', 'other'],
  missing: ['shared'],
};

/** What a body or query builder knows about the cell it is building for. */
export interface CellInput {
  /** The target's id (its name, for a secret). */
  id: string;
  actor: Actor;
  /** Named values of the caller's workspace's fixtures (a step id, a template id, a data class...). */
  named: Record<string, string>;
  /** A fresh suffix, for names that must be unique. */
  unique: string;
}

export type Rule = (actor: Actor, resource: Resource) => Decision;

export interface MatrixEntry {
  /** What the route's first path parameter (or, with `in: 'body'`, a body field) names. */
  target?: TargetKind;
  in?: 'path' | 'body';
  /** The policy question the route asks of its target (beyond its declared permission). */
  rule?: Rule;
  /** A policy question about the request itself (what it hands on), for routes without a target. */
  request?: (actor: Actor) => Decision;
  body?: (c: CellInput) => unknown;
  /** The query string, without `?`. */
  query?: (c: CellInput) => string;
  /** Values of the other path parameters. */
  params?: (c: CellInput) => Record<string, string>;
  /** Uses up its target (delete, revoke, remove, change a member): allowed cells get a fresh one. */
  consumes?: true;
  /** About the caller's own account, not a workspace: someone removed from every workspace keeps it. */
  account?: true;
  /**
   * Ends or changes the caller's own credentials or account (a new workspace makes someone removed from
   * every workspace an owner again): runs last, each cell with fresh credentials.
   */
  endsCredentials?: true;
  /**
   * A 404 on an allowed cell is about a sub-resource the fixtures do not have (a run output, a pending
   * chat action), not about access: allowed cells may answer 404 with one of these codes.
   */
  absentOk?: readonly string[];
  /** Calls a provider this test does not run: a 502/503/504 after the access check is an allowed answer. */
  upstream?: true;
  /** Why this entry looks the way it does, when that is not obvious. */
  note?: string;
}

const allow: Decision = { allowed: true };
const ask =
  (action: string): Rule =>
  (actor, resource) =>
    can(actor, action as ActionOf<ResourceKind>, resource);
/** Several questions; the first refusal wins. */
const both =
  (...rules: Rule[]): Rule =>
  (actor, resource) =>
    rules.map((r) => r(actor, resource)).find((d) => !d.allowed) ?? allow;
/** The same question, asked of the workflow a sub-resource belongs to. */
const ofWorkflow =
  (action: ActionOf<'workflow'>): Rule =>
  (actor, resource) =>
    can(actor, action, { kind: 'workflow', workspaceId: resource.workspaceId });
const holds = (permission: string) => (actor: Actor): Decision =>
  actor.permissions.has(permission) ? allow : { allowed: false, code: 'access.permission_missing', reason: permission, hide: false };
/** A session, a token of one's own: the owner only; anyone else learns nothing (404). */
const ownOnly: Rule = (actor, resource) =>
  'ownerId' in resource && resource.ownerId === actor.userId ? allow : { allowed: false, code: 'access.not_yours', reason: 'not yours', hide: true };
/** Inviting or granting a role hands on its permissions (the delegation rule). */
const grants = (role: keyof typeof builtInRoles) => (actor: Actor) => can(actor, 'grant', { kind: 'role', workspaceId: actor.workspaceId, permissions: builtInRoles[role].permissions });

const definition = { trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform', expression: '1' }] };

/** The matrix: `METHOD /url` of the route table → its entry. */
export const matrix: Record<string, MatrixEntry> = {
  // System, analytics: settings:manage, nothing named.
  'GET /api/system/health': {},
  'GET /api/system/status': {},
  'GET /api/analytics/usage': {},

  // The caller's own account.
  'GET /api/auth/me': { account: true },
  'PATCH /api/auth/me': { account: true, body: () => ({ name: 'Same Name' }) },
  'POST /api/auth/password': {
    account: true,
    endsCredentials: true,
    // A wrong current password: the route must still decide who may call it, and nothing changes.
    body: () => ({ currentPassword: 'not the password at all', newPassword: 'another long passphrase 123' }),
  },
  'GET /api/auth/sessions': { account: true },
  'DELETE /api/auth/sessions/:id': { account: true, target: 'session', rule: ownOnly, consumes: true, note: 'sessions are personal; the policy has no workspace-scoped kind for them' },
  'POST /api/auth/sessions/revoke-all': {
    account: true,
    endsCredentials: true,
    body: () => ({ keepCurrent: true }),
    // Finding 11: an API token must not end its owner's browser sessions.
    request: (actor) => (actor.via === 'session' ? allow : { allowed: false, code: 'auth.session_only', reason: 'browser sessions only', hide: false }),
  },
  'POST /api/auth/invitations/accept': { account: true, body: () => ({ token: 'atom_inv_not_a_real_invitation_token' }), absentOk: ['auth.invitation_not_found', 'auth.invitation_invalid'] },
  'GET /api/workspaces': { account: true },
  'POST /api/workspaces': { account: true, endsCredentials: true, body: (c) => ({ name: `Matrix ${c.unique}` }) },
  'POST /api/workspaces/switch': { account: true, body: (c) => ({ workspaceId: c.actor.workspaceId || 'ws_none' }), absentOk: ['auth.workspace_not_found', 'workspaces.not_found'] },
  'PATCH /api/workspaces/current': { body: () => ({ name: 'Matrix workspace' }) },

  // Members, invitations, roles: the delegation rule.
  'GET /api/members': {},
  'PATCH /api/members/:userId': {
    target: 'member',
    consumes: true,
    body: () => ({ role: 'viewer' }),
    rule: both(ask('change_role'), (actor) => grants('viewer')(actor)),
  },
  'DELETE /api/members/:userId': { target: 'member', consumes: true, rule: ask('remove') },
  'GET /api/invitations': {},
  'POST /api/invitations': { body: () => ({ role: 'admin' }), request: grants('admin') },
  'DELETE /api/invitations/:id': { target: 'invitation', consumes: true, rule: ask('revoke') },
  'GET /api/roles': {},
  'POST /api/roles': {
    body: (c) => ({ name: `matrix-${c.unique}`, permissions: ['workflows:read', 'members:manage'] }),
    request: (actor) => can(actor, 'manage', { kind: 'role', workspaceId: actor.workspaceId, permissions: ['workflows:read', 'members:manage'] }),
  },
  'PATCH /api/roles/:id': { target: 'role', body: () => ({ description: 'matrix' }), rule: ask('manage') },
  'DELETE /api/roles/:id': { target: 'role', consumes: true, rule: ask('manage') },

  // API tokens: a token of one's own, never more than one holds.
  'GET /api/tokens': {},
  'POST /api/tokens': {
    body: () => ({ name: 'matrix', role: 'member', expiresInDays: 1 }),
    request: (actor) => mayDelegate(actor, builtInRoles.member.permissions),
  },
  'DELETE /api/tokens/:id': { target: 'token', consumes: true, rule: ask('revoke') },
  // OAuth consent for MCP clients (browser sessions only; the workspace is chosen in the body and checked there).
  'GET /api/oauth/authorization': { account: true, note: 'without a registered client the answer is 400, after the access check' },
  'POST /api/oauth/authorization': { account: true, body: () => ({ response_type: 'code', client_id: 'mcpc_matrix', redirect_uri: 'https://client.example/cb', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256', approve: false }), note: 'an unregistered client: 400 after the access check' },
  'GET /api/oauth/grants': {},
  'DELETE /api/oauth/grants/:id': { target: 'missing', absentOk: ['oauth.grant_not_found'], note: 'grants are personal: only their own are found' },

  // Audit, retention: their permission, nothing named.
  'GET /api/audit': {},
  'GET /api/audit/verify': {},
  'GET /api/audit/export': {},
  'GET /api/retention/policies': {},
  'PUT /api/retention/policies/:dataClass': { params: (c) => ({ dataClass: c.named['dataClass']! }), body: () => ({ keepDays: null }) },
  'PUT /api/retention/legal-hold': { body: () => ({ enabled: false }) },
  'GET /api/retention/preview': {},
  // A purge "as of" long ago removes nothing the other cells need.
  'POST /api/retention/purge': { body: () => ({ asOf: '2000-01-01T00:00:00.000Z' }) },

  // Integrations and connections: personal connections are their owner's alone.
  'GET /api/integrations': {},
  'GET /api/integrations/:id': { params: () => ({ id: 'github' }), note: 'the integration catalog is global' },
  // OAuth apps: settings:manage, the workspace's own (nothing named across workspaces).
  'GET /api/integrations/oauth-apps': {},
  'PUT /api/integrations/oauth-apps/:key': { params: () => ({ key: 'slack' }), body: (c) => ({ clientId: `matrix-${c.unique}`, clientSecret: 'matrix-secret-value-0001' }) },
  'DELETE /api/integrations/oauth-apps/:key': { params: () => ({ key: 'slack' }), absentOk: ['integrations.oauth_app.not_found'] },
  'GET /api/connections': {},
  'GET /api/connections/:id': { target: 'connection', rule: ask('read') },
  'GET /api/connections/:id/health': { target: 'connection', rule: ask('read') },
  'POST /api/connections/:id/check': { target: 'connection', rule: ask('manage') },
  'POST /api/connections': { body: (c) => ({ service: 'github', label: `matrix ${c.unique}`, personal: true, credentials: { accessToken: 'ghp_matrix' }, verify: false }) },
  'DELETE /api/connections/:id': { target: 'connection', consumes: true, rule: ask('manage') },
  'POST /api/connections/:service/oauth/start': { params: () => ({ service: 'github' }), body: () => ({ personal: true }) },

  // AI: keys and conversations are personal; workspace settings need ai:manage.
  'GET /api/ai/providers': {},
  'GET /api/ai/keys': {},
  'POST /api/ai/keys': {
    // A workspace key needs ai:manage; the probe of a closed local port fails after the access check.
    body: () => ({ provider: 'openai', apiKey: 'sk-matrix', scope: 'workspace' }),
    request: holds('ai:manage'),
    upstream: true,
  },
  'DELETE /api/ai/keys/:id': { target: 'missing', absentOk: ['ai.key.not_found'], note: 'AI keys need a reachable provider to be created; the key rules have their own tests' },
  'GET /api/ai/models': {},
  'GET /api/ai/settings': {},
  'PUT /api/ai/settings': { query: () => 'scope=workspace', body: () => ({ defaultModel: null, fallbackModels: [], monthlyBudgetUsd: null, hardLimit: false }), request: holds('ai:manage') },
  'GET /api/ai/usage': {},
  'GET /api/conversations': {},
  'POST /api/conversations': { body: () => ({ title: 'matrix' }) },
  'GET /api/conversations/:id': { target: 'conversation', rule: ask('read') },
  'PATCH /api/conversations/:id': { target: 'conversation', body: () => ({ title: 'renamed' }), rule: ask('write') },
  'DELETE /api/conversations/:id': { target: 'conversation', consumes: true, rule: ask('delete') },
  'POST /api/chat': { target: 'conversation', in: 'body', body: (c) => ({ conversationId: c.id, message: 'hello' }), rule: ask('write') },
  'POST /api/chat/pending/:id/confirm': { target: 'missing', absentOk: ['ai.chat.pending_not_found', 'ai.pending.not_found', 'chat.pending_not_found'] },
  'POST /api/chat/pending/:id/cancel': { target: 'missing', absentOk: ['ai.chat.pending_not_found', 'ai.pending.not_found', 'chat.pending_not_found'] },
  'POST /api/workflows/from-text': { body: () => ({ text: 'every morning, say hello', save: false }) },
  'POST /api/voice/transcribe': {},
  'POST /api/voice/command': {},
  'POST /api/voice/live-session': { body: () => ({}) },

  // Memory: private documents are their owner's; a source is changed by whoever added it, or an admin.
  'GET /api/memory/search': { query: () => 'q=matrix' },
  'POST /api/memory/documents': {},
  'GET /api/memory/documents': {},
  'GET /api/memory/documents/:id': { target: 'document', rule: ask('read') },
  'GET /api/memory/documents/:id/passages': { target: 'document', rule: ask('read') },
  'DELETE /api/memory/documents/:id': { target: 'document', consumes: true, rule: ask('delete') },
  'GET /api/memory/jobs': {},
  'GET /api/memory/jobs/:id': { target: 'missing', absentOk: ['memory.job_not_found'] },
  'GET /api/memory/connections': {},
  // Finding 5: a source may be made only from a connection the caller may use.
  'POST /api/memory/connections': { target: 'connection', in: 'body', body: (c) => ({ kind: 'google_drive', name: 'matrix', integrationConnectionId: c.id }), rule: ask('use') },
  'POST /api/memory/connections/:id/sync': { target: 'source', rule: ask('sync') },
  'DELETE /api/memory/connections/:id': { target: 'source', consumes: true, rule: ask('manage') },
  'GET /api/memory/stats': {},
  'POST /api/memory/optimize': {},

  // Workflows, versions, secrets, runs, templates.
  'GET /api/workflows/secrets': {},
  'PUT /api/workflows/secrets/:name': { target: 'secret', body: () => ({ value: 'matrix-value' }), rule: ask('manage'), note: 'a PUT to another workspace\'s secret name writes one in the caller\'s own workspace; "other" is checked by the value not leaking' },
  'DELETE /api/workflows/secrets/:name': { target: 'secret', consumes: true, rule: ask('manage') },
  'GET /api/workflows/schema': {},
  'GET /api/workflows/actions': {},
  'GET /api/workflows': {},
  'POST /api/workflows': { body: (c) => ({ name: `matrix ${c.unique}`, definition }) },
  'GET /api/workflows/:id': { target: 'workflow', rule: ask('read') },
  'PUT /api/workflows/:id': { target: 'workflow', body: () => ({ definition }), rule: ask('write') },
  'DELETE /api/workflows/:id': { target: 'workflow', consumes: true, rule: ask('delete') },
  'POST /api/workflows/:id/validate': { target: 'workflow', body: () => ({}), rule: ask('read') },
  'POST /api/workflows/:id/validate-draft': { target: 'workflow', body: () => ({ definition }), rule: ask('read') },
  'POST /api/workflows/:id/activate': { target: 'workflow', body: () => ({}), rule: ask('write') },
  'POST /api/workflows/:id/deactivate': { target: 'workflow', rule: ask('write') },
  'POST /api/workflows/:id/webhook/rotate': { target: 'workflow', rule: ask('write') },
  'GET /api/workflows/:id/versions': { target: 'workflow', rule: ask('read') },
  'GET /api/workflows/:id/versions/:version': { target: 'workflow', params: () => ({ version: '1' }), rule: ask('read') },
  'GET /api/workflows/:id/diff': { target: 'workflow', query: () => 'from=1&to=1', rule: ask('read') },
  'POST /api/workflows/:id/rollback': { target: 'workflow', body: () => ({ version: 1 }), rule: ask('write') },
  'PUT /api/workflows/:id/sample': { target: 'workflow', body: () => ({ data: { matrix: true } }), rule: ask('write') },
  'POST /api/workflows/:id/run': { target: 'workflow', body: () => ({ dryRun: true }), rule: ask('run') },
  'POST /api/workflows/:id/steps/:stepId/test': { target: 'workflow', params: () => ({ stepId: 's' }), body: () => ({ dryRun: true }), rule: ask('run') },
  'GET /api/workflows/:id/export': { target: 'workflow', rule: ask('read') },
  'GET /api/workflows/export': {},
  'POST /api/workflows/import': { body: (c) => ({ workflows: [{ format: 'atom.workflow/v1', name: `imported ${c.unique}`, definition }] }) },
  'POST /api/workflows/import/n8n': { body: (c) => ({ name: `n8n ${c.unique}`, export: { nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} }], connections: {} } }) },
  'GET /api/runs': {},
  'GET /api/runs/:id': { target: 'run', rule: ask('read') },
  'GET /api/runs/:id/outputs/:ref': { target: 'run', params: () => ({ ref: 'no-such-output' }), rule: ask('read'), absentOk: ['runs.output_not_found', 'workflows.output_not_found'] },
  // Finding 10: deciding an approval needs a signed-in member with the run right (or a named approver).
  'POST /api/runs/:id/approval': { target: 'approval', consumes: true, body: () => ({ decision: 'reject', comment: 'matrix' }), rule: ask('approve') },
  'POST /api/runs/:id/cancel': { target: 'run', rule: ask('cancel') },
  'POST /api/runs/:id/retry': { target: 'run', body: () => ({}), rule: ask('run') },
  'GET /api/templates': {},
  'POST /api/templates/:id/instantiate': { params: (c) => ({ id: c.named['templateId']! }), body: (c) => ({ name: `from template ${c.unique}`, params: { channel: '#matrix', folderId: 'root' } }) },

  // Live events, presence, comments, notifications, recommendations, co-editing.
  'GET /api/events': {},
  'POST /api/presence': { target: 'workflow', in: 'body', body: (c) => ({ resource: { kind: 'workflow', id: c.id }, tab: 'matrix-tab-0001' }), rule: ask('read') },
  'POST /api/presence/leave': {
    target: 'workflow',
    in: 'body',
    body: (c) => ({ resource: { kind: 'workflow', id: c.id }, tab: 'matrix-tab-0001' }),
    note: "leaving removes only the caller's own presence: on anything else it is a no-op (204) that reveals nothing",
  },
  'GET /api/workflows/:id/comments': { target: 'workflow', rule: ofWorkflow('read') },
  'GET /api/workflows/:id/comments/mentionable': { target: 'workflow', rule: ofWorkflow('read') },
  'POST /api/workflows/:id/comments': {
    target: 'workflow',
    body: () => ({ body: 'matrix comment' }),
    rule: both(ofWorkflow('read'), (actor, r) => can(actor, 'write', { kind: 'comment', workspaceId: r.workspaceId, authorId: actor.userId })),
  },
  'PATCH /api/comments/:id': { target: 'comment', body: () => ({ body: 'edited by the matrix' }), rule: ask('edit') },
  'DELETE /api/comments/:id': { target: 'comment', consumes: true, rule: ask('delete') },
  'GET /api/notifications': {},
  'GET /api/notifications/unread-count': {},
  'POST /api/notifications/:id/read': { target: 'missing', absentOk: ['notifications.not_found'] },
  'POST /api/notifications/read-all': {},
  'GET /api/notifications/preferences': {},
  'PUT /api/notifications/preferences': { body: () => ({}) },
  'GET /api/recommendations': {},
  'GET /api/recommendations/onboarding': {},
  'POST /api/recommendations/:key/dismiss': { params: () => ({ key: 'matrix:one' }) },
  'GET /api/workflows/:id/collab/state': { target: 'workflow', rule: (a, r) => can(a, 'read', { kind: 'collab_doc', workspaceId: r.workspaceId }) },
  'POST /api/workflows/:id/collab/save': { target: 'workflow', body: () => ({ message: 'matrix' }), rule: (a, r) => can(a, 'edit', { kind: 'collab_doc', workspaceId: r.workspaceId }) },

  // Atom as an MCP server: each tool call acts as the token's owner (the tools ask the policy; their own
  // tests cover them one by one). Here: who may open the endpoint at all.
  'POST /mcp': { body: () => ({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), note: 'needs Accept: application/json, text/event-stream; a 406 still means the caller got past access' },
  'GET /mcp': { note: 'stateless server: 405 to anyone signed in' },
  'DELETE /mcp': { note: 'stateless server: 405 to anyone signed in' },
  // Atom as an MCP client: admins register external servers; those who may read workflows may list them.
  'GET /api/mcp-servers': {},
  'POST /api/mcp-servers': { body: (c) => ({ name: `matrix-${c.unique}`, url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer matrix' } }) },
  'DELETE /api/mcp-servers/:id': { target: 'missing', absentOk: ['mcp.server_not_found'] },
  'GET /api/mcp-servers/:id/tools': { target: 'missing', absentOk: ['mcp.server_not_found'] },
  'POST /api/mcp-servers/:id/oauth/start': { target: 'missing', absentOk: ['mcp.server_not_found'] },
  'GET /api/mcp-servers/oauth/callback': { query: () => 'state=mcps_matrix.x&code=c', note: 'a state Atom never issued: 400 after the access check' },
};

/**
 * Cells that fail today for a known, numbered finding still being fixed. Each is asserted to STILL fail,
 * so the list cannot rot: when the fix lands, the test says to remove the line.
 * Key: `METHOD /url | principal | ownership`.
 */
export const knownGaps: Record<string, string> = {};
