import { CronExpressionParser } from 'cron-parser';
import type { z } from 'zod';
import type { Actor } from '../../platform/access/index.js';
import { AppError } from '../../platform/index.js';
import type { ActionRegistry } from '../actions/index.js';
import { splitLiteralInput } from '../actions/literal-input.js';
import { describeIssues, summarizeIssues, type ValidationIssue } from './describe.js';
import { compileExpression, expressionsIn, referencedSecrets, referencedSteps } from './expressions.js';
import { workflowDefinitionSchema, type Step, type WorkflowDefinition } from './schema.js';
import { childLists } from './walk.js';

export type { ValidationIssue } from './describe.js';

export interface ValidateOptions {
  actions: ActionRegistry;
  /** The published definition of another workflow of the workspace (sub-workflow checks), when it exists. */
  lookupWorkflow?: (id: string) => Promise<WorkflowDefinition | undefined>;
  /** The id of the workflow being validated (for sub-workflow cycles). */
  workflowId?: string;
  /** The workspace: with it, steps' connections are checked (missing, revoked, expired, unhealthy). */
  workspaceId?: string;
  /** Names of the workspace's secrets: a step reading any other one is an error (omit to skip the check). */
  secretNames?: ReadonlySet<string>;
  /**
   * Whom the version's runs act for: its author, as the access policy sees them now. Connections are
   * checked as them (absent: only workspace-shared connections count).
   */
  actor?: Actor | undefined;
  /** Why an integration trigger cannot use the connection it names, as `actor`, or undefined when it can. */
  checkTriggerConnection?(workspaceId: string, connectionId: string, actor: Actor | undefined): Promise<string | undefined>;
  /** Problems of an integration trigger (unknown id, config against its schema, and what it names exists). */
  checkIntegrationTrigger?(trigger: Extract<WorkflowDefinition['trigger'], { type: 'integration' }>, workspaceId: string | undefined, actor: Actor | undefined): Promise<ValidationIssue[]>;
}

/** The action a step calls, for step types backed by the registry. */
export function actionIdOf(step: Step): string | undefined {
  switch (step.type) {
    case 'action':
      return step.action;
    case 'http':
      return 'core.http_request';
    case 'ai':
      return 'ai.generate';
    case 'memory_search':
      return 'memory.search';
    default:
      return undefined;
  }
}

const hasExpression = (v: unknown): boolean => expressionsIn(v, '').length > 0;

