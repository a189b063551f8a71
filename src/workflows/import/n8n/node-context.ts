import type { ActionRegistry } from '../../actions/index.js';
import type { Step } from '../../definition/schema.js';
import type { N8nNode } from './export-schema.js';
import type { ExpressionScope } from './expressions.js';

/** What a node mapper gets: the node, its step id, and helpers that translate and record as they go. */
export interface NodeContext {
  node: N8nNode;
  stepId: string;
  scope: ExpressionScope;
  actions: ActionRegistry;
  /** n8n workflow id → Atom workflow id, for Execute Workflow nodes. */
  workflowIds: Readonly<Record<string, string>>;
  /** A parameter as an Atom field value (templates); untranslatable expressions are recorded. */
  value(field: string, v: unknown): unknown;
  /** A parameter as bare JSONata; undefined (and recorded) when it cannot be translated. */
  jsonata(field: string, v: unknown): string | undefined;
  note(text: string): void;
  /** The node needs an Atom connection of `service` (from its n8n credential). */
  needsConnection(service: string): void;
  /** The node needs a workflow secret named `name` (an HTTP credential). */
  needsSecret(name: string): void;
}

/**
 * A node becomes one step (with the JSONata giving its output item, `steps.<id>` by default, or the incoming
 * item when it passes items through), passes items through without a step, or is left out.
 */
export type LeafMapping = { step: Step; output?: string; passthroughOutput?: boolean; note?: string } | { unmapped: string } | { passthrough: true; note?: string };

/** A parameter by dotted path. */
export function param(node: N8nNode, path: string): unknown {
  let cur: unknown = node.parameters;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** A resource locator (`{ __rl: true, value, mode }`) or a plain value, as its value. */
export function locatorValue(v: unknown): unknown {
  if (v && typeof v === 'object' && '__rl' in v) return (v as { value?: unknown }).value;
  return v;
}

/** The value of a parameter, resolving resource locators; `fallback` when absent. */
export function paramValue(node: N8nNode, path: string, fallback?: unknown): unknown {
  const v = locatorValue(param(node, path));
  return v === undefined || v === '' ? fallback : v;
}

/** An `n8n-nodes-base.xyz` type without its package prefix. */
export const shortType = (type: string) => type.replace(/^(@n8n\/)?n8n-nodes-base\./, '').replace(/^@n8n\/n8n-nodes-langchain\./, 'langchain.');

/** Name/value pairs of a fixedCollection (`{ parameters: [{ name, value }] }`). */
export function pairs(v: unknown, listKey = 'parameters'): { name: string; value: unknown }[] {
  const list = v && typeof v === 'object' ? (v as Record<string, unknown>)[listKey] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: unknown) => {
    if (!p || typeof p !== 'object') return [];
    const r = p as { name?: unknown; value?: unknown };
    return typeof r.name === 'string' && r.name ? [{ name: r.name, value: r.value }] : [];
  });
}
