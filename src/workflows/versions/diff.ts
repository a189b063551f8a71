import type { Step, WorkflowDefinition } from '../definition/schema.js';
import { childLists } from '../definition/walk.js';
import type { DefinitionDiff, FieldChange } from '../../shared/workflow-diff.js';

export type { DefinitionDiff, FieldChange } from '../../shared/workflow-diff.js';

/** Where each step sits (`steps[2]`, `steps[1].then[0]`) and its own fields without nested step lists. */
function index(steps: Step[], base = 'steps', out = new Map<string, { at: string; step: Step; own: Record<string, unknown> }>()) {
  steps.forEach((s, i) => {
    const at = `${base}[${i}]`;
    const lists = new Set(childLists(s).map((c) => c.field.split(/[.[]/)[0]));
    const own = Object.fromEntries(Object.entries(s).filter(([k]) => !lists.has(k) && k !== 'cases'));
    if (s.type === 'switch') own['cases'] = s.cases.map((c) => ({ when: c.when }));
    if (s.type === 'parallel') own['branches'] = s.branches.length;
    out.set(s.id, { at, step: s, own });
    for (const c of childLists(s)) index(c.steps, `${at}.${c.field}`, out);
  });
  return out;
}

/** Deep field differences between two JSON values, as dotted paths. */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return [{ path: path || '(value)', before, after }];
}

/** A structural diff of two workflow versions: steps matched by id, so a moved step is not "removed + added". */
export function diffDefinitions(a: WorkflowDefinition, b: WorkflowDefinition): DefinitionDiff {
  const ia = index(a.steps);
  const ib = index(b.steps);
  const steps: DefinitionDiff['steps'] = { added: [], removed: [], changed: [], moved: [] };
  for (const [id, x] of ia) if (!ib.has(id)) steps.removed.push({ id, type: x.step.type, at: x.at });
  for (const [id, y] of ib) {
    const x = ia.get(id);
    if (!x) {
      steps.added.push({ id, type: y.step.type, at: y.at });
      continue;
    }
    const changes = fieldChanges(x.own, y.own);
    if (changes.length) steps.changed.push({ id, changes });
    if (x.at !== y.at) steps.moved.push({ id, from: x.at, to: y.at });
  }
  const trigger = fieldChanges(a.trigger, b.trigger);
  const settings = fieldChanges(a.settings, b.settings);
  const output = fieldChanges(a.output ?? null, b.output ?? null, 'output');
  const same = !trigger.length && !settings.length && !output.length && !steps.added.length && !steps.removed.length && !steps.changed.length && !steps.moved.length;
  return { trigger, settings, output, steps, same };
}
