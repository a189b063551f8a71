import type { Step } from '../../definition/schema.js';
import { validateDefinition, type ValidateOptions, type ValidationIssue } from '../../definition/validate.js';
import { importN8nWorkflow, type N8nImportOptions, type N8nImportResult } from './import.js';

export { importLimits } from './export-schema.js';
export { importReportSchema, type ImportReport } from './report.js';
export { translateExpression, translateValue } from './expressions.js';
export { importN8nWorkflow, type N8nImportOptions, type N8nImportResult } from './import.js';

function replaceStep(steps: Step[], id: string, make: (s: Step) => Step): boolean {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (!s) continue;
    if (s.id === id) {
      steps[i] = make(s);
      return true;
    }
    const lists: Step[][] =
      s.type === 'if' ? [s.then, s.else] : s.type === 'switch' ? [...s.cases.map((c) => c.steps), s.default] : s.type === 'for_each' ? [s.steps] : s.type === 'parallel' ? s.branches : [];
    for (const l of lists) if (replaceStep(l, id, make)) return true;
  }
  return false;
}

/**
 * Imports an n8n export and checks the draft as Atom's validator does (without the workspace's connections
 * and secrets, which the report lists): a step that still fails (a field Atom's action refuses) becomes a
 * placeholder, so the draft always validates, and the report says why.
 * @example const { definition, report } = await importN8nDraft(JSON.parse(text), { actions });
 */
export async function importN8nDraft(raw: unknown, options: N8nImportOptions & Pick<ValidateOptions, 'lookupWorkflow'>): Promise<N8nImportResult & { issues: ValidationIssue[] }> {
  const result = importN8nWorkflow(raw, options);
  const { report } = result;
  const steps = (result.definition.steps ?? []) as Step[];
  let issues: ValidationIssue[] = [];
  for (let round = 0; round < 5; round++) {
    issues = await validateDefinition(result.definition, { actions: options.actions, ...(options.lookupWorkflow ? { lookupWorkflow: options.lookupWorkflow } : {}) });
    if (issues.length === 0) break;
    const triggerIssue = issues.find((i) => i.field.startsWith('trigger'));
    if (triggerIssue) {
      report.notes.push({ node: report.trigger.node ?? '(trigger)', note: `the trigger was not valid in Atom (${triggerIssue.message}); the draft starts manually` });
      report.trigger = { ...report.trigger, atomType: 'manual' };
      result.definition.trigger = { type: 'manual' };
    }
    const byStep = new Map<string, string>();
    for (const i of issues) if (i.stepId && !byStep.has(i.stepId)) byStep.set(i.stepId, `${i.field.replace(`steps.${i.stepId}.`, '')}: ${i.message}`);
    for (const [stepId, reason] of byStep) {
      const mapped = report.mapped.findIndex((m) => m.stepId === stepId);
      const entry = report.mapped[mapped];
      replaceStep(steps, stepId, (s) => ({ id: s.id, name: `n8n placeholder: ${s.name ?? s.id}`.slice(0, 200), onError: 'stop', type: 'action', action: 'core.log', input: { message: `Not imported from n8n: ${s.name ?? s.id}: Atom refused it (${reason}). Replace this step.`, level: 'warn' } }));
      if (entry) {
        report.mapped.splice(mapped, 1);
        report.unmapped.push({ node: entry.node, type: entry.type, reason: `Atom refused the mapped step (${reason})`, stepId });
      }
    }
    if (!triggerIssue && byStep.size === 0) break;
  }
  return { ...result, issues };
}
