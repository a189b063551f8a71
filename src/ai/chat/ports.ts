import type { z } from 'zod';
import type { Actor } from '../../platform/access/index.js';
import { perContext, type AppContext } from '../../platform/index.js';
import type { Destination } from './action-target.js';

/**
 * What the chat agent needs from other domains, as small interfaces: memory search, the actions Atom can
 * take in connected services, and workflows. Each domain's adapter is provided once at startup
 * (`provideAgentPorts`), and tests provide fakes the same way. A missing port means the matching tools
 * say plainly that the feature is not available.
 */
export interface DocumentHit {
  documentId: string;
  title: string;
  /** Link to the document in Atom (or the source service). */
  url: string;
  snippet: string;
  score?: number;
}

export interface MemorySearch {
  search(q: { workspaceId: string; userId: string; query: string; limit: number }): Promise<DocumentHit[]>;
}

export interface ActionInfo {
  id: string;
  title: string;
  description: string;
  aiDescription?: string | undefined;
  /** True when it changes something outside Atom: the agent asks the person first. */
  sideEffect: boolean;
  input: z.ZodType;
  /** Former ids the action still answers to (stored workflows and models trained on them use them). */
  aliases?: readonly string[] | undefined;
}

/** The action a model named, by its id or a former id (alias). */
export const findAction = (actions: readonly ActionInfo[], id: string): ActionInfo | undefined => actions.find((a) => a.id === id || (a.aliases?.includes(id) ?? false));

export interface ActionCatalog {
  list(workspaceId: string): Promise<ActionInfo[]>;
  /** Runs one action as `actor` (the person chatting): it uses only connections they may use. */
  run(q: { workspaceId: string; userId: string; actor: Actor; actionId: string; input: unknown }): Promise<unknown>;
  /**
   * Where the call would send data, from its actual input, with the connection it would go through and
   * whose it is (for the confirmation card). Without it, the card shows what the input alone says.
   */
  destination?(q: { workspaceId: string; actor: Actor; actionId: string; input: unknown }): Promise<Destination[]>;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  active: boolean;
  lastRunStatus?: string | undefined;
}

export interface RunStatus {
  runId: string;
  workflowId: string;
  status: string;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  error?: { code: string; message: string; stepId?: string | undefined } | undefined;
  steps: { id: string; status: string; error?: { code: string; message: string } | undefined }[];
}

export interface FailedRun {
  runId: string;
  workflowId: string;
  workflowName: string;
  createdAt: string;
  error?: { code: string; message: string; stepId?: string | undefined } | undefined;
}

/** Where a saved draft came from, as its audit entry says: the chat assistant or POST /api/workflows/from-text. */
export type DraftSource = 'chat' | 'from_text';

export interface WorkflowDesk {
  list(workspaceId: string): Promise<WorkflowSummary[]>;
  /** Saves a draft (inactive) workflow; returns its id. */
  saveDraft(q: { workspaceId: string; userId: string; name: string; definition: unknown; source?: DraftSource; actorType?: 'user' | 'token' }): Promise<{ id: string }>;
  run(q: { workspaceId: string; userId: string; workflowId: string; input?: unknown }): Promise<{ runId: string }>;
  runStatus(q: { workspaceId: string; runId: string }): Promise<RunStatus | undefined>;
  /** Failed runs since a time, newest first (optional: without it the failed-runs tool says it is unavailable). */
  failedRuns?(q: { workspaceId: string; since: string; limit: number }): Promise<FailedRun[]>;
}

export interface AgentPorts {
  memory?: MemorySearch | undefined;
  actions?: ActionCatalog | undefined;
  workflows?: WorkflowDesk | undefined;
}

// What other domains provided for a context, and the fallbacks used where they provided nothing.
const portsOf = perContext((): { provided: AgentPorts; defaults: AgentPorts; merged?: AgentPorts | undefined } => ({ provided: {}, defaults: {} }));

/** Plugs other domains into the agent (merges with what was provided before). */
export function provideAgentPorts(ctx: AppContext, ports: AgentPorts): void {
  const state = portsOf(ctx);
  state.provided = { ...state.provided, ...ports };
  state.merged = undefined;
}

/** Ports used when none was provided for a context (the workflow action registry for service actions). */
export function defaultAgentPorts(ctx: AppContext, ports: AgentPorts): void {
  const state = portsOf(ctx);
  state.defaults = { ...state.defaults, ...ports };
  state.merged = undefined;
}

/** The ports in use: the same object until a domain provides others (the agent keys its tool list on it). */
export const agentPorts = (ctx: AppContext): AgentPorts => {
  const state = portsOf(ctx);
  return (state.merged ??= { ...state.defaults, ...state.provided });
};
