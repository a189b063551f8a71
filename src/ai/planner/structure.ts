import type { Condition, PlanStructure } from './draft.js';

type StepLike = { type?: unknown; action?: unknown; prompt?: unknown; condition?: unknown; then?: unknown; else?: unknown; steps?: unknown; branches?: unknown; cases?: unknown; default?: unknown };

const aiVerb = (prompt: string) =>
  /summar|digest|recap/i.test(prompt) ? 'ai.summarize' : /extract|pull out|parse/i.test(prompt) ? 'ai.extract' : /classif|categor|triage/i.test(prompt) ? 'ai.classify' : 'ai.generate';

/** `trigger.amount > 10000`, `$contains($lowercase($string(trigger.subject)), "invoice")` → conditions. */
function conditionsOf(expr: string): Condition[] {
  const out: Condition[] = [];
  for (const m of expr.matchAll(/trigger\.([\w.]+)\s*(>=|<=|!=|>|<|=)\s*("[^"]*"|[\d.]+)/g)) {
    const raw = m[3]!;
    out.push({ field: m[1]!.split('.').pop()!, op: (m[2] === '=' ? '==' : m[2]) as Condition['op'], value: raw.startsWith('"') ? raw.slice(1, -1).toLowerCase() : Number(raw) });
  }
  for (const m of expr.matchAll(/\$contains\((?:\$lowercase\()?(?:\$string\()?trigger\.([\w.]+)\)*\s*,\s*"([^"]*)"\)/g)) {
    out.push({ field: m[1]!.split('.').pop()!, op: 'contains', value: m[2]!.toLowerCase() });
  }
  return out;
}

/** The comparable structure of any workflow definition (what the benchmark scores). */
export function structureOf(definition: Record<string, unknown>): PlanStructure {
  const t = (definition.trigger ?? {}) as Record<string, unknown>;
  const type = (['manual', 'schedule', 'webhook', 'integration', 'memory_event'].includes(String(t.type)) ? t.type : 'manual') as PlanStructure['trigger']['type'];
  const trigger: PlanStructure['trigger'] = { type };
  if (type === 'schedule') {
    if (typeof t.cron === 'string') trigger.cron = t.cron;
    if (typeof t.everyMinutes === 'number') trigger.everyMinutes = t.everyMinutes;
  }
  if (type === 'integration' && typeof t.trigger === 'string') trigger.event = t.trigger;
  const actions: string[] = [];
  const conditions: Condition[] = [];
  const walk = (steps: unknown) => {
    if (!Array.isArray(steps)) return;
    for (const s of steps as StepLike[]) {
      if (s.type === 'action' && typeof s.action === 'string') actions.push(s.action);
      else if (s.type === 'http') actions.push('core.http_request');
      else if (s.type === 'ai') actions.push(aiVerb(String(s.prompt ?? '')));
      if (s.type === 'if' && typeof s.condition === 'string') conditions.push(...conditionsOf(s.condition));
      walk(s.then);
      walk(s.else);
      walk(s.steps);
      walk(s.default);
      if (Array.isArray(s.branches)) for (const b of s.branches) walk(b);
      if (Array.isArray(s.cases)) for (const c of s.cases as { steps?: unknown }[]) walk(c.steps);
    }
  };
  walk(definition.steps);
  return { trigger, actions, conditions };
}
