import type { z } from 'zod';
import type { workflowDrafter } from '../ai/planner/from-text.js';
import type { Memory } from '../memory/index.js';
import type { Actor, Decision } from '../platform/access/index.js';
import type { AppContext } from '../platform/index.js';

/** What a tool call runs with: the app's services and the person whose token made the request. */
export interface McpCallContext {
  ctx: AppContext;
  memory: Memory;
  /** Natural language → workflow draft, passed in by src/modules.ts (serveDeps; the AI domain's; mcp never imports ai at runtime). */
  drafter: Pick<ReturnType<typeof workflowDrafter>, 'draft'>;
  /** The caller as the access policy sees them now (role ∩ token scope), acting through MCP. */
  actor: Actor;
}

/**
 * One tool of Atom's MCP server. `allowed` asks the access policy the same question the tool's API
 * route asks (its declared permission, or `can(...)` of the resource); a refused call is answered as a
 * tool error and audited as denied. `run` returns plain JSON, sent as structured content and as text.
 */
export interface McpTool<I extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  /** The matching API route, for the docs and the audit trail. */
  route: string;
  readOnly: boolean;
  allowed(actor: Actor): Decision;
  run(input: z.output<I>, c: McpCallContext): Promise<Record<string, unknown>>;
}

/** Keeps each tool's input type for its own `run`, then forgets it for the list. */
export const defineTool = <I extends z.ZodObject>(t: McpTool<I>): McpTool => t as unknown as McpTool;
