import { z } from 'zod';
import { can, type Actor, type Decision } from '../../platform/access/index.js';
import { allServices, type ServiceEntry } from '../../integrations/catalog/index.js';
import { AppError } from '../../platform/index.js';
import { destinationOf, sendsDataOut, type Destination } from './action-target.js';
import { findAction, type AgentPorts, type DocumentHit } from './ports.js';

/** A source the answer used, numbered as the model cites it (`[1]`): an API shape, in src/shared/chat.ts. */
export { citationSchema, type Citation } from '../../shared/chat.js';

export interface ToolCallContext {
  workspaceId: string;
  userId: string;
  /** The person chatting, as the access policy sees them now (narrowed by a token's scope). */
  actor: Actor;
  /** Numbers a document for citation (the same document keeps its number within a turn). */
  cite(hit: DocumentHit): number;
}

/** What decides whether a call pauses for the person. */
export interface ConfirmationContext {
  workspaceId: string;
  actor: Actor;
  /** Document content is in the conversation: anything that passes input onward could carry it out. */
  documentsSeen: boolean;
}

/**
 * One thing the agent can do. `allowed` is the access policy's answer for the person chatting: the same
 * permission the tool's API route needs (a tool not allowed is neither offered to the model nor run).
 * `needsConfirmation` decides per call whether the turn pauses for the person: anything that changes
 * something or sends data out of Atom does.
 */
export interface ChatTool<I extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: I;
  allowed(actor: Actor): Decision;
  needsConfirmation(input: z.output<I>, ports: AgentPorts, c: ConfirmationContext): Promise<boolean>;
  /** One line for the confirmation card ("Run gmail.send_email with to=…"). */
  describe(input: z.output<I>): string;
  /** Where the call sends data, from its actual input (for the confirmation card). */
  destination?(input: z.output<I>, c: { workspaceId: string; actor: Actor }): Promise<Destination[]>;
  run(input: z.output<I>, ctx: ToolCallContext): Promise<unknown>;
}

const defineTool = <I extends z.ZodType>(t: ChatTool<I>): ChatTool => t as unknown as ChatTool;
const never = async () => false;
const unavailable = (what: string) => new AppError('ai.tool.unavailable', `${what} is not available in this Atom installation yet.`, { status: 501 });

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// Each tool needs what its API route needs (GET /api/workflows, /api/memory/search, POST .../run, ...).
const readsWorkflows = (a: Actor) => can(a, 'read', { kind: 'workflow', workspaceId: a.workspaceId });
const writesWorkflows = (a: Actor) => can(a, 'write', { kind: 'workflow', workspaceId: a.workspaceId });
const runsWorkflows = (a: Actor) => can(a, 'run', { kind: 'workflow', workspaceId: a.workspaceId });
const readsRuns = (a: Actor) => can(a, 'read', { kind: 'run', workspaceId: a.workspaceId });
// Connecting a service creates a connection of one's own; its route needs connections:manage.
const connectsServices = (a: Actor) => can(a, 'manage', { kind: 'connection', workspaceId: a.workspaceId, ownerId: a.userId });
// Search reads the workspace's documents (and the person's own private ones, which it filters itself).
const readsDocuments = (a: Actor) => can(a, 'read', { kind: 'document', workspaceId: a.workspaceId, ownerId: null, visibility: 'workspace' });

/** Drafts a workflow from text; `askFirst`: when the planner has questions, return them and save nothing. */
export type DraftWorkflow = (request: string, workspaceId: string, userId: string, options?: { askFirst?: boolean | undefined }) => Promise<unknown>;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** The catalog entry a person means by "Slack", "google drive", "gmail": id or name, exact before partial. */
export function findServiceByName(name: string): { match?: ServiceEntry | undefined; similar: ServiceEntry[] } {
  const wanted = norm(name);
  if (!wanted) return { similar: [] };
  const all = allServices();
  const exact = all.find((s) => norm(s.id) === wanted || norm(s.name) === wanted);
  if (exact) return { match: exact, similar: [] };
  const partial = all.filter((s) => norm(s.name).includes(wanted) || wanted.includes(norm(s.name)));
  return partial.length === 1 ? { match: partial[0], similar: [] } : { similar: partial.slice(0, 5) };
}