function valueAt(obj: unknown, path: PropertyKey[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/**
 * Checks a workflow before it may be activated: shape, unknown actions, inputs against each action's
 * schema (fields computed by expressions are checked when the run has their values), expressions that do
 * not parse or read a step that does not come earlier, duplicate ids, schedules, sub-workflow cycles.
 */
export async function validateDefinition(raw: unknown, options: ValidateOptions): Promise<ValidationIssue[]> {
  const parsed = workflowDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({ code: 'workflows.validation.schema', field: i.path.map(String).join('.') || '(root)', message: i.message }));
  }
  const def = parsed.data;
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();

  const t = def.trigger;
  if (t.type === 'schedule') {
    if (t.cron) {
      try {
        CronExpressionParser.parse(t.cron, { tz: t.timezone });
      } catch (err) {
        issues.push({ code: 'workflows.validation.cron', field: 'trigger.cron', message: `Not a valid cron expression: ${(err as Error).message}` });
      }
    }
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: t.timezone });
    } catch {
      issues.push({ code: 'workflows.validation.timezone', field: 'trigger.timezone', message: `Unknown time zone ${t.timezone}.` });
    }
  }

  const checkSecret = (step: Step, field: string, name: string) => {
    if (options.secretNames && !options.secretNames.has(name))
      issues.push({ code: 'workflows.validation.secret', stepId: step.id, field: `steps.${step.id}.${field}`, message: `Secret ${name} is not set in this workspace (add it under workflow secrets).` });
  };
  // A push trigger's signing secret is read at delivery time: a name that is not set would refuse every delivery.
  if (t.type === 'integration' && t.signingSecret && options.secretNames && !options.secretNames.has(t.signingSecret))
    issues.push({ code: 'workflows.validation.secret', field: 'trigger.signingSecret', message: `Secret ${t.signingSecret} is not set in this workspace (add it under workflow secrets).` });
  // Connection checks read the database; they run together after the walk.
  const pending: Promise<void>[] = [];
  if (t.type === 'integration' && t.connectionId && !hasExpression(t.connectionId) && options.workspaceId && options.checkTriggerConnection) {
    pending.push(
      options.checkTriggerConnection(options.workspaceId, t.connectionId, options.actor).then((problem) => {
        if (problem) issues.push({ code: 'workflows.validation.connection', field: 'trigger.connectionId', message: problem });
      }),
    );
  }

  if (t.type === 'integration' && options.checkIntegrationTrigger) {
    const check = options.checkIntegrationTrigger.bind(options);
    pending.push(check(t, options.workspaceId, options.actor).then((found) => void issues.push(...found)));
  }

  const checkExpr = (step: Step, field: string, source: string, earlier: ReadonlySet<string>) => {
    try {
      compileExpression(source);
    } catch (err) {
      issues.push({ code: 'workflows.validation.expression', stepId: step.id, field: `steps.${step.id}.${field}`, message: (err as Error).message });
      return;
    }
    for (const name of referencedSecrets(source)) checkSecret(step, field, name);
    for (const ref of referencedSteps(source)) {
      if (!earlier.has(ref)) {
        issues.push({
          code: 'workflows.validation.reference',
          stepId: step.id,
          field: `steps.${step.id}.${field}`,
          message: `Expression reads steps.${ref}, which is not a step that runs before this one.`,
        });
      }
    }
  };

  const checkInput = (step: Step, actionId: string, input: Record<string, unknown>, earlier: ReadonlySet<string>) => {
    const action = options.actions.get(actionId);
    // Fields the action takes as written (a code step's code) hold no expressions, whatever they contain.
    for (const e of expressionsIn(splitLiteralInput(action, input).rest, 'input')) checkExpr(step, e.path, e.source, earlier);
    if (!action) {
      issues.push({ code: 'workflows.validation.unknown_action', stepId: step.id, field: `steps.${step.id}.${step.type === 'action' ? 'action' : 'type'}`, message: `No action ${actionId} is installed.` });
      return;
    }
    const bearer = input['bearerSecret'];
    if (typeof bearer === 'string' && !hasExpression(bearer)) checkSecret(step, 'input.bearerSecret', bearer);
    // A computed name would let run data (a webhook body) pick which secret is sent; the engine refuses it too.
    else if (hasExpression(bearer))
      issues.push({ code: 'workflows.validation.secret', stepId: step.id, field: `steps.${step.id}.input.bearerSecret`, message: 'Write the secret name itself here: a name computed by an expression is not allowed.' });
    const workspaceId = options.workspaceId;
    if (action.checkConnection && workspaceId && !hasExpression(input['connectionId'])) {
      const check = action.checkConnection.bind(action);
      pending.push(
        check(workspaceId, input, options.actor).then((problem) => {
          if (problem) issues.push({ code: 'workflows.validation.connection', stepId: step.id, field: `steps.${step.id}.input.connectionId`, message: problem });
        }),
      );
    }
    const result = (action.input as z.ZodType).safeParse(input);
    if (result.success && action.checkInput) {
      pending.push(
        action.checkInput(input).then((problem) => {
          if (problem) issues.push({ code: 'workflows.validation.input', stepId: step.id, field: `steps.${step.id}.input.${problem.field}`, message: problem.message });
        }),
      );
    }
    if (result.success) return;
    for (const issue of result.error.issues) {
      // A field (or a parent) computed by an expression gets its value only when the run reaches it.
      const computed = issue.path.some((_, i) => hasExpression(valueAt(input, issue.path.slice(0, i + 1))));
      if (computed) continue;
      issues.push({ code: 'workflows.validation.input', stepId: step.id, field: `steps.${step.id}.input.${issue.path.map(String).join('.')}`.replace(/\.$/, ''), message: issue.message });
    }
  };

  const subWorkflows: { step: Step; workflowId: string }[] = [];

  const walk = (steps: Step[], outer: ReadonlySet<string>): Set<string> => {
    const earlier = new Set(outer);
    for (const step of steps) {
      if (seen.has(step.id)) issues.push({ code: 'workflows.validation.duplicate_id', stepId: step.id, field: `steps.${step.id}.id`, message: `Step id ${step.id} is used more than once.` });
      seen.add(step.id);
      switch (step.type) {
        case 'action':
          checkInput(step, step.action, step.input, earlier);
          break;
        case 'http':
          checkInput(step, 'core.http_request', step.input, earlier);
          break;
        case 'ai':
        case 'memory_search': {
          const id = actionIdOf(step) ?? '';
          for (const e of expressionsIn(step.type === 'ai' ? step.prompt : step.query, step.type === 'ai' ? 'prompt' : 'query')) checkExpr(step, e.path, e.source, earlier);
          if (!options.actions.get(id))
            issues.push({ code: 'workflows.validation.unknown_action', stepId: step.id, field: `steps.${step.id}.type`, message: `${step.type === 'ai' ? 'AI steps' : 'Memory search'} needs the ${id} action, which is not installed.` });
          break;
        }
        case 'transform':
          checkExpr(step, 'expression', step.expression, earlier);
          break;
        case 'set':
          for (const e of expressionsIn(step.values, 'values')) checkExpr(step, e.path, e.source, earlier);
          break;
        case 'delay':
          if (step.ms === undefined && step.until === undefined)
            issues.push({ code: 'workflows.validation.delay', stepId: step.id, field: `steps.${step.id}.ms`, message: 'Give ms or until.' });
          if (step.until) for (const e of expressionsIn(step.until, 'until')) checkExpr(step, e.path, e.source, earlier);
          break;
        case 'sub_workflow':
          for (const e of expressionsIn(step.input, 'input')) checkExpr(step, e.path, e.source, earlier);
          subWorkflows.push({ step, workflowId: step.workflowId });
          break;
        case 'stop':
          for (const e of expressionsIn(step.output, 'output')) checkExpr(step, e.path, e.source, earlier);
          break;
        case 'fail':
          for (const e of expressionsIn(step.message, 'message')) checkExpr(step, e.path, e.source, earlier);
          break;
        case 'if':
          checkExpr(step, 'condition', step.condition, earlier);
          break;
        case 'switch':
          checkExpr(step, 'value', step.value, earlier);
          break;
        case 'for_each':
          checkExpr(step, 'items', step.items, earlier);
          break;
        case 'wait_for_webhook':
        case 'wait_for_approval':
        case 'parallel':
          break;
      }
      if (step.onError === 'branch' && !step.errorSteps?.length)
        issues.push({ code: 'workflows.validation.error_branch', stepId: step.id, field: `steps.${step.id}.errorSteps`, message: 'onError is "branch" but errorSteps is empty.' });
      const visibleAfter: string[] = [];
      for (const child of childLists(step)) {
        // Nested steps see what came before the block; the error branch also sees the failed step.
        const scope = child.field === 'errorSteps' ? new Set([...earlier, step.id]) : earlier;
        const inner = walk(child.steps, scope);
        // Steps of a branch stay readable after the block (empty when their branch did not run); a loop's
        // steps are per iteration, so only the loop's own output is.
        if (step.type !== 'for_each' || child.field === 'errorSteps') for (const id of inner) if (!earlier.has(id)) visibleAfter.push(id);
      }
      for (const id of visibleAfter) earlier.add(id);
      earlier.add(step.id);
    }
    return earlier;
  };
  walk(def.steps, new Set());
  await Promise.all(pending);
  if (def.output) checkExpr({ id: '(output)', type: 'stop', onError: 'stop' }, 'output', def.output, new Set(seen));

  if (options.lookupWorkflow) {
    // Sub-workflow calls must exist and must not lead back to this workflow.
    const visiting = new Set<string>(options.workflowId ? [options.workflowId] : []);
    const reaches = async (id: string, depth: number): Promise<boolean> => {
      if (visiting.has(id)) return true;
      if (depth > 20) return false;
      const d = await options.lookupWorkflow?.(id);
      if (!d) return false;
      visiting.add(id);
      for (const s of allSubWorkflowIds(d.steps)) if (await reaches(s, depth + 1)) return true;
      visiting.delete(id);
      return false;
    };
    for (const { step, workflowId } of subWorkflows) {
      const d = await options.lookupWorkflow(workflowId);
      if (!d) issues.push({ code: 'workflows.validation.sub_workflow', stepId: step.id, field: `steps.${step.id}.workflowId`, message: `Workflow ${workflowId} does not exist or has no published version.` });
      else if (await reaches(workflowId, 0)) issues.push({ code: 'workflows.validation.cycle', stepId: step.id, field: `steps.${step.id}.workflowId`, message: `Calling ${workflowId} leads back to this workflow (a cycle).` });
    }
  }
  return issues;
}

function allSubWorkflowIds(steps: Step[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    if (s.type === 'sub_workflow') out.push(s.workflowId);
    for (const c of childLists(s)) out.push(...allSubWorkflowIds(c.steps));
  }
  return out;
}

/** Throws a 422 listing every issue when the definition is not valid. */
export async function assertValid(raw: unknown, options: ValidateOptions): Promise<WorkflowDefinition> {
  const found = await validateDefinition(raw, options);
  if (found.length > 0) {
    // People read this: every issue names its step and field in words and says what to do.
    const issues = describeIssues(found, raw);
    throw new AppError('workflows.validation.failed', summarizeIssues(issues), {
      status: 422,
      fields: issues.map((i) => ({ field: i.field, message: i.message })),
      extensions: { issues },
    });
  }
  return workflowDefinitionSchema.parse(raw);
}
