import { AppError } from '../../../platform/index.js';
import type { ActionRegistry } from '../../actions/index.js';
import type { Step, WorkflowDefinitionInput } from '../../definition/schema.js';
import { ifCondition, filterToJsonata, switchRoute } from './conditions.js';
import { coreNodes } from './core-nodes.js';
import { n8nExportSchema, type N8nNode } from './export-schema.js';
import { translateValue, valueToJsonata, type ExpressionScope } from './expressions.js';
import { buildGraph } from './graph.js';
import { param, shortType, type LeafMapping, type NodeContext } from './node-context.js';
import { emptyReport, type ImportReport } from './report.js';
import { isMappedService, serviceNode } from './service-nodes.js';
import { isTriggerType, mapTrigger } from './triggers.js';

export interface N8nImportOptions {
  actions: ActionRegistry;
  /** n8n workflow id → Atom workflow id, so Execute Workflow nodes call workflows imported before. */
  workflowIds?: Record<string, string>;
}

export interface N8nImportResult {
  name: string;
  definition: WorkflowDefinitionInput;
  report: ImportReport;
}

/** A step id from a node name: letters, digits and _ , unique in the draft. */
function stepIdFor(name: string, taken: Set<string>): string {
  let id = name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase().slice(0, 56) || 'step';
  if (!/^[a-z_]/.test(id)) id = `n_${id}`;
  // JSONata reads `steps.and` as an operator: such ids get a suffix.
  if (['and', 'or', 'in', 'true', 'false', 'null', 'function'].includes(id)) id = `${id}_step`;
  let out = id;
  for (let i = 2; taken.has(out); i++) out = `${id}_${i}`;
  taken.add(out);
  return out;
}

const IGNORED: ReadonlySet<string> = new Set(['stickyNote']);

/**
 * Turns an n8n workflow export into an Atom draft definition and a report. Nothing from the export is
 * evaluated: expressions are parsed and rewritten (expressions.ts), credentials are read only for their
 * types, and every node Atom cannot express becomes a `core.log` placeholder step named in the report.
 */
