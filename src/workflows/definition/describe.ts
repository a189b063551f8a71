import type { FieldError } from '../../platform/index.js';

/** A problem validation found in a definition (defined here, below validate.ts, which describes what it finds). */
export interface ValidationIssue extends FieldError {
  code: string;
  stepId?: string;
}

/** A validation issue as a person reads it: where (step and field in words), what is wrong, what to do. */
export interface DescribedIssue extends ValidationIssue {
  /** `Step “Alert the team” (alert), field “Connection”`, `Trigger, field “Schedule”`, `The workflow`. */
  where: string;
  /** The step's own name, when it has one. */
  stepName?: string;
  /** The field, in words (`Connection`, `Bearer secret`). */
  fieldLabel?: string;
  /** What to do about it, in one sentence. */
  hint: string;
}

interface StepLike {
  id?: unknown;
  name?: unknown;
  [key: string]: unknown;
}

const labelOverrides: Record<string, string> = {
  url: 'URL',
  id: 'Step id',
  ms: 'Wait (ms)',
  errorSteps: 'Error branch',
  workflowId: 'Workflow',
  cron: 'Schedule',
  connectionId: 'Connection',
  type: 'Step type',
  onError: 'When this step fails',
};

/** `connectionId` → `Connection`, `bearerSecret` → `Bearer secret`, `headers.x-api-key` → `Headers › x-api-key`. */
export function fieldLabel(path: string): string {
  const parts = path.split('.').filter(Boolean);
  // `input.x` is the action's field x: "input" adds nothing for a person.
  const shown = parts[0] === 'input' && parts.length > 1 ? parts.slice(1) : parts;
  return shown
    .map((p) => {
      if (labelOverrides[p]) return labelOverrides[p];
      if (/^\d+$/.test(p)) return `item ${Number(p) + 1}`;
      const words = p.replace(/Id$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
      return words.charAt(0).toUpperCase() + words.slice(1);
    })
    .join(' › ');
}

const hints: Record<string, string> = {
  'workflows.validation.connection': 'Choose a connection you may use in this field (yours, or one shared with the workspace), or connect the service under Integrations.',
  'workflows.validation.secret': 'Add the secret under Workflows → Secrets, or correct the name.',
  'workflows.validation.reference': 'Read only steps that run before this one: move this step below the one it reads, or change the expression.',
  'workflows.validation.expression': 'Correct the expression (JSONata; inside text it goes between {{ and }}).',
  'workflows.validation.unknown_action': 'Choose an installed action for this step, or delete the step.',
  'workflows.validation.duplicate_id': 'Give one of these steps another id.',
  'workflows.validation.delay': 'Say how long to wait, or until when.',
  'workflows.validation.error_branch': 'Add steps to the error branch, or choose another option under “When this step fails”.',
  'workflows.validation.sub_workflow': 'Choose a workflow of this workspace that has been activated at least once.',
  'workflows.validation.cycle': 'Call a workflow that does not call this one back.',
  'workflows.validation.cron': 'Correct the schedule: five fields, minute hour day-of-month month day-of-week (e.g. 0 9 * * 1-5).',
  'workflows.validation.trigger': 'Choose an installed trigger in the trigger’s settings.',
  'workflows.validation.trigger_check': 'Check that what the trigger’s settings name exists (table and column, mailbox, feed URL) and that the connection may read it, then activate again.',
  'workflows.validation.timezone': 'Use a time zone name such as Europe/Paris or America/New_York.',
};

/** Zod's wording for a missing value, said plainly. */
const isMissing = (message: string) => /received undefined|required/i.test(message);

/**
 * Words for one issue of `validateDefinition`: the step by name and id, the field by label, and a hint.
 * `definition` is the raw definition that was checked (a schema issue names steps by position).
 */
export function describeIssue(issue: ValidationIssue, definition?: unknown): DescribedIssue {
  const parts = issue.field.split('.');
  let step: StepLike | undefined;
  let stepId = issue.stepId;
  let rest = '';
  if (parts[0] === 'steps' && parts.length > 1) {
    const key = parts[1] ?? '';
    const top = (definition as { steps?: unknown } | undefined)?.steps;
    if (!stepId && /^\d+$/.test(key) && Array.isArray(top)) {
      // A schema issue: `steps.0.input` names the step by its place in the list.
      const s = top[Number(key)] as StepLike | undefined;
      if (s && typeof s.id === 'string') stepId = s.id;
    }
    stepId ??= key;
    step = stepId ? findStep(definition, stepId) : undefined;
    rest = parts.slice(2).join('.');
  }
  const name = typeof step?.name === 'string' && step.name.trim() && step.name !== stepId ? step.name.trim() : undefined;
  let where: string;
  let label: string | undefined;
  if (stepId === '(output)') {
    where = 'The workflow’s output';
  } else if (stepId) {
    label = rest ? fieldLabel(rest) : undefined;
    where = `Step “${name ?? stepId}”${name ? ` (${stepId})` : ''}${label ? `, field “${label}”` : ''}`;
  } else if (parts[0] === 'trigger') {
    label = parts.length > 1 ? fieldLabel(parts.slice(1).join('.')) : undefined;
    where = `Trigger${label ? `, field “${label}”` : ''}`;
  } else {
    where = 'The workflow';
  }
  let hint = hints[issue.code];
  if (!hint) hint = isMissing(issue.message) ? `Fill in ${label ? `“${label}”` : 'this field'} in the step’s settings.` : `Correct ${label ? `“${label}”` : 'this'} in the ${stepId ? 'step’s settings' : 'workflow'}.`;
  if (issue.code === 'workflows.validation.connection' && parts[0] === 'trigger') hint = 'Choose a connection you may use for the trigger, or connect the service under Integrations.';
  const message = isMissing(issue.message) && issue.code === 'workflows.validation.input' ? 'This field is required.' : issue.message;
  return { ...issue, ...(stepId && stepId !== '(output)' ? { stepId } : {}), message, where, ...(name ? { stepName: name } : {}), ...(label ? { fieldLabel: label } : {}), hint };
}

export const describeIssues = (issues: readonly ValidationIssue[], definition?: unknown): DescribedIssue[] => issues.map((i) => describeIssue(i, definition));

/** One sentence over several issues, for a problem document's `detail` (the full list travels beside it). */
export function summarizeIssues(issues: readonly DescribedIssue[]): string {
  const head = `The workflow has ${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const shown = issues.slice(0, 3).map((i) => `${i.where}: ${i.message} ${i.hint}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return `${head}: ${shown.join(' — ')}${more}`;
}

/** Finds a step by id anywhere in a raw definition (nested lists included) without trusting its shape. */
function findStep(definition: unknown, id: string): StepLike | undefined {
  const visit = (v: unknown, depth: number): StepLike | undefined => {
    if (depth > 50 || v === null || typeof v !== 'object') return undefined;
    if (Array.isArray(v)) {
      for (const x of v) {
        const hit = visit(x, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    }
    const o = v as StepLike;
    if (o.id === id && typeof o.type === 'string') return o;
    for (const [k, x] of Object.entries(o)) if (k !== 'input' && k !== 'values' && typeof x === 'object') {
      const hit = visit(x, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  };
  return visit((definition as { steps?: unknown } | undefined)?.steps, 0);
}
