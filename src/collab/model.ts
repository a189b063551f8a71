import * as Y from 'yjs';

/**
 * The co-edited workflow draft as a Yjs document, shared by the server (seeding, saving a version) and
 * the web editor (every edit). It imports only `yjs`, so both builds can use it.
 *
 * Layout: `workflow` (Y.Map) holds trigger, output and settings as plain JSON values; `steps` (Y.Map)
 * holds one Y.Map per step keyed by step id, with each top-level field of the step as its own key plus
 * `@slot` (the list the step is in) and `@order` (a fractional position in that list). Keeping steps flat
 * and keyed by id means concurrent edits of different steps — or of different fields of one step — never
 * touch the same key, so all of them survive the merge.
 */

export interface StepJson {
  id: string;
  type: string;
  [key: string]: unknown;
}

/** What seeding accepts: any definition-shaped value (the server passes its parsed definitions). */
export interface DefinitionInput {
  trigger: unknown;
  steps: readonly { id: string; type: string }[];
  output?: string | undefined;
  settings?: unknown;
}

export interface DefinitionJson {
  schemaVersion?: number;
  trigger: unknown;
  steps: StepJson[];
  output?: string;
  settings?: unknown;
}

/** `root`, or `<parentId>/<list>` where list is then, else, default, steps, errorSteps, case:<i>, branch:<i>. */
export type Slot = string;
export const ROOT: Slot = 'root';

const SLOT = '@slot';
const ORDER = '@order';
/** Number of parallel branches (the branches' steps live in `branch:<i>` slots). */
const BRANCHES = '@branches';

/**
 * Object fields kept as nested maps, key by key, so two people filling in different inputs of one action
 * step both keep their value.
 */
const NESTED: ReadonlySet<string> = new Set(['input', 'values']);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Y.AbstractType);
/** A stored value as plain JSON (nested maps become objects). */
const plain = (v: unknown): unknown => (v instanceof Y.Map ? (v.toJSON() as unknown) : v);
/** A value ready to store under `field` of a step. */
const storable = (field: string, v: unknown): unknown => {
  if (!NESTED.has(field) || !isPlainObject(v)) return v;
  const m = new Y.Map<unknown>();
  for (const [k, x] of Object.entries(v)) m.set(k, x);
  return m;
};

const workflowMap = (doc: Y.Doc) => doc.getMap<unknown>('workflow');
const stepsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('steps');

/** The child lists a step of this type has (besides errorSteps, which any step may have). */
export function childSlots(step: StepJson): string[] {
  switch (step.type) {
    case 'if':
      return ['then', 'else'];
    case 'switch': {
      const cases = Array.isArray(step['cases']) ? step['cases'] : [];
      return [...cases.map((_, i) => `case:${i}`), 'default'];
    }
    case 'for_each':
      return ['steps'];
    case 'parallel': {
      const n = typeof step[BRANCHES] === 'number' ? (step[BRANCHES] as number) : Array.isArray(step['branches']) ? step['branches'].length : 1;
      return Array.from({ length: Math.max(1, n) }, (_, i) => `branch:${i}`);
    }
    default:
      return [];
  }
}

/** The step's own fields, without its child lists (those become separate entries). */
function ownFields(step: StepJson): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(step)) {
    if (k === 'errorSteps' || k === 'then' || k === 'else' || k === 'default' || k === 'branches') continue;
    if (k === 'steps' && step.type === 'for_each') continue;
    if (k === 'cases' && step.type === 'switch' && Array.isArray(v)) {
      out[k] = v.map((c: unknown) => ({ when: (c as { when?: unknown }).when ?? null }));
      continue;
    }
    out[k] = v;
  }
  if (step.type === 'parallel') out[BRANCHES] = Array.isArray(step['branches']) ? Math.max(1, step['branches'].length) : 1;
  return out;
}

function childLists(step: StepJson): [string, StepJson[]][] {
  const lists: [string, StepJson[]][] = [];
  const arr = (v: unknown) => (Array.isArray(v) ? (v as StepJson[]) : []);
  if (step.type === 'if') lists.push(['then', arr(step['then'])], ['else', arr(step['else'])]);
  if (step.type === 'switch') {
    arr(step['cases']).forEach((c, i) => lists.push([`case:${i}`, arr((c as unknown as { steps?: unknown }).steps)]));
    lists.push(['default', arr(step['default'])]);
  }
  if (step.type === 'for_each') lists.push(['steps', arr(step['steps'])]);
  if (step.type === 'parallel') arr(step['branches']).forEach((b, i) => lists.push([`branch:${i}`, arr(b)]));
  if (Array.isArray(step['errorSteps'])) lists.push(['errorSteps', arr(step['errorSteps'])]);
  return lists;
}

