import { describeCron } from './describe.js';
import { conditionExpression, describeCondition, findConditions } from './conditions.js';
import { contentInput } from './alternatives.js';
import { registryCapabilities, type PlannerCapabilities } from './capabilities.js';
import type { Condition, WorkflowDraft } from './draft.js';
import { groundPlan, type GroundedStep, type PlannedAction, type PlannedTrigger } from './grounding.js';
import { findSchedule } from './schedule.js';
import { maskUrls, unmaskDeep } from './urls.js';
import { actionPhrases, actionVerbs, memoryPhrase, serviceNames, storageAction, triggerPhrases, triggerService, webhookPhrase, type ActionPhrase } from './vocabulary.js';

type Span = [number, number];
const blank = (text: string, spans: Span[]) => spans.reduce((t, [s, e]) => t.slice(0, s) + ' '.repeat(e - s) + t.slice(e), text);

export interface OfflinePlanOptions {
  timezone?: string;
  /** Action ids installed in this process, besides those of the registries (capabilities.ts). */
  knownActions?: ReadonlySet<string> | undefined;
  /** Integration trigger ids available besides the registry's. */
  knownTriggers?: ReadonlySet<string> | undefined;
  /** What a draft may use; by default the registries (plus knownActions / knownTriggers). */
  capabilities?: PlannerCapabilities | undefined;
}

function findTrigger(text: string, timezone: string): PlannedTrigger | undefined {
  const s = findSchedule(text);
  if (s) {
    const label = s.cron ? describeCron(s.cron, timezone) : s.everyMinutes! % 60 === 0 ? `every ${s.everyMinutes! / 60 === 1 ? '' : `${s.everyMinutes! / 60} `}hour${s.everyMinutes! / 60 === 1 ? '' : 's'}` : `every ${s.everyMinutes} minutes`;
    return {
      trigger: { type: 'schedule', ...(s.cron ? { cron: s.cron } : { everyMinutes: s.everyMinutes }), timezone },
      structure: { type: 'schedule', ...(s.cron ? { cron: s.cron } : { everyMinutes: s.everyMinutes }) },
      label,
      span: s.span,
      notes: s.notes,
    };
  }
  for (const t of triggerPhrases) {
    const m = t.pattern.exec(text);
    if (!m) continue;
    const event = triggerService(t.event, m[0]);
    const config = t.config?.(text, m) ?? {};
    const where = [config.folder ? `in the ${String(config.folder)} folder` : '', config.from ? `from ${String(config.from)}` : '', config.channel ? `in ${String(config.channel)}` : ''].filter(Boolean).join(' ');
    const label = /\.(new_file|file_changed)$/.test(event) ? `a new file ${where ? `${where} ` : ''}in ${serviceNames[event.split('.')[0]!] ?? event.split('.')[0]!}` : `${t.label}${where ? ` ${where}` : ''}`;
    return { trigger: { type: 'integration', trigger: event, config }, structure: { type: 'integration', event }, label, span: [m.index, m.index + m[0].length], notes: [], question: t.ask?.(config) };
  }
  const w = webhookPhrase.exec(text);
  if (w) return { trigger: { type: 'webhook' }, structure: { type: 'webhook' }, label: 'a webhook call', span: [w.index, w.index + w[0].length], notes: [] };
  const mem = memoryPhrase.exec(text);
  if (mem) return { trigger: { type: 'memory_event', events: ['document.created'] }, structure: { type: 'memory_event' }, label: 'a new document in Atom', span: [mem.index, mem.index + mem[0].length], notes: [] };
  return undefined;
}

