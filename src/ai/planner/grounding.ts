import { actionAliases, fileTriggers, pollAlternatives, POLL_MINUTES, serviceOf, sourcePhrases } from './alternatives.js';
import type { PlannerCapabilities } from './capabilities.js';
import type { PlanStructure } from './draft.js';

type Span = [number, number];

export interface PlannedAction {
  action: string;
  input: Record<string, unknown>;
  label: string;
  at: number;
  question?: string | undefined;
}

export interface PlannedTrigger {
  trigger: Record<string, unknown>;
  structure: PlanStructure['trigger'];
  label: string;
  span?: Span;
  notes: string[];
  /** What the trigger still needs to know (which spreadsheet to watch). */
  question?: string | undefined;
}

/** A step of the grounded plan; `role` decides where its data comes from and what it hands on. */
export interface GroundedStep extends PlannedAction {
  /** source: reads service data; fetch: reads the trigger's file; ai: an AI step; sink: acts on the data. */
  role: 'source' | 'fetch' | 'ai' | 'sink';
}

export interface GroundedPlan {
  trigger: PlannedTrigger | undefined;
  steps: GroundedStep[];
  notes: string[];
  questions: string[];
}

const repoInput = (config: Record<string, unknown>) => {
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(String(config.repository ?? ''));
  return m ? { owner: m[1], repo: m[2] } : {};
};

/** A missing event trigger becomes a schedule + the service's list step, or else the generic webhook. */
function groundTrigger(trigger: PlannedTrigger, caps: PlannerCapabilities, timezone: string, out: GroundedPlan): GroundedStep | undefined {
  const event = trigger.structure.event;
  if (trigger.structure.type !== 'integration' || !event || caps.triggers.has(event)) return undefined;
  const service = serviceOf(event);
  const list = pollAlternatives[event];
  if (list && caps.actions.has(list)) {
    out.trigger = { ...trigger, trigger: { type: 'schedule', everyMinutes: POLL_MINUTES, timezone }, structure: { type: 'schedule', everyMinutes: POLL_MINUTES }, label: `every ${POLL_MINUTES} minutes` };
    out.notes.push(`Atom has no trigger for ${trigger.label} (${event}). Instead this draft checks ${service} every ${POLL_MINUTES} minutes with ${list} and acts on what it lists.`);
    out.questions.push(`Atom cannot start a workflow on ${trigger.label} yet: is checking ${service} every ${POLL_MINUTES} minutes good enough, or should ${service} call the workflow's webhook instead?`);
    return { action: list, input: repoInput((trigger.trigger.config ?? {}) as Record<string, unknown>), label: `list from ${service}`, at: -1, role: 'source' };
  }
  out.trigger = { ...trigger, trigger: { type: 'webhook' }, structure: { type: 'webhook' }, label: 'a webhook call' };
  out.notes.push(`Atom has no ${service} trigger for ${trigger.label} (${event}): this draft starts from a webhook instead. Once it is active, give ${service} (or a script or automation there) the workflow's webhook URL.`);
  out.questions.push(`Atom cannot watch ${service} for ${trigger.label}. Can ${service} call this workflow's webhook URL (the draft starts from one), or should it run on a schedule instead?`);
  return undefined;
}

/** An action Atom lacks becomes its installed equivalent, or a generic HTTP request to the service's API. */
function groundAction(a: PlannedAction, caps: PlannerCapabilities, out: GroundedPlan): GroundedStep | undefined {
  if (a.action.startsWith('ai.')) return { ...a, role: 'ai' };
  if (caps.actions.has(a.action)) return { ...a, role: 'sink' };
  const alias = actionAliases[a.action];
  if (alias && caps.actions.has(alias.id)) {
    if (alias.note) {
      out.notes.push(alias.note);
      out.questions.push(`${alias.note} Is that what you want?`);
    }
    return { ...a, action: alias.id, role: 'sink' };
  }
  if (!caps.actions.has('core.http_request')) {
    out.notes.push(`Atom has no ${a.action} action, so “${a.label}” was left out.`);
    return undefined;
  }
  const service = serviceOf(a.action);
  out.notes.push(`Atom has no ${service} action (${a.action}) to ${a.label}: this step calls ${service}'s API with a generic HTTP request instead (keep its key in a workflow secret).`);
  out.questions.push(`Which ${service} API address should the HTTP step call to ${a.label}? (Atom has no ${a.action} action.)`);
  return { action: 'core.http_request', input: {}, label: `${a.label} (HTTP request to ${service})`, at: a.at, role: 'sink' };
}

/**
 * Makes a vocabulary plan executable: every trigger and action it keeps exists in `caps`, what is missing is
 * said in notes and questions with the alternative used, and the data the steps need is read first (a list
 * step on a schedule, the file's content after a file trigger).
 */
export function groundPlan(text: string, trigger: PlannedTrigger | undefined, actions: PlannedAction[], caps: PlannerCapabilities, timezone: string): GroundedPlan {
  const out: GroundedPlan = { trigger, steps: [], notes: [], questions: [] };
  const poll = trigger ? groundTrigger(trigger, caps, timezone, out) : undefined;
  const acting = actions.map((a) => groundAction(a, caps, out)).filter((s): s is GroundedStep => !!s);

  const sources: GroundedStep[] = poll ? [poll] : [];
  const type = out.trigger?.structure.type ?? 'manual';
  if (!poll && (type === 'schedule' || type === 'manual')) {
    const span = trigger?.span;
    const outside = span ? text.slice(0, span[0]) + ' '.repeat(span[1] - span[0]) + text.slice(span[1]) : text;
    for (const s of sourcePhrases) {
      const m = s.pattern.exec(outside);
      if (!m || !caps.actions.has(s.action)) continue;
      const planned = [...acting, ...sources].map((x) => x.action);
      if (planned.includes(s.action) || (s.unless && planned.some((p) => s.unless!.test(p)))) continue;
      sources.push({ action: s.action, input: s.input?.(text, m) ?? {}, label: s.label, at: m.index, role: 'source' });
    }
    sources.sort((a, b) => a.at - b.at);
  }
  const event = out.trigger?.structure.event;
  const getFile = event ? fileTriggers[event] : undefined;
  const needsContent = acting.some((s) => s.role === 'ai' || /\.upload_file$/.test(s.action));
  const fetch: GroundedStep[] = getFile && needsContent && caps.actions.has(getFile) ? [{ action: getFile, input: { fileId: '{{ trigger.id }}', includeContent: true }, label: 'read the file', at: -1, role: 'fetch' }] : [];

  out.steps = [...sources, ...fetch, ...acting.filter((s) => s.role === 'ai'), ...acting.filter((s) => s.role === 'sink')];
  if (type === 'schedule' || type === 'manual') {
    const ai = out.steps.find((s) => s.role === 'ai');
    if (ai && !sources.length) out.questions.push(`What should the AI step ${ai.label.replace(/ with AI$/, '')}? Nothing before it reads any data; add a step that fetches it (for example an HTTP request to the service's API).`);
  }
  return out;
}
