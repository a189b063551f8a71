import type { WorkflowDraft } from '../../src/ai/index.js';
import { structureOf } from '../../src/ai/planner/structure.js';
import { integrationActions, integrationTriggers } from '../../src/integrations/index.js';
import { builtinActions } from '../../src/workflows/index.js';

type Structure = NonNullable<WorkflowDraft['structure']>;

export interface HeldoutCase {
  id: number;
  text: string;
  expect: (Structure & { wiring: [string, string][]; missing?: string[] }) | null;
}

/**
 * What exists, read from the real registries: integration actions and triggers, the engine's built-in
 * actions, and the process actions behind step types (`ai` → ai.generate, `memory_search` → memory.search).
 */
export function existing(): { actions: Set<string>; triggers: Set<string> } {
  const actions = new Set([...integrationActions.map((a) => a.id), ...builtinActions.map((a) => a.id), 'ai.generate', 'memory.search', 'mcp.call_tool']);
  return { actions, triggers: new Set(integrationTriggers.map((t) => t.id)) };
}

interface FlatStep {
  id: string;
  kind: string;
  body: string;
}

const aiVerb = (prompt: string) => (/summar|digest|recap/i.test(prompt) ? 'ai.summarize' : /extract|pull out|parse/i.test(prompt) ? 'ai.extract' : /classif|categor|triage/i.test(prompt) ? 'ai.classify' : 'ai.generate');

/** Every step in run order (branches and loops included), with what it reads. */
function flatten(steps: unknown, out: FlatStep[] = []): FlatStep[] {
  if (!Array.isArray(steps)) return out;
  for (const s of steps as Record<string, unknown>[]) {
    const kind = s.type === 'action' ? String(s.action) : s.type === 'http' ? 'core.http_request' : s.type === 'ai' ? aiVerb(String(s.prompt ?? '')) : String(s.type);
    const { then: _t, else: _e, steps: _s, branches: _b, cases: _c, default: _d, errorSteps: _x, id: _i, name: _n, ...own } = s;
    out.push({ id: String(s.id), kind, body: JSON.stringify(own) });
    for (const k of ['then', 'else', 'steps', 'default']) flatten(s[k], out);
    if (Array.isArray(s.branches)) for (const b of s.branches) flatten(b, out);
    if (Array.isArray(s.cases)) for (const c of s.cases as { steps?: unknown }[]) flatten(c.steps, out);
  }
  return out;
}

/** Trigger and action ids the draft's definition names that the registries do not have. */
export function missingReferences(definition: Record<string, unknown> | null, have = existing()): string[] {
  if (!definition) return [];
  const out: string[] = [];
  const t = definition.trigger as Record<string, unknown> | undefined;
  if (t?.type === 'integration' && !have.triggers.has(String(t.trigger))) out.push(`trigger ${String(t.trigger)}`);
  for (const s of flatten(definition.steps)) if (s.kind.includes('.') && !s.kind.startsWith('ai.') && !have.actions.has(s.kind)) out.push(`action ${s.kind}`);
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does the first `to` step read from the nearest earlier `from` step (or the trigger)? */
export function wired(definition: Record<string, unknown> | null, from: string, to: string): boolean {
  const steps = flatten(definition?.steps);
  const j = steps.findIndex((s) => s.kind === to);
  if (j < 0) return false;
  const body = steps[j]!.body;
  if (from === 'trigger') return /\{\{[^}]*\btrigger\b/.test(body);
  const producer = steps.slice(0, j).findLast((s) => s.kind === from);
  return !!producer && new RegExp(`\\{\\{[^}]*\\bsteps\\.${escape(producer.id)}\\b`).test(body);
}

export interface HeldoutScore {
  id: number;
  exact: boolean;
  trigger: boolean;
  actions: boolean;
  conditions: boolean;
  wiring: boolean;
  honest: boolean;
  missingRefs: string[];
}

const conditionKey = (c: Structure['conditions'][number]) => JSON.stringify([c.field, c.op, typeof c.value === 'string' ? c.value.toLowerCase() : c.value]);

export function scoreDraft(c: HeldoutCase, draft: WorkflowDraft, have = existing()): HeldoutScore {
  const missingRefs = missingReferences(draft.definition, have);
  const e = c.expect;
  if (!e) {
    const asks = draft.status !== 'draft';
    return { id: c.id, exact: asks, trigger: asks, actions: asks, conditions: asks, wiring: asks, honest: asks, missingRefs };
  }
  const actual = draft.definition ? structureOf(draft.definition) : null;
  const trigger =
    !!actual &&
    actual.trigger.type === e.trigger.type &&
    (e.trigger.cron === undefined || actual.trigger.cron === e.trigger.cron) &&
    (e.trigger.everyMinutes === undefined || actual.trigger.everyMinutes === e.trigger.everyMinutes) &&
    (e.trigger.event === undefined || actual.trigger.event === e.trigger.event);
  const actions = !!actual && JSON.stringify(actual.actions) === JSON.stringify(e.actions);
  const conditions = !!actual && JSON.stringify(actual.conditions.map(conditionKey).sort()) === JSON.stringify(e.conditions.map(conditionKey).sort());
  const wiring = e.wiring.every(([from, to]) => wired(draft.definition, from, to));
  const said = [...draft.notes, ...draft.questions].join(' ').toLowerCase();
  const honest = !e.missing?.length || (draft.status !== 'draft' && e.missing.every((w) => said.includes(w.toLowerCase())));
  return { id: c.id, exact: trigger && actions && conditions && wiring && honest, trigger, actions, conditions, wiring, honest, missingRefs };
}