function findActions(text: string, taken: Span[]): { actions: PlannedAction[]; spans: Span[] } {
  const actions: PlannedAction[] = [];
  const spans: Span[] = [];
  // A dot followed by a non-space is inside a word (an e-mail address, a file name), not a sentence end.
  const clauses = [...text.matchAll(/(?:[^,;.]|\.(?=\S))+(?:[,;.]|$)/g)].map((m) => ({ text: m[0], at: m.index }));
  for (const clause of clauses) {
    // Several actions can share a clause ("summarise it and post to #x"): split on "and"/"then".
    const parts = [...clause.text.matchAll(/(?:(?!\band\b|\bthen\b|\balso\b).)+/gi)].map((m) => ({ text: m[0], at: clause.at + m.index }));
    for (const part of parts) {
      const seen = new Set<string>();
      for (const phrase of actionPhrases) {
        const m = phrase.pattern.exec(part.text);
        if (!m) continue;
        const span: Span = [part.at + m.index, part.at + m.index + m[0].length];
        // Words inside the trigger or a condition are not actions ("when I get an email").
        if (taken.some(([s, e]) => span[0] >= s && span[0] < e)) continue;
        const action = phrase.action === 'storage.upload_file' ? storageAction(m[0]) : phrase.action;
        if (seen.has(action) || blocked(phrase, action, seen, part.text) || (action.startsWith('ai.') && actions.some((a) => a.action === action))) continue;
        seen.add(action);
        const input = { ...(phrase.input?.(part.text) ?? {}) };
        for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
        actions.push({ action, input, label: phrase.label(input), at: span[0], question: phrase.ask?.(input) });
        spans.push(span);
      }
    }
  }
  actions.sort((a, b) => a.at - b.at || (a.action.startsWith('ai.') ? -1 : 1));
  // A summary feeds what follows it: an AI step mentioned in the same breath as a delivery runs first.
  const ai = actions.filter((a) => a.action.startsWith('ai.'));
  const rest = actions.filter((a) => !a.action.startsWith('ai.'));
  return { actions: [...ai, ...rest], spans };
}

/** Chat and mail actions overlap in wording; one phrase should not become two deliveries. */
function blocked(phrase: ActionPhrase, action: string, seen: Set<string>, clause: string): boolean {
  if (phrase.action === 'slack.post_message' && !/\bslack\b/i.test(clause) && /\b(discord|teams|telegram)\b/i.test(clause)) return true;
  if (action === 'gmail.send_email' && (seen.has('gmail.forward_email') || seen.has('outlook.send_mail'))) return true;
  if (action === 'github.create_issue' && (seen.has('jira.create_issue') || seen.has('linear.create_issue'))) return true;
  if (phrase.action === 'slack.post_message' && (seen.has('microsoft_teams.post_message') || seen.has('discord.post_message'))) return true;
  if (action === 'google_sheets.append_row' && seen.has('microsoft_excel.append_row')) return true;
  return false;
}

const stepId = (action: string, used: Set<string>) => {
  const base = action.replace(/^[^.]+\./, '').replace(/[^A-Za-z0-9_]/g, '_');
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
  used.add(id);
  return id;
};

const aiPrompts: Record<string, string> = {
  summarize: 'Summarise this in a few short bullet points',
  extract: 'Extract the key fields (amounts, dates, names) as JSON',
  classify: 'Classify this into one short category',
};

/**
 * Builds the steps in order, each reading the data of the step that produced it: a list step's output,
 * the file read after a file trigger, the AI step's answer, else the trigger's event. With nothing to
 * read (a plain reminder on a schedule) a message carries the request's own words.
 */