function writeStep(doc: Y.Doc, input: { id: string; type: string }, slot: Slot, order: number): void {
  const step: StepJson = { ...input };
  const entry = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(ownFields(step))) entry.set(k, storable(k, v));
  entry.set(SLOT, slot);
  entry.set(ORDER, order);
  stepsMap(doc).set(step.id, entry);
  for (const [list, children] of childLists(step)) children.forEach((c, i) => writeStep(doc, c, `${step.id}/${list}`, i + 1));
}

/** Replaces the document's content with a definition (seeding from a saved version). */
export function seedDocument(doc: Y.Doc, def: DefinitionInput, origin: unknown = 'seed'): void {
  doc.transact(() => {
    const wf = workflowMap(doc);
    for (const k of [...wf.keys()]) wf.delete(k);
    const steps = stepsMap(doc);
    for (const k of [...steps.keys()]) steps.delete(k);
    wf.set('trigger', def.trigger ?? { type: 'manual' });
    if (def.output !== undefined) wf.set('output', def.output);
    if (def.settings !== undefined) wf.set('settings', def.settings);
    def.steps.forEach((s, i) => writeStep(doc, s, ROOT, i + 1));
  }, origin);
}

/** True when the document has never been seeded. */
export const isEmptyDocument = (doc: Y.Doc): boolean => !workflowMap(doc).has('trigger');

interface Entry {
  id: string;
  slot: Slot;
  order: number;
  fields: Record<string, unknown>;
}

function entries(doc: Y.Doc): Entry[] {
  const out: Entry[] = [];
  stepsMap(doc).forEach((m, id) => {
    const fields: Record<string, unknown> = {};
    m.forEach((v, k) => {
      if (k !== SLOT && k !== ORDER) fields[k] = plain(v);
    });
    out.push({ id, slot: String(m.get(SLOT) ?? ROOT), order: Number(m.get(ORDER) ?? 0), fields });
  });
  return out;
}

function bySlot(doc: Y.Doc): Map<Slot, Entry[]> {
  const lists = new Map<Slot, Entry[]>();
  for (const e of entries(doc)) {
    const list = lists.get(e.slot) ?? [];
    list.push(e);
    lists.set(e.slot, list);
  }
  // Ties (two people inserting at the same place at once) break by id, the same on every replica.
  for (const list of lists.values()) list.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return lists;
}

/** The workflow definition the document describes (steps whose parent was removed are left out). */
export function toDefinition(doc: Y.Doc): DefinitionJson {
  const lists = bySlot(doc);
  const build = (slot: Slot): StepJson[] =>
    (lists.get(slot) ?? []).map((e) => {
      const { [BRANCHES]: _branches, ...fields } = e.fields;
      const step = { ...fields, id: e.id, type: String(fields['type'] ?? 'transform') } as StepJson;
      const at = (list: string) => build(`${e.id}/${list}`);
      if (step.type === 'if') Object.assign(step, { then: at('then'), else: at('else') });
      if (step.type === 'switch') {
        const cases = Array.isArray(step['cases']) ? (step['cases'] as { when?: unknown }[]) : [];
        Object.assign(step, { cases: cases.map((c, i) => ({ when: c.when ?? null, steps: at(`case:${i}`) })), default: at('default') });
      }
      if (step.type === 'for_each') step['steps'] = at('steps');
      if (step.type === 'parallel') step['branches'] = childSlots(e.fields as StepJson).map((s) => build(`${e.id}/${s}`));
      const errorSteps = at('errorSteps');
      if (errorSteps.length > 0) step['errorSteps'] = errorSteps;
      return step;
    });
  const wf = workflowMap(doc);
  const def: DefinitionJson = { schemaVersion: 1, trigger: wf.get('trigger') ?? { type: 'manual' }, steps: build(ROOT) };
  if (wf.has('output')) def.output = wf.get('output') as string;
  if (wf.has('settings')) def.settings = wf.get('settings');
  return def;
}

/** Ids of every step in the document. */
export const stepIds = (doc: Y.Doc): string[] => [...stepsMap(doc).keys()];

/** The steps of a slot in order, as (id, order) pairs. */
export function slotEntries(doc: Y.Doc, slot: Slot): { id: string; order: number }[] {
  return (bySlot(doc).get(slot) ?? []).map((e) => ({ id: e.id, order: e.order }));
}

