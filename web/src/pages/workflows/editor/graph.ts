// Extensions on imports: this file is also compiled by the server project (its unit test runs in vitest).
import type { DefinitionJson, StepJson } from '../../../../../src/collab/model.js';
import type { ValidationIssueView } from '../../../../../src/shared/workflow-editor.js';

/** A problem the server's validator found (POST /api/workflows/:id/validate-draft): the fields the canvas reads. */
export type ValidationIssue = Pick<ValidationIssueView, 'code' | 'field' | 'message' | 'stepId'>;

/** A list a step holds, as the canvas labels it. */
export interface ChildList {
  slot: string;
  label: string;
  steps: StepJson[];
}

const arr = (v: unknown): StepJson[] => (Array.isArray(v) ? (v as StepJson[]) : []);

/** The child lists of a step in display order (branches side by side, the error branch last). */
export function childListsOf(step: StepJson): ChildList[] {
  const at = (list: string, label: string, steps: unknown): ChildList => ({ slot: `${step.id}/${list}`, label, steps: arr(steps) });
  const lists: ChildList[] = [];
  if (step.type === 'if') lists.push(at('then', 'then', step['then']), at('else', 'else', step['else']));
  if (step.type === 'switch') {
    arr(step['cases']).forEach((c, i) => lists.push(at(`case:${i}`, `case ${JSON.stringify((c as { when?: unknown }).when ?? null)}`, (c as { steps?: unknown }).steps)));
    lists.push(at('default', 'default', step['default']));
  }
  if (step.type === 'for_each') lists.push(at('steps', 'for each item', step['steps']));
  if (step.type === 'parallel') arr(step['branches']).forEach((b, i) => lists.push(at(`branch:${i}`, `branch ${i + 1}`, b)));
  if (step.onError === 'branch' || arr(step['errorSteps']).length > 0) lists.push(at('errorSteps', 'on error', step['errorSteps']));
  return lists;
}

/** Every step in the order a run meets them, with the slot each is in. */
export function walkSteps(def: DefinitionJson): { step: StepJson; slot: string; index: number }[] {
  const out: { step: StepJson; slot: string; index: number }[] = [];
  const visit = (steps: StepJson[], slot: string) =>
    steps.forEach((step, index) => {
      out.push({ step, slot, index });
      for (const list of childListsOf(step)) visit(list.steps, list.slot);
    });
  visit(def.steps, 'root');
  return out;
}

/**
 * The step a validation issue is about: the validator names it (stepId) for checks past the schema;
 * schema errors carry an index path (steps.0.then.1.condition), followed here through the tree.
 */
export function issueTarget(def: DefinitionJson, issue: ValidationIssue): { stepId: string; field: string } | undefined {
  if (issue.stepId) return { stepId: issue.stepId, field: issue.field.replace(`steps.${issue.stepId}.`, '') };
  const parts = issue.field.split('.');
  if (parts[0] !== 'steps') return undefined;
  let list: StepJson[] = def.steps;
  let step: StepJson | undefined;
  let i = 1;
  while (i < parts.length) {
    const index = Number(parts[i]);
    if (!Number.isInteger(index)) break;
    step = list[index];
    if (!step) return undefined;
    i += 1;
    const key = parts[i];
    const next = key === 'then' || key === 'else' || key === 'default' || key === 'errorSteps' || (key === 'steps' && step.type === 'for_each') ? arr(step[key]) : undefined;
    if (next && Number.isInteger(Number(parts[i + 1]))) {
      list = next;
      i += 1;
      continue;
    }
    if ((key === 'cases' || key === 'branches') && Number.isInteger(Number(parts[i + 1]))) {
      const holder = arr(step[key])[Number(parts[i + 1])] as unknown;
      const inner = key === 'cases' ? arr((holder as { steps?: unknown } | undefined)?.steps) : arr(holder);
      if (parts[i + 2] === 'steps' || key === 'branches') {
        list = inner;
        i += key === 'cases' ? 3 : 2;
        continue;
      }
    }
    break;
  }
  return step ? { stepId: step.id, field: parts.slice(i).join('.') } : undefined;
}

export interface LaidOutNode {
  id: string;
  kind: 'trigger' | 'step' | 'empty';
  x: number;
  y: number;
  step?: StepJson;
  slot: string;
  index: number;
  label?: string;
}

export interface LaidOutEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
  error?: boolean;
}

export const NODE_WIDTH = 230;
export const NODE_HEIGHT = 78;
const GAP_X = 36;
const GAP_Y = 44;

/**
 * A top-down layout: a list's steps one under another, a step's child lists side by side beneath it
 * (then | else, cases, branches, the error branch), each as wide as its widest part.
 */
export function layoutGraph(def: DefinitionJson): { nodes: LaidOutNode[]; edges: LaidOutEdge[] } {
  const nodes: LaidOutNode[] = [{ id: '__trigger', kind: 'trigger', x: 0, y: 0, slot: 'root', index: -1 }];
  const edges: LaidOutEdge[] = [];

  const layoutList = (steps: StepJson[], slot: string, x: number, y: number, from: string, label?: string, error?: boolean): { width: number; height: number } => {
    if (steps.length === 0) {
      const id = `${slot}::empty`;
      nodes.push({ id, kind: 'empty', x, y, slot, index: 0, label: 'No steps yet' });
      edges.push({ id: `${from}->${id}`, source: from, target: id, ...(label ? { label } : {}), ...(error ? { error } : {}) });
      return { width: NODE_WIDTH, height: NODE_HEIGHT };
    }
    let cy = y;
    let width = NODE_WIDTH;
    let prev = from;
    steps.forEach((step, index) => {
      nodes.push({ id: step.id, kind: 'step', x, y: cy, step, slot, index });
      edges.push({ id: `${prev}->${step.id}`, source: prev, target: step.id, ...(index === 0 && label ? { label } : {}), ...(index === 0 && error ? { error } : {}) });
      prev = step.id;
      const lists = childListsOf(step);
      if (lists.length === 0) {
        cy += NODE_HEIGHT + GAP_Y;
        return;
      }
      let cx = x;
      let tallest = 0;
      for (const list of lists) {
        const r = layoutList(list.steps, list.slot, cx, cy + NODE_HEIGHT + GAP_Y, step.id, list.label, list.slot.endsWith('/errorSteps'));
        cx += r.width + GAP_X;
        tallest = Math.max(tallest, r.height);
      }
      width = Math.max(width, cx - x - GAP_X);
      cy += NODE_HEIGHT + GAP_Y + tallest + GAP_Y;
    });
    return { width, height: cy - y - GAP_Y };
  };

  layoutList(def.steps, 'root', 0, NODE_HEIGHT + GAP_Y, '__trigger');
  return { nodes, edges };
}