function buildSteps(plan: GroundedStep[], triggerCarriesData: boolean, title: string): Record<string, unknown>[] {
  const used = new Set<string>();
  let data = triggerCarriesData ? 'trigger' : undefined;
  let file: string | undefined;
  return plan.map((a) => {
    const id = stepId(a.action, used);
    const from = data ? `{{ $string(${data}) }}` : undefined;
    if (a.role === 'ai') {
      const verb = a.action.slice(3);
      data = `steps.${id}`;
      return { type: 'ai', id, name: a.label, prompt: `${aiPrompts[verb] ?? verb}:\n${from ?? '(nothing was read before this step)'}`, output: verb === 'extract' ? 'json' : 'text' };
    }
    if (a.role === 'source') {
      data = `steps.${id}`;
      return { type: 'action', id, name: a.label, action: a.action, input: a.input };
    }
    if (a.role === 'fetch') {
      data = `steps.${id}.content`;
      file = `steps.${id}`;
      return { type: 'action', id, name: a.label, action: a.action, input: a.input };
    }
    const content = data && file && data === `${file}.content` ? `{{ ${data} }}` : (from ?? title);
    // A bare call ("every hour call https://…") sends no made-up body.
    if (a.action === 'core.http_request' && !from) return { type: 'action', id, name: a.label, action: a.action, input: a.input };
    // Gmail takes a list of addresses; the vocabulary reads one.
    const input = a.action === 'gmail.send_email' && typeof a.input.to === 'string' && a.input.to.includes('@') ? { ...a.input, to: [a.input.to] } : a.input;
    return { type: 'action', id, name: a.label, action: a.action, input: { ...contentInput(a.action, content, title, file), ...input } };
  });
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The deterministic planner: reads a schedule or event trigger, conditions and actions from common
 * phrasing, builds a workflow definition, and says plainly what it could not map.
 */
export function planOffline(request: string, options: OfflinePlanOptions = {}): WorkflowDraft {
  const original = request.replace(/\s+/g, ' ').trim();
  // URLs hold dots, "#" and words the sentence reading below would split on or take for channels.
  const { masked, unmask } = maskUrls(original);
  const draft = planMasked(masked, options);
  return unmaskDeep({ ...draft, name: sentence(original.length > 80 ? `${original.slice(0, 79)}…` : original) }, unmask);
}

function planMasked(text: string, options: OfflinePlanOptions): WorkflowDraft {
  const timezone = options.timezone ?? 'UTC';
  const caps = options.capabilities ?? registryCapabilities({ actions: options.knownActions, triggers: options.knownTriggers });
  const found = findTrigger(text, timezone);
  const conditions = findConditions(text, found?.span);
  const taken: Span[] = [...(found?.span ? [found.span] : []), ...conditions.map((c) => c.span)];
  const { actions, spans } = findActions(text, taken);
  const grounded = groundPlan(text, found, actions, caps, timezone);
  const trigger = grounded.trigger;
  const plan = grounded.steps;

  const notes = [...(trigger?.notes ?? []), ...grounded.notes];
  // A trigger replaced by a webhook or a schedule (grounding) no longer needs its own question.
  const triggerQuestion = trigger?.structure.type === 'integration' && trigger.question ? [trigger.question] : [];
  const questions = [...triggerQuestion, ...grounded.questions, ...actions.flatMap((a) => (a.question ? [a.question] : []))];
  const unmapped: string[] = [];
  const covered = blank(text, [...taken, ...spans]);
  for (const piece of covered.split(/[,;.]|\band\b|\bthen\b/i)) {
    const clause = piece.replace(/\s+/g, ' ').trim();
    if (clause.length > 3 && actionVerbs.test(clause)) unmapped.push(clause);
  }

  if (!trigger && plan.length === 0) {
    return {
      status: 'unsupported',
      name: 'Untitled workflow',
      summary: 'I could not find a trigger or an action I know in this request.',
      definition: null,
      structure: null,
      questions: ['What should start the workflow (a schedule such as "every weekday at 9am", or an event such as "when a new file is added to Drive"), and what should it do?'],
      unmapped: unmapped.length ? unmapped : [text],
      notes,
      planner: 'offline',
      attempts: 0,
    };
  }
  if (!trigger) {
    questions.unshift('When should this run: on a schedule (for example "every weekday at 9am") or when something happens (for example "when I get an email from …")? Until then it only runs when started by hand.');
  }
  if (plan.length === 0) questions.push('What should the workflow do when it runs?');

  const name = sentence(text.length > 80 ? `${text.slice(0, 79)}…` : text);
  const carries = !!trigger && trigger.structure.type !== 'schedule';
  // The title written into messages names no web address: the address belongs to the step that calls it.
  const title = name.replace(/\bhttps?:\/\/[\uE000-\uF8FF]+/g, 'the web address');
  const actionSteps = buildSteps(plan, carries, title);
  const conds: Condition[] = conditions.map((c) => c.condition);
  const steps = conds.length
    ? [{ type: 'if', id: 'check', name: `Only if ${conds.map(describeCondition).join(' and ')}`, condition: conds.map(conditionExpression).map((e) => `(${e})`).join(' and '), then: actionSteps, else: [] }]
    : actionSteps;
  const definition = { schemaVersion: 1, trigger: trigger?.trigger ?? { type: 'manual' }, steps };

  const when = trigger ? (trigger.structure.type === 'schedule' ? sentence(trigger.label) : `When there is ${trigger.label}`) : 'When you start it';
  const what = plan.length ? plan.map((a) => a.label).join(', then ') : 'nothing yet';
  const onlyIf = conds.length ? `, if ${conds.map(describeCondition).join(' and ')}` : '';
  const summary = `${when}${onlyIf}: ${what}.${unmapped.length ? ` Not understood: ${unmapped.map((u) => `“${u}”`).join(', ')}.` : ''}`;
  return {
    status: questions.length ? 'needs_clarification' : 'draft',
    name,
    summary,
    definition,
    structure: { trigger: trigger?.structure ?? { type: 'manual' }, actions: plan.map((a) => a.action), conditions: conds },
    questions,
    unmapped,
    notes,
    planner: 'offline',
    attempts: 0,
  };
}