/** The agent's tools over the ports; `createWorkflowFromText` comes from the planner (see ../planner). */
export function chatTools(ports: AgentPorts, planner: DraftWorkflow): ChatTool[] {
  return [
    defineTool({
      name: 'search_documents',
      description:
        "Search the user's documents (files, emails, notes Atom remembers). Use it before answering any question about their own information. Results carry a `ref` number: cite them in the answer as [ref].",
      input: z.object({ query: z.string().min(1).describe('what to look for, in plain words'), limit: z.number().int().min(1).max(20).default(6) }),
      allowed: readsDocuments,
      needsConfirmation: never,
      describe: (i) => `Search documents for “${i.query}”`,
      async run(i, c) {
        if (!ports.memory) throw unavailable('Document search');
        const hits = await ports.memory.search({ workspaceId: c.workspaceId, userId: c.userId, query: i.query, limit: i.limit });
        if (hits.length === 0) return { results: [], note: 'Nothing matched. Say so instead of guessing.' };
        return { results: hits.map((h) => ({ ref: c.cite(h), title: h.title, url: h.url, excerpt: clip(h.snippet, 1200) })) };
      },
    }),
    defineTool({
      name: 'find_actions',
      description: 'List the actions Atom can take in connected services (send an email, post to Slack, create a page...). Use it to find the action id and its input fields before run_action.',
      input: z.object({ query: z.string().default('').describe('words to filter by, e.g. "email" or "slack"') }),
      allowed: readsWorkflows,
      needsConfirmation: never,
      describe: (i) => `Look up actions matching “${i.query}”`,
      async run(i, c) {
        if (!ports.actions) throw unavailable('Service actions');
        const words = i.query.toLowerCase().split(/\s+/).filter(Boolean);
        const all = await ports.actions.list(c.workspaceId);
        const hits = all.filter((a) => words.every((w) => `${a.id} ${a.title} ${a.description}`.toLowerCase().includes(w))).slice(0, 15);
        return {
          actions: hits.map((a) => ({
            id: a.id,
            title: a.title,
            description: a.aiDescription ?? a.description,
            changesSomething: a.sideEffect,
            input: z.toJSONSchema(a.input, { io: 'input', unrepresentable: 'any' }),
          })),
        };
      },
    }),
    defineTool({
      name: 'run_action',
      description: 'Run one action in a connected service. Actions that change something (send, post, create, delete) are shown to the user, who confirms or cancels; do not ask for confirmation in text first.',
      input: z.object({ actionId: z.string().min(1), input: z.record(z.string(), z.unknown()).default({}) }),
      // Running an action is running a one-step workflow; its connection is checked as the person when it runs.
      allowed: runsWorkflows,
      async needsConfirmation(i, p, c) {
        const all = await p.actions?.list(c.workspaceId);
        const action = all && findAction(all, i.actionId);
        // Unknown actions fail in run; when in doubt, ask. Anything sending data out always asks, and once
        // documents are in the conversation so does every action that passes its input to a service.
        return action ? sendsDataOut(action.id, action.sideEffect) || c.documentsSeen : true;
      },
      describe: (i) => `${i.actionId} ${clip(JSON.stringify(i.input), 300)}`,
      async destination(i, c) {
        return ports.actions?.destination ? ports.actions.destination({ workspaceId: c.workspaceId, actor: c.actor, actionId: i.actionId, input: i.input }) : destinationOf(i.input);
      },
      async run(i, c) {
        if (!ports.actions) throw unavailable('Service actions');
        const action = findAction(await ports.actions.list(c.workspaceId), i.actionId);
        if (!action) return { error: `There is no action ${i.actionId}. Use find_actions.` };
        const parsed = action.input.safeParse(i.input);
        if (!parsed.success) return { error: 'The input does not fit the action.', issues: parsed.error.issues.map((x) => `${x.path.join('.') || '(input)'}: ${x.message}`) };
        return { done: true, result: await ports.actions.run({ workspaceId: c.workspaceId, userId: c.userId, actor: c.actor, actionId: i.actionId, input: parsed.data }) };
      },
    }),
    defineTool({
      name: 'create_workflow',
      description: 'Turn a plain-language automation request into a draft workflow the user can review and switch on (nothing runs until they activate it).',
      input: z.object({
        request: z.string().min(3).describe("the user's request, complete, in their words"),
        askFirst: z.boolean().optional().describe('when the request is ambiguous, return the questions to ask and save nothing'),
      }),
      allowed: writesWorkflows,
      needsConfirmation: never,
      describe: (i) => `Draft a workflow: “${clip(i.request, 120)}”`,
      run: (i, c) => planner(i.request, c.workspaceId, c.userId, { askFirst: i.askFirst }),
    }),
    defineTool({
      name: 'list_failed_runs',
      description: 'Workflow runs that failed recently (default: the last 24 hours), newest first, with the workflow name and the error.',
      input: z.object({ sinceHours: z.number().int().min(1).max(24 * 31).default(24) }),
      allowed: readsRuns,
      needsConfirmation: never,
      describe: (i) => `List runs that failed in the last ${i.sinceHours} hours`,
      async run(i, c) {
        if (!ports.workflows?.failedRuns) throw unavailable('Listing failed runs');
        const since = new Date(Date.now() - i.sinceHours * 3_600_000).toISOString();
        return { sinceHours: i.sinceHours, runs: await ports.workflows.failedRuns({ workspaceId: c.workspaceId, since, limit: 20 }) };
      },
    }),
    defineTool({
      name: 'connect_service',
      description: 'Find a service in the catalog (Slack, Google Drive, Gmail...) and give the link where the user connects it. Nothing is connected until they do it there.',
      input: z.object({ service: z.string().min(1).max(100).describe('the service name, e.g. "Slack"') }),
      allowed: connectsServices,
      needsConfirmation: never,
      describe: (i) => `Find how to connect ${clip(i.service, 60)}`,
      async run(i) {
        const { match, similar } = findServiceByName(i.service);
        if (!match) return { error: `Atom has no service called “${clip(i.service, 60)}”.`, similar: similar.map((s) => ({ id: s.id, name: s.name })) };
        return { service: match.id, name: match.name, url: `/integrations?connect=${encodeURIComponent(match.id)}` };
      },
    }),
    defineTool({
      name: 'list_workflows',
      description: "List the user's workflows with whether they are active and how their last run went.",
      input: z.object({}),
      allowed: readsWorkflows,
      needsConfirmation: never,
      describe: () => 'List workflows',
      async run(_i, c) {
        if (!ports.workflows) throw unavailable('Workflows');
        return { workflows: await ports.workflows.list(c.workspaceId) };
      },
    }),
    defineTool({
      name: 'run_workflow',
      description: 'Start a run of one workflow now. The user confirms first.',
      input: z.object({ workflowId: z.string().min(1), input: z.record(z.string(), z.unknown()).optional() }),
      allowed: runsWorkflows,
      needsConfirmation: async () => true,
      describe: (i) => `Run workflow ${i.workflowId}`,
      async destination(i, c) {
        const wf = (await ports.workflows?.list(c.workspaceId))?.find((w) => w.id === i.workflowId);
        return [{ label: 'Workflow', value: wf ? `${wf.name} (${wf.id})` : `${i.workflowId} (not found; the run will be refused)` }, ...(i.input ? [{ label: 'Input', value: clip(JSON.stringify(i.input), 500) }] : [])];
      },
      async run(i, c) {
        if (!ports.workflows) throw unavailable('Workflows');
        return ports.workflows.run({ workspaceId: c.workspaceId, userId: c.userId, workflowId: i.workflowId, input: i.input });
      },
    }),
    defineTool({
      name: 'get_run_status',
      description: 'Status of one workflow run, step by step.',
      input: z.object({ runId: z.string().min(1) }),
      allowed: readsRuns,
      needsConfirmation: never,
      describe: (i) => `Check run ${i.runId}`,
      async run(i, c) {
        if (!ports.workflows) throw unavailable('Workflows');
        return (await ports.workflows.runStatus({ workspaceId: c.workspaceId, runId: i.runId })) ?? { error: 'No such run.' };
      },
    }),
    defineTool({
      name: 'explain_run_failure',
      description: 'Explain why a workflow run failed: the failing step, its error, and what usually fixes it. Put it in plain words for the user.',
      input: z.object({ runId: z.string().min(1) }),
      allowed: readsRuns,
      needsConfirmation: never,
      describe: (i) => `Explain run ${i.runId}`,
      async run(i, c) {
        if (!ports.workflows) throw unavailable('Workflows');
        const run = await ports.workflows.runStatus({ workspaceId: c.workspaceId, runId: i.runId });
        if (!run) return { error: 'No such run.' };
        const failed = run.steps.find((s) => s.status === 'failed');
        if (run.status !== 'failed' && !failed) return { status: run.status, explanation: 'This run did not fail.' };
        const err = failed?.error ?? run.error;
        return { status: run.status, failedStep: failed?.id ?? run.error?.stepId, error: err, likelyFix: likelyFix(err?.code ?? '') };
      },
    }),
  ];
}

/** Common causes by error code family, so the explanation is useful even from a small model. */
function likelyFix(code: string): string {
  if (/auth|unauthori[sz]ed|token|forbidden|401|403/i.test(code)) return 'The connection lost access: reconnect the service in Connections.';
  if (/rate|429|quota/i.test(code)) return 'The service rate-limited Atom: the step retries later; lower the schedule frequency if it keeps happening.';
  if (/timeout|unavailable|5\d\d|network/i.test(code)) return 'The service was unreachable or slow: usually temporary; re-run the workflow.';
  if (/validation|input|schema|bad_request|400/i.test(code)) return 'A step got input it did not accept: check the mapped fields of that step.';
  if (/not_found|404/i.test(code)) return 'Something the step refers to no longer exists (a file, channel or page): update the step.';
  return 'Open the run timeline to see the failing step input and output.';
}