/** A position between the neighbours at `index` of the slot (fractional, so no other step moves). */
function orderAt(doc: Y.Doc, slot: Slot, index: number, exclude?: string): number {
  const list = slotEntries(doc, slot).filter((e) => e.id !== exclude);
  const at = Math.max(0, Math.min(index, list.length));
  const before = list[at - 1]?.order;
  const after = list[at]?.order;
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return (after as number) - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/** Adds a step (with any child lists it carries) at `index` of `slot`. */
export function addStep(doc: Y.Doc, slot: Slot, index: number, step: StepJson): void {
  doc.transact(() => writeStep(doc, step, slot, orderAt(doc, slot, index)));
}

/** Descendants of a step (children of its lists, recursively). */
function descendants(doc: Y.Doc, id: string): string[] {
  const all = entries(doc);
  const out: string[] = [];
  const visit = (parent: string) => {
    for (const e of all) if (e.slot.startsWith(`${parent}/`)) {
      out.push(e.id);
      visit(e.id);
    }
  };
  visit(id);
  return out;
}

/** Removes a step and everything inside it. */
export function removeStep(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    for (const d of [id, ...descendants(doc, id)]) stepsMap(doc).delete(d);
  });
}

/** Moves a step to `index` of `slot` (a step cannot move into itself). */
export function moveStep(doc: Y.Doc, id: string, slot: Slot, index: number): void {
  const entry = stepsMap(doc).get(id);
  if (!entry) return;
  const parent = slot.split('/')[0] ?? ROOT;
  if (parent === id || descendants(doc, id).includes(parent)) return;
  doc.transact(() => {
    entry.set(SLOT, slot);
    entry.set(ORDER, orderAt(doc, slot, index, id));
  });
}

/** Sets one field of a step (undefined deletes it). */
export function setStepField(doc: Y.Doc, id: string, field: string, value: unknown): void {
  const entry = stepsMap(doc).get(id);
  if (!entry || field === 'id' || field.startsWith('@')) return;
  doc.transact(() => {
    if (value === undefined) entry.delete(field);
    else {
      const current = entry.get(field);
      if (current instanceof Y.Map && isPlainObject(value)) {
        // Only the keys that changed, so someone else's concurrent change to another key stays.
        for (const k of [...current.keys()]) if (!(k in value)) current.delete(k);
        for (const [k, v] of Object.entries(value)) if (JSON.stringify(plain(current.get(k))) !== JSON.stringify(v)) current.set(k, v);
      } else entry.set(field, storable(field, value));
    }
  });
}

/** Sets the number of branches of a parallel step. */
export function setBranchCount(doc: Y.Doc, id: string, count: number): void {
  const entry = stepsMap(doc).get(id);
  if (entry) entry.set(BRANCHES, Math.max(1, Math.min(20, count)));
}

/** Renames a step: a new entry under the new id, with its children moved along. */
export function renameStep(doc: Y.Doc, from: string, to: string): boolean {
  const steps = stepsMap(doc);
  const entry = steps.get(from);
  if (!entry || from === to || steps.has(to)) return false;
  doc.transact(() => {
    const copy = new Y.Map<unknown>();
    // Nested maps cannot move to a new parent: they are copied as fresh maps.
    entry.forEach((v, k) => copy.set(k, storable(k, plain(v))));
    steps.set(to, copy);
    steps.delete(from);
    steps.forEach((m) => {
      const slot = String(m.get(SLOT) ?? ROOT);
      if (slot.startsWith(`${from}/`)) m.set(SLOT, `${to}/${slot.slice(from.length + 1)}`);
    });
  });
  return true;
}

/** Sets a workflow-level value (trigger, output, settings). */
export function setWorkflowField(doc: Y.Doc, field: 'trigger' | 'output' | 'settings', value: unknown): void {
  if (value === undefined) workflowMap(doc).delete(field);
  else workflowMap(doc).set(field, value);
}

/** Reads one step's fields (without child lists). */
export function readStep(doc: Y.Doc, id: string): (StepJson & { slot: Slot }) | undefined {
  const m = stepsMap(doc).get(id);
  if (!m) return undefined;
  const fields: Record<string, unknown> = {};
  m.forEach((v, k) => {
    if (!k.startsWith('@')) fields[k] = plain(v);
  });
  if (m.has(BRANCHES)) fields['branchCount'] = m.get(BRANCHES);
  return { ...fields, id, type: String(fields['type'] ?? ''), slot: String(m.get(SLOT) ?? ROOT) };
}
