import type { ModelMessage } from 'ai';
import { z } from 'zod';
import type { AiServices } from '../assistant.js';
import type { WorkflowDraft } from './draft.js';
import { structureOf } from './structure.js';
import type { ActionRegistry } from '../../workflows/index.js';
import { workflowContract, type ContractIssue, type WorkflowContract } from './workflow-contract.js';

const replySchema = z.union([
  z.object({ questions: z.array(z.string().min(1)).min(1) }),
  z.object({ name: z.string().min(1).max(200), summary: z.string().min(1), definition: z.record(z.string(), z.unknown()) }),
]);

function instructions(contract: WorkflowContract, timezone: string): string {
  const installed = contract.installedActions();
  const triggers = contract.installedTriggers();
  return [
    'You turn a plain-language automation request into an Atom workflow definition.',
    'Answer with ONE JSON object and nothing else:',
    '- {"questions": ["..."]} when the request is too ambiguous to build (you cannot tell what should start it or what it should do);',
    '- otherwise {"name": "...", "summary": "one or two plain sentences of what it does", "definition": {...}}.',
    `The definition must validate against this JSON Schema:\n${JSON.stringify(contract.jsonSchema())}`,
    `Schedules use 5-field cron in the "${timezone}" time zone (cron-parser syntax: 1#1 = first Monday, L = last day).`,
    'Expressions are JSONata over {trigger, steps}; field values embed them as {{ expr }}; "if" conditions are bare expressions such as trigger.amount > 10000.',
    `Installed actions (use only these ids in "action" steps):\n${installed.map((a) => `- ${a.id}: ${a.description}`).join('\n')}`,
    `Integration triggers (trigger.type "integration", trigger.trigger; use only these ids):\n${triggers.map((t) => `- ${t.id}: ${t.description}`).join('\n')}`,
    'When the request needs a trigger or action that is not listed, do not invent one: use the nearest working alternative (a schedule trigger with the service\'s list step, the generic webhook trigger, or core.http_request to the service\'s API) and say so in the summary.',
    'Each step reads the data it needs from the step that produces it ({{ steps.<id> }}, or {{ trigger }}): a summary of service data on a schedule needs the list step before the AI step.',
    'For summarising, extracting or classifying, use a step of type "ai" with a prompt.',
  ].join('\n\n');
}

function parseJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  const start = fenced.indexOf('{');
  const end = fenced.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('no JSON object in the answer');
  return JSON.parse(fenced.slice(start, end + 1));
}

/** Validation issues that block a draft: an action or trigger that does not exist goes back to the model. */
async function check(contract: WorkflowContract, definition: Record<string, unknown>): Promise<ContractIssue[]> {
  const issues = await contract.validate(definition);
  const trigger = definition.trigger as Record<string, unknown> | undefined;
  if (trigger?.type === 'integration' && !contract.installedTriggers().some((t) => t.id === trigger.trigger)) {
    issues.push({ code: 'workflows.validation.unknown_trigger', field: 'trigger.trigger', message: `No trigger ${String(trigger.trigger)} exists; use one of the listed triggers, a schedule with a list step, or the webhook trigger.` });
  }
  return issues;
}

/**
 * The model writes the workflow; whatever fails validation goes back to it with the exact issues, a
 * bounded number of times. Ambiguous requests come back as questions. `actions` is the registry the draft
 * is checked against (the context's).
 */
export async function planWithModel(
  ai: AiServices,
  q: { request: string; workspaceId: string; userId: string; timezone: string; model?: string | undefined; repairs: number; actions: ActionRegistry },
): Promise<WorkflowDraft & { lastIssues?: ContractIssue[] }> {
  const contract = workflowContract(q.actions);
  const messages: ModelMessage[] = [{ role: 'user', content: q.request }];
  let lastIssues: ContractIssue[] = [];
  let model = '';
  for (let attempt = 1; attempt <= q.repairs + 1; attempt++) {
    const r = await ai.runner.run({ workspaceId: q.workspaceId, userId: q.userId, feature: 'from_text', model: q.model, system: instructions(contract, q.timezone), messages });
    model = r.model;
    messages.push({ role: 'assistant', content: r.text });
    let reply: z.infer<typeof replySchema>;
    try {
      reply = replySchema.parse(parseJson(r.text));
    } catch (err) {
      lastIssues = [{ code: 'ai.from_text.not_json', field: '(answer)', message: err instanceof Error ? err.message.slice(0, 500) : 'not JSON' }];
      messages.push({ role: 'user', content: `That was not the JSON object asked for (${lastIssues[0]!.message}). Answer with the JSON object only.` });
      continue;
    }
    if ('questions' in reply) {
      return { status: 'needs_clarification', name: 'Untitled workflow', summary: 'The request needs a few details first.', definition: null, structure: null, questions: reply.questions, unmapped: [], notes: [], planner: 'model', model, attempts: attempt };
    }
    const blocking = await check(contract, reply.definition);
    if (blocking.length === 0) {
      const definition = contract.parse(reply.definition);
      const normalised = definition.success ? (definition.data as unknown as Record<string, unknown>) : reply.definition;
      return { status: 'draft', name: reply.name, summary: reply.summary, definition: normalised, structure: structureOf(normalised), questions: [], unmapped: [], notes: [], planner: 'model', model, attempts: attempt };
    }
    lastIssues = blocking;
    messages.push({
      role: 'user',
      content: `That workflow does not validate:\n${blocking.map((i) => `- ${i.field}: ${i.message}`).join('\n')}\nFix these and answer with the whole corrected JSON object only.`,
    });
  }
  return { status: 'unsupported', name: 'Untitled workflow', summary: 'The model could not produce a valid workflow.', definition: null, structure: null, questions: [], unmapped: [], notes: [], planner: 'model', model, attempts: q.repairs + 1, lastIssues };
}