export function importN8nWorkflow(raw: unknown, options: N8nImportOptions): N8nImportResult {
  const parsed = n8nExportSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('workflows.import.n8n.invalid', 'This is not an n8n workflow export (JSON with nodes and connections).', {
      status: 400,
      fields: parsed.error.issues.slice(0, 20).map((i) => ({ field: ['n8n', ...i.path.map(String)].join('.'), message: i.message })),
    });
  }
  const exp = parsed.data;
  const report = emptyReport();
  const nodes = new Map<string, N8nNode>();
  for (const n of exp.nodes) if (!IGNORED.has(shortType(n.type)) && !nodes.has(n.name)) nodes.set(n.name, n);
  const taken = new Set<string>();
  const stepIds = new Map<string, string>([...nodes.keys()].map((name) => [name, stepIdFor(name, taken)]));
  const graph = buildGraph(exp, new Set(nodes.keys()));
  const timezone = exp.settings?.timezone ?? 'UTC';

  // The trigger: the first trigger node that feeds something (others are reported).
  const triggers = [...nodes.values()].filter((n) => isTriggerType(n.type) && !n.disabled);
  const main = triggers.find((t) => graph.outputCount(t.name) > 0) ?? triggers[0];
  let trigger: WorkflowDefinitionInput['trigger'] = { type: 'manual' };
  const outputs = new Map<string, string | undefined>();
  const connections = new Map<string, { service: string; n8nCredentialType: string; usedBy: string[] }>();
  const secrets = new Map<string, { name: string; n8nCredentialType: string; usedBy: string[] }>();
  const credentialType = (n: N8nNode) => Object.keys(n.credentials ?? {})[0] ?? '(none)';
  const needConnection = (n: N8nNode, service: string) => {
    const key = `${service}|${credentialType(n)}`;
    const entry = connections.get(key) ?? { service, n8nCredentialType: credentialType(n), usedBy: [] };
    entry.usedBy.push(n.name);
    connections.set(key, entry);
  };
  if (main) {
    const m = mapTrigger(main, timezone);
    if ('unmapped' in m) {
      report.unmapped.push({ node: main.name, type: main.type, reason: `${m.unmapped}; the draft starts manually` });
      report.trigger = { node: main.name, n8nType: main.type, atomType: 'manual', note: m.unmapped };
      outputs.set(main.name, 'trigger');
    } else {
      trigger = m.trigger;
      outputs.set(main.name, m.output);
      if (m.connection) needConnection(main, m.connection);
      report.trigger = { node: main.name, n8nType: main.type, atomType: m.trigger.type === 'integration' ? `integration:${m.trigger.trigger}` : m.trigger.type, ...(m.note ? { note: m.note } : {}) };
    }
  }
  for (const t of triggers) if (t !== main) report.unmapped.push({ node: t.name, type: t.type, reason: 'an Atom workflow has one trigger; import the branch it starts as a workflow of its own' });

  const starts = main ? [main.name] : [...nodes.keys()].filter((n) => graph.incoming(n).length === 0);
  const live = graph.reachableFrom(starts);
  const done = new Set<string>(main ? [main.name] : []);
  let respondsFromStep: string | undefined;

  const contextFor = (node: N8nNode, current: string | undefined, visible: ReadonlySet<string>): NodeContext => {
    const scope: ExpressionScope = { current, nodeOutput: (name) => (visible.has(name) ? outputs.get(name) : undefined) };
    const warn = (field: string, problems: { expression: string; reason: string }[]) => {
      for (const p of problems) report.expressionWarnings.push({ node: node.name, field, expression: p.expression, reason: p.reason });
    };
    return {
      node,
      stepId: stepIds.get(node.name) ?? 'step',
      scope,
      actions: options.actions,
      workflowIds: options.workflowIds ?? {},
      value(field, v) {
        const r = translateValue(v, scope);
        warn(field, r.problems);
        return r.value;
      },
      jsonata(field, v) {
        const r = valueToJsonata(v, scope);
        warn(field, r.problems);
        return r.jsonata;
      },
      note: (text) => report.notes.push({ node: node.name, note: text }),
      needsConnection: (service) => needConnection(node, service),
      needsSecret: (name) => {
        const entry = secrets.get(name) ?? { name, n8nCredentialType: credentialType(node), usedBy: [] };
        entry.usedBy.push(node.name);
        secrets.set(name, entry);
      },
    };
  };

  const placeholder = (node: N8nNode, stepId: string, reason: string): Step => {
    report.unmapped.push({ node: node.name, type: node.type, reason, stepId });
    return { id: stepId, name: `n8n placeholder: ${node.name}`.slice(0, 200), onError: 'stop', type: 'action', action: 'core.log', input: { message: `Not imported from n8n: ${node.name} (${node.type}): ${reason}. Replace this step.`, level: 'warn' } };
  };

  /** The item a node receives: its source's output, or the first of several that ran. */
  const currentFor = (name: string, visible: ReadonlySet<string>): string | undefined => {
    const sources = graph.forwardSources(name).filter((s) => visible.has(s));
    const outs = [...new Set(sources.map((s) => outputs.get(s)).filter((o): o is string => o !== undefined))];
    return outs.length <= 1 ? outs[0] : `(${outs.join(' ?? ')})`;
  };

  /**
   * Lays out the nodes reachable from `entries` as a list of steps. A node waits until every node feeding
   * it is placed; nodes still waiting when the block ends (joins after a branch) go back to the caller.
   */
  const block = (entries: string[], visibleBefore: ReadonlySet<string>, loopHead?: string, itemOverride?: string): { steps: Step[]; placed: string[]; waiting: string[] } => {
    const steps: Step[] = [];
    const placed: string[] = [];
    const visible = new Set(visibleBefore);
    const queue = [...entries];
    const waiting: string[] = [];
    const firstEntries = new Set(itemOverride ? entries : []);
    const ready = (name: string) => graph.forwardSources(name).filter((s) => live.has(s)).every((s) => visible.has(s));
    while (queue.length || waiting.some(ready)) {
      if (!queue.length) {
        const next = waiting.filter(ready);
        for (const n of next) waiting.splice(waiting.indexOf(n), 1);
        queue.push(...next);
        continue;
      }
      const name = queue.shift() ?? '';
      if (done.has(name) || name === loopHead) continue;
      const node = nodes.get(name);
      if (!node) continue;
      if (!ready(name) && !firstEntries.has(name)) {
        if (!waiting.includes(name)) waiting.push(name);
        continue;
      }
      done.add(name);
      placed.push(name);
      visible.add(name);
      const current = firstEntries.has(name) ? itemOverride : currentFor(name, visible);
      const stepId = stepIds.get(name) ?? 'step';
      const ctx = contextFor(node, current, visible);
      const short = shortType(node.type);
      const next = (output: number) => graph.targets(name, output);

      if (node.disabled) {
        outputs.set(name, current);
        report.unmapped.push({ node: name, type: node.type, reason: 'disabled in n8n; items pass through, no step' });
        queue.push(...next(0));
        continue;
      }
      if (short === 'if' || short === 'filter') {
        outputs.set(name, current);
        const cond = short === 'filter' && (node.typeVersion ?? 1) >= 2 ? filterToJsonata(ctx, param(node, 'conditions')) : ifCondition(ctx);
        if (cond === undefined) {
          steps.push(placeholder(node, stepId, 'its condition could not be translated'));
          for (let o = 0; o < Math.max(1, graph.outputCount(name)); o++) queue.push(...next(o));
          continue;
        }
        const yes = block(next(0), visible, loopHead);
        const no = short === 'filter' ? { steps: [{ id: `${stepId}_dropped`, onError: 'stop' as const, type: 'stop' as const, output: null }], placed: [], waiting: [] } : block(next(1), visible, loopHead);
        steps.push({ id: stepId, name: node.name, onError: 'stop', type: 'if', condition: cond, then: yes.steps, else: no.steps });
        report.mapped.push({ node: name, type: node.type, stepId, stepType: 'if', ...(short === 'filter' ? { note: 'items that do not match end the run' } : {}) });
        for (const p of [...yes.placed, ...no.placed]) visible.add(p);
        placed.push(...yes.placed, ...no.placed);
        waiting.push(...[...yes.waiting, ...no.waiting].filter((w) => !waiting.includes(w)));
        continue;
      }
      if (short === 'switch') {
        outputs.set(name, current);
        const route = switchRoute(ctx);
        if (!route) {
          steps.push(placeholder(node, stepId, 'its rules could not be translated'));
          for (let o = 0; o < graph.outputCount(name); o++) queue.push(...next(o));
          continue;
        }
        const cases: { when: unknown; steps: Step[] }[] = [];
        const inner: { placed: string[]; waiting: string[] }[] = [];
        let fallback: Step[] = [];
        for (let o = 0; o < Math.max(route.outputs, graph.outputCount(name)); o++) {
          const b = block(next(o), visible, loopHead);
          inner.push(b);
          if (o === route.fallback) fallback = b.steps;
          else if (b.steps.length) cases.push({ when: o, steps: b.steps });
        }
        steps.push({ id: stepId, name: node.name, onError: 'stop', type: 'switch', value: route.value, cases, default: fallback });
        report.mapped.push({ node: name, type: node.type, stepId, stepType: 'switch' });
        for (const b of inner) {
          for (const p of b.placed) visible.add(p);
          placed.push(...b.placed);
          waiting.push(...b.waiting.filter((w) => !waiting.includes(w)));
        }
        continue;
      }
      if (short === 'splitInBatches') {
        const v3 = (node.typeVersion ?? 1) >= 3;
        const body = block(next(v3 ? 1 : 0), new Set([...visible]), name, 'item');
        const items = current ?? '[]';
        const size = Number(param(node, 'batchSize') ?? (v3 ? 1 : 10));
        if (size > 1) ctx.note(`n8n handled ${size} items per batch; Atom's loop takes one item at a time`);
        steps.push({ id: stepId, name: node.name, onError: 'stop', type: 'for_each', items, concurrency: 1, steps: body.steps });
        report.mapped.push({ node: name, type: node.type, stepId, stepType: 'for_each' });
        outputs.set(name, `steps.${stepId}`);
        placed.push(...body.placed);
        waiting.push(...body.waiting.filter((w) => !waiting.includes(w)));
        if (v3) queue.push(...next(0));
        continue;
      }
      if (short === 'merge') {
        const inputs: string[][] = [[], []];
        for (const e of graph.incoming(name)) {
          const o = outputs.get(e.from);
          if (o !== undefined && visible.has(e.from)) (inputs[e.input] ??= []).push(o);
        }
        const input = (i: number) => (inputs[i]?.length ? (inputs[i].length === 1 ? (inputs[i][0] ?? '[]') : `(${inputs[i].join(' ?? ')})`) : '[]');
        const mode = String(param(node, 'mode') ?? 'append');
        let expression: string | undefined;
        if (mode === 'append' || mode === 'wait') expression = `$append(${input(0)}, ${input(1)})`;
        else if (mode === 'chooseBranch' || mode === 'passThrough') expression = String(param(node, 'output') ?? param(node, 'chooseBranchMode') ?? 'input1').includes('2') ? input(1) : input(0);
        else if (mode === 'mergeByIndex') expression = `$map($append([], ${input(0)}), function($v, $i) { $merge([$v, $append([], ${input(1)})[$i]]) })`;
        else if (mode === 'combine' || mode === 'mergeByKey' || mode === 'combineByFields') {
          const by = String(param(node, 'combineBy') ?? (mode === 'combine' ? 'combineByFields' : 'combineByFields'));
          if (by === 'combineByPosition') expression = `$map($append([], ${input(0)}), function($v, $i) { $merge([$v, $append([], ${input(1)})[$i]]) })`;
          else {
            const f = (param(node, 'fieldsToMatchString') ?? (param(node, 'mergeByFields.values') as { field1?: string }[] | undefined)?.[0]?.field1 ?? param(node, 'propertyName1')) as string | undefined;
            const f2 = ((param(node, 'mergeByFields.values') as { field2?: string }[] | undefined)?.[0]?.field2 ?? param(node, 'propertyName2') ?? f) as string | undefined;
            if (typeof f === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(f) && typeof f2 === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(f2))
              expression = `$map($append([], ${input(0)}), function($v) { $merge([$v, $append([], ${input(1)})[${f2} = $v.${f}][0]]) })`;
          }
        } else if (mode === 'multiplex' || mode === 'combineAll') expression = `$append([], ${input(0)}).($a := $; $append([], ${input(1)}).$merge([$a, $]))`;
        if (expression === undefined) {
          steps.push(placeholder(node, stepId, `its ${mode} mode is not translated`));
          outputs.set(name, `steps.${stepId}`);
        } else {
          steps.push({ id: stepId, name: node.name, onError: 'stop', type: 'transform', expression });
          report.mapped.push({ node: name, type: node.type, stepId, stepType: 'transform', note: `merge (${mode})` });
          outputs.set(name, `steps.${stepId}`);
        }
        queue.push(...next(0));
        continue;
      }

      let m: LeafMapping;
      const core = coreNodes[short];
      if (isTriggerType(node.type)) m = { unmapped: 'a trigger in the middle of the flow' };
      else if (core) m = core(ctx);
      else if (isMappedService(node.type)) m = serviceNode(ctx);
      else m = { unmapped: `Atom has no action for ${short}` };
      if ('passthrough' in m) {
        outputs.set(name, current);
        report.mapped.push({ node: name, type: node.type, stepId, stepType: 'none', note: m.note ?? 'passes items through; no step needed' });
      } else if ('unmapped' in m) {
        steps.push(placeholder(node, stepId, m.unmapped));
        outputs.set(name, `steps.${stepId}`);
      } else {
        steps.push(m.step);
        outputs.set(name, m.passthroughOutput ? current : (m.output ?? `steps.${stepId}`));
        report.mapped.push({ node: name, type: node.type, stepId, stepType: m.step.type === 'action' ? `action:${m.step.action}` : m.step.type, ...(m.note ? { note: m.note } : {}) });
        if (short === 'respondToWebhook') respondsFromStep = stepId;
      }
      for (let o = 0; o < Math.max(1, graph.outputCount(name)); o++) queue.push(...next(o));
    }
    return { steps, placed, waiting };
  };

  const top = block(main ? graph.targets(main.name, 0).concat(...Array.from({ length: Math.max(0, graph.outputCount(main.name) - 1) }, (_, i) => graph.targets(main.name, i + 1))) : starts, new Set(main ? [main.name] : []));
  const steps = top.steps;
  // Joins whose other inputs never run (a branch that was not imported) are placed at the end.
  let rest = top.waiting.filter((w) => !done.has(w));
  while (rest.length) {
    const more = block(rest.slice(0, 1), new Set(done), undefined, currentFor(rest[0] ?? '', done));
    steps.push(...more.steps);
    rest = [...rest.slice(1), ...more.waiting].filter((w) => !done.has(w));
  }
  for (const n of nodes.values()) if (!done.has(n.name) && n !== main && !triggers.includes(n)) report.unmapped.push({ node: n.name, type: n.type, reason: 'not connected to the trigger; left out' });

  if (trigger.type === 'webhook' && respondsFromStep) trigger = { ...trigger, respond: 'when_finished' };
  const definition: WorkflowDefinitionInput = { schemaVersion: 1, trigger, steps, ...(respondsFromStep && steps.at(-1)?.id !== respondsFromStep ? { output: `steps.${respondsFromStep}` } : {}), settings: {} };
  report.connectionsToCreate = [...connections.values()];
  report.secretsToCreate = [...secrets.values()];
  return { name: (exp.name ?? 'Imported from n8n').slice(0, 200) || 'Imported from n8n', definition, report };
}
