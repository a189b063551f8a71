import { randomUUID } from 'node:crypto';
import type { ModelMessage } from 'ai';

/**
 * The assistant without a model: a deterministic router that reads the conversation and answers the way
 * the model would, with text and tool calls, so every call goes through the agent's own loop (the same
 * tools, access checks, confirmation cards and stored history). It maps a message to one of a few intents
 * (draft a workflow, search documents, run a workflow, list failed runs, connect a service) and, once the
 * tool has answered, words the result from the result alone: no generated prose, passages quoted as found.
 */

export interface OfflineReply {
  text: string;
  toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
}

export type OfflineIntent =
  | { kind: 'failed'; sinceHours: number }
  | { kind: 'connect'; service: string }
  | { kind: 'run'; name: string }
  | { kind: 'automate' }
  | { kind: 'documents'; query: string }
  | { kind: 'help' };

/** Said once per conversation, the first time the offline assistant answers in it. */
export const MODEL_NOTE =
  'Atom is answering without an AI model: it matches your message to what it can do and quotes your documents as they are. ' +
  'With a model key it also answers in its own words from your documents (with sources), understands any phrasing, runs actions in your connected services, and explains failed runs. ' +
  'Add a key in [Settings → AI](/settings/ai).';
const NOTE_MARK = 'Atom is answering without an AI model';

export const HELP =
  'Without an AI model I can:\n' +
  '- draft a workflow from a request: “every Monday at 9am post a summary of new Drive files to #team”\n' +
  '- find passages in your documents: “what does the leave policy say about carry-over?”\n' +
  '- run a workflow: “run Weekly report”\n' +
  '- show what failed: “what failed today?”\n' +
  '- connect a service: “connect Slack”';

const AUTOMATION =
  /\b(every|each|whenever|daily|weekly|hourly|monthly|weekdays?|automat\w*|workflow|schedule[ds]?|remind me|(when|if|once) (a|an|new|i|someone|there|my|the)\b)/i;
const DELIVERY_VERB = /^\s*(please\s+)?(send|post|email|e-mail|notify|forward|remind|alert|create|save|copy|upload|message|text|add)\b/i;
const QUESTION = /\?\s*$|^\s*(what|who|whom|whose|which|when|where|why|how|is|are|was|were|do|does|did|can|could|should|tell me|find|search|look up|show me|list|summari[sz]e|explain)\b/i;

/** Words of a question that only frame it ("what do my documents say about …"). */
const stripQuestion = (t: string) =>
  t
    .replace(/^\s*(please\s+)?(search|find|look up)\s+(in\s+)?(my|our|the)?\s*(documents|docs|files|notes)?\s*(for|about)?\s*/i, '')
    .replace(/\b(in|from) (my|our|the) (documents|docs|files|notes)\b/gi, '')
    .replace(/[?!.]+\s*$/, '')
    .trim();

/** What the person asks for, from their words alone. */
export function classify(message: string): OfflineIntent {
  const t = message.replace(/\s+/g, ' ').trim();
  if (/^(hi|hello|hey|help|thanks|thank you|what can you do|who are you)\b[\s!?.]*$/i.test(t) || t.length < 2) return { kind: 'help' };
  if (/\b(fail(ed|ing|ures?)?|broke|broken|errors?)\b/i.test(t) && /\b(runs?|workflows?|today|yesterday|this week|what|which|any|show|list)\b/i.test(t) && !AUTOMATION.test(t)) {
    const sinceHours = /\bthis week\b/i.test(t) ? 24 * 7 : /\byesterday\b/i.test(t) ? 48 : 24;
    return { kind: 'failed', sinceHours };
  }
  const connect = /^(?:please\s+)?(?:connect|link|set up|hook up|add)\s+(?:to\s+)?(?:my\s+|a\s+|an\s+|our\s+)?(.+?)(?:\s+(?:account|connection|workspace|integration))?\s*[.!]*$/i.exec(t);
  if (connect && !AUTOMATION.test(t) && connect[1]!.split(' ').length <= 4 && (/^(connect|link|hook up)\b/i.test(t) || /\b(account|connection|integration)\b/i.test(t))) {
    return { kind: 'connect', service: connect[1]!.trim() };
  }
  const run = /^(?:please\s+)?(?:run|start|trigger|execute|kick off)\s+(?:the\s+|my\s+)?(?:workflow\s+)?["“']?(.+?)["”']?(?:\s+workflow)?(?:\s+now)?\s*[.!]*$/i.exec(t);
  // A workflow's name may hold "weekly" or "workflow"; only a schedule or an event makes it a new automation.
  if (run && !/\b(every|each|whenever|when|once|if)\b/i.test(t)) return { kind: 'run', name: run[1]!.trim() };
  if (AUTOMATION.test(t) || (DELIVERY_VERB.test(t) && !/\?\s*$/.test(t))) return { kind: 'automate' };
  if (QUESTION.test(t) || t.split(' ').length >= 2) return { kind: 'documents', query: stripQuestion(t) || t };
  return { kind: 'help' };
}

type Part = { type: string; text?: string; toolCallId?: string; toolName?: string; input?: unknown; output?: { value?: unknown } };
const partsOf = (m: ModelMessage): Part[] => (typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : (m.content as Part[]));
const textOf = (m: ModelMessage) =>
  partsOf(m)
    .filter((p) => p.type === 'text')
    .map((p) => p.text ?? '')
    .join('');
const resultOf = (m: ModelMessage | undefined) => (m?.role === 'tool' ? partsOf(m).find((p) => p.type === 'tool-result') : undefined);
const callInput = (messages: ModelMessage[], toolCallId: string): unknown =>
  messages.flatMap((m) => (m.role === 'assistant' ? partsOf(m) : [])).find((p) => p.type === 'tool-call' && p.toolCallId === toolCallId)?.input;

const call = (toolName: string, input: unknown) => ({ toolCallId: `offline-${randomUUID()}`, toolName, input });
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** Text from data (names, errors, passages) cannot form a link in the answer. */
const inert = (s: unknown) => String(s ?? '').replace(/\[/g, '(').replace(/\]/g, ')');

interface Draft {
  workflowId?: string;
  name?: string;
  summary?: string;
  status?: string;
  questions?: string[];
  unmapped?: string[];
  error?: string;
}

/** The request still waiting for answers: the last thing before this message was the planner asking. */
function pendingRequest(messages: ModelMessage[], lastUser: number): { request: string; questions: string[] } | undefined {
  for (let i = lastUser - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'user') return undefined;
    const r = resultOf(m);
    if (!r) continue;
    if (r.toolName !== 'create_workflow') return undefined;
    const d = (r.output?.value ?? {}) as Draft;
    if (d.workflowId || d.error || !d.questions?.length) return undefined;
    const input = callInput(messages, r.toolCallId ?? '') as { request?: unknown } | undefined;
    return typeof input?.request === 'string' ? { request: input.request, questions: d.questions } : undefined;
  }
  return undefined;
}

/**
 * The request with the person's answer read into it: appended to its last clause (the planner reads a
 * channel or recipient in the clause of its action), the answer's own clause breaks dropped.
 */
const completed = (request: string, answer: string) =>
  `${request.replace(/[.!?\s]+$/, '')} ${answer
    .replace(/[,;]|\.(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()}`;

/** The first step of a turn: which tool the message calls for (or a direct answer). */
function start(messages: ModelMessage[], lastUser: number, text: string): OfflineReply {
  const intent = classify(text);
  const waiting = pendingRequest(messages, lastUser);
  // An answer to the planner's questions goes back to the planner with the request it completes.
  if (waiting && (intent.kind === 'automate' || intent.kind === 'documents' || intent.kind === 'help')) {
    return { text: '', toolCalls: [call('create_workflow', { request: completed(waiting.request, text), askFirst: true })] };
  }
  switch (intent.kind) {
    case 'failed':
      return { text: '', toolCalls: [call('list_failed_runs', { sinceHours: intent.sinceHours })] };
    case 'connect':
      return { text: '', toolCalls: [call('connect_service', { service: intent.service })] };
    case 'run':
      return { text: '', toolCalls: [call('list_workflows', {})] };
    case 'automate':
      return { text: '', toolCalls: [call('create_workflow', { request: text.trim(), askFirst: true })] };
    case 'documents':
      return { text: '', toolCalls: [call('search_documents', { query: intent.query, limit: 5 })] };
    case 'help':
      return { text: HELP, toolCalls: [] };
  }
}

const refusedVerb: Record<string, string> = {
  create_workflow: 'draft that workflow',
  run_workflow: 'run that workflow',
  search_documents: 'search your documents',
  list_workflows: 'list workflows',
  list_failed_runs: 'list failed runs',
  connect_service: 'connect services',
};

/** A refusal or failure the agent recorded for a call, in plain words. */
const failure = (what: string, v: { error?: unknown }) => `I can't ${what}: ${inert(v.error)}`;

function afterDraft(v: Draft): string {
  if (v.error) return failure('draft that workflow', v);
  if (v.workflowId) {
    const open = v.status === 'needs_clarification' && v.questions?.length ? `\n\nBefore you activate it:\n${v.questions.map((q) => `- ${inert(q)}`).join('\n')}` : '';
    return `I drafted “${inert(v.name)}”: ${inert(v.summary)}\nIt is saved switched off: open it in the editor, try a dry run, then activate it.${open}`;
  }
  const questions = v.questions ?? [];
  if (questions.length) {
    const lead = v.status === 'unsupported' ? `${inert(v.summary)} ` : '';
    return `${lead}To draft this I need to know:\n${questions.map((q) => `- ${inert(q)}`).join('\n')}\n\nReply here and I will finish the draft.`;
  }
  return inert(v.summary ?? 'I could not draft a workflow from that.');
}

function afterSearch(query: string, v: { results?: { ref: number; title: string; excerpt: string }[]; error?: unknown }): string {
  if (v.error) return failure('search your documents', v);
  const results = v.results ?? [];
  if (results.length === 0) return `Nothing in your documents matches “${inert(clip(query, 120))}”. Add documents in [Memory](/memory), or ask me something else.\n\n${HELP}`;
  return `From your documents:\n\n${results.map((r) => `[${r.ref}] ${inert(r.title)}: “${inert(clip(r.excerpt.replace(/\s+/g, ' ').trim(), 500))}”`).join('\n\n')}`;
}

function afterList(name: string, v: { workflows?: { id: string; name: string; active: boolean }[]; error?: unknown }): OfflineReply {
  if (v.error) return { text: failure('list workflows', v), toolCalls: [] };
  const all = v.workflows ?? [];
  const wanted = norm(name);
  const exact = all.filter((w) => norm(w.name) === wanted);
  const found = exact.length ? exact : all.filter((w) => norm(w.name).includes(wanted));
  // No words of its own: the confirmation card names the workflow (and a refusal explains itself next).
  if (found.length === 1) return { text: '', toolCalls: [call('run_workflow', { workflowId: found[0]!.id })] };
  if (found.length > 1) return { text: `Several workflows match “${inert(name)}”: ${found.slice(0, 8).map((w) => `“${inert(w.name)}”`).join(', ')}. Say “run” and the full name.`, toolCalls: [] };
  const some = all.slice(0, 8).map((w) => `“${inert(w.name)}”`);
  return { text: `There is no workflow called “${inert(name)}” in this workspace.${some.length ? ` Your workflows: ${some.join(', ')}.` : ' It has no workflows yet: describe one and I will draft it.'}`, toolCalls: [] };
}

function afterRun(v: { runId?: string; cancelled?: boolean; error?: unknown }, name: string | undefined): string {
  if (v.cancelled) return 'Cancelled — nothing was done.';
  if (v.error || !v.runId) return failure('run that workflow', v.error ? v : { error: 'it did not start.' });
  return `Started${name ? ` “${inert(name)}”` : ''}: [open the run](/workflows/runs/${encodeURIComponent(v.runId)}).`;
}

function afterFailed(v: { sinceHours?: number; runs?: { runId: string; workflowId: string; workflowName: string; createdAt: string; error?: { message: string; stepId?: string } }[]; error?: unknown }): string {
  if (v.error) return failure('list failed runs', v);
  const runs = v.runs ?? [];
  const span = v.sinceHours === 24 || v.sinceHours === undefined ? 'the last 24 hours' : `the last ${v.sinceHours} hours`;
  if (runs.length === 0) return `No workflow run failed in ${span}.`;
  const lines = runs.map(
    (r) =>
      `- [${inert(r.workflowName)}](/workflows/w/${encodeURIComponent(r.workflowId)}) at ${r.createdAt.slice(0, 16).replace('T', ' ')} UTC${r.error ? `${r.error.stepId ? `, step ${inert(r.error.stepId)}` : ''}: ${inert(clip(r.error.message, 200))}` : ''} — [open the run](/workflows/runs/${encodeURIComponent(r.runId)})`,
  );
  return `${runs.length} run${runs.length === 1 ? '' : 's'} failed in ${span}:\n${lines.join('\n')}`;
}

function afterConnect(v: { name?: string; url?: string; error?: unknown; similar?: { name: string }[] }): string {
  if (v.url && v.name) return `Connect ${inert(v.name)} here: [Connect ${inert(v.name)}](${v.url}). You sign in with ${inert(v.name)} there; Atom keeps the token in its vault.`;
  const similar = v.similar?.length ? ` Did you mean ${v.similar.map((s) => inert(s.name)).join(', ')}?` : ' See every service in [Integrations](/integrations).';
  return `${inert(v.error ?? 'That service was not found.')}${similar}`;
}

/**
 * The next step of the offline assistant for a conversation whose last message is the person's, or a
 * tool result of this turn. Tool calls it returns run through the agent exactly like a model's.
 */
export function offlineReply(messages: ModelMessage[]): OfflineReply {
  const lastUser = messages.findLastIndex((m) => m.role === 'user');
  if (lastUser < 0) return { text: HELP, toolCalls: [] };
  const text = textOf(messages[lastUser]!);
  const noted = messages.some((m) => m.role === 'assistant' && textOf(m).includes(NOTE_MARK));
  const withNote = (r: OfflineReply): OfflineReply => (noted || r.toolCalls.length > 0 ? r : { ...r, text: `${r.text}\n\n${MODEL_NOTE}` });

  const turn = messages.slice(lastUser + 1);
  const last = resultOf(turn.findLast((m) => m.role === 'tool'));
  if (!last) return withNote(start(messages, lastUser, text));

  const value = (last.output?.value ?? {}) as Record<string, unknown>;
  // A call the access policy refused (recorded with its code by the agent's loop).
  if (typeof value['code'] === 'string' && value['error']) return withNote({ text: failure(refusedVerb[last.toolName ?? ''] ?? 'do that', value), toolCalls: [] });
  switch (last.toolName) {
    case 'create_workflow': {
      const d = value as Draft;
      const asked = callInput(messages, last.toolCallId ?? '') as { request?: string; askFirst?: boolean } | undefined;
      const before = pendingRequest(messages, lastUser);
      // The answer did not settle anything the planner asked: save the draft as it is, questions on its card.
      if (!d.workflowId && !d.error && asked?.askFirst && before && d.status === 'needs_clarification' && JSON.stringify(d.questions) === JSON.stringify(before.questions)) {
        return { text: '', toolCalls: [call('create_workflow', { request: asked.request, askFirst: false })] };
      }
      return withNote({ text: afterDraft(d), toolCalls: [] });
    }
    case 'search_documents': {
      const q = (callInput(messages, last.toolCallId ?? '') as { query?: string } | undefined)?.query ?? text;
      return withNote({ text: afterSearch(q, value as Parameters<typeof afterSearch>[1]), toolCalls: [] });
    }
    case 'list_workflows': {
      const intent = classify(text);
      return withNote(afterList(intent.kind === 'run' ? intent.name : text, value as Parameters<typeof afterList>[1]));
    }
    case 'run_workflow': {
      const id = (callInput(messages, last.toolCallId ?? '') as { workflowId?: string } | undefined)?.workflowId;
      const listed = turn.map(resultOf).find((r) => r?.toolName === 'list_workflows')?.output?.value as { workflows?: { id: string; name: string }[] } | undefined;
      return withNote({ text: afterRun(value, listed?.workflows?.find((w) => w.id === id)?.name), toolCalls: [] });
    }
    case 'list_failed_runs':
      return withNote({ text: afterFailed(value as Parameters<typeof afterFailed>[0]), toolCalls: [] });
    case 'connect_service':
      return withNote({ text: afterConnect(value as Parameters<typeof afterConnect>[0]), toolCalls: [] });
    default:
      return withNote({ text: value['error'] ? failure('do that', value) : 'Done.', toolCalls: [] });
  }
}
