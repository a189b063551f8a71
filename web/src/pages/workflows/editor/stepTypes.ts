import type { StepJson } from '../../../../../src/collab/model';

/** Step types the editor can add, with the fields a new one starts with. */
export const stepTypes: { type: string; label: string; create: (id: string, firstAction?: string) => StepJson }[] = [
  { type: 'action', label: 'Action', create: (id, action) => ({ id, type: 'action', action: action ?? 'core.log', input: {} }) },
  { type: 'http', label: 'HTTP request', create: (id) => ({ id, type: 'http', input: { url: 'https://example.com' } }) },
  { type: 'transform', label: 'Transform (JSONata)', create: (id) => ({ id, type: 'transform', expression: 'trigger' }) },
  { type: 'set', label: 'Set variables', create: (id) => ({ id, type: 'set', values: {} }) },
  { type: 'if', label: 'If / else', create: (id) => ({ id, type: 'if', condition: 'true', then: [], else: [] }) },
  { type: 'switch', label: 'Switch', create: (id) => ({ id, type: 'switch', value: 'trigger.kind', cases: [{ when: 'a', steps: [] }], default: [] }) },
  { type: 'for_each', label: 'For each', create: (id) => ({ id, type: 'for_each', items: 'trigger.items', concurrency: 1, steps: [] }) },
  { type: 'parallel', label: 'Parallel branches', create: (id) => ({ id, type: 'parallel', branches: [[], []] }) },
  { type: 'delay', label: 'Delay', create: (id) => ({ id, type: 'delay', ms: 60_000 }) },
  { type: 'wait_for_approval', label: 'Wait for approval', create: (id) => ({ id, type: 'wait_for_approval', message: 'Please approve' }) },
  { type: 'ai', label: 'AI step', create: (id) => ({ id, type: 'ai', prompt: 'Summarise {{ trigger }}', output: 'text' }) },
  { type: 'memory_search', label: 'Memory search', create: (id) => ({ id, type: 'memory_search', query: '{{ trigger.query }}', limit: 10 }) },
  { type: 'sub_workflow', label: 'Sub-workflow', create: (id) => ({ id, type: 'sub_workflow', workflowId: '', input: {}, wait: true }) },
  { type: 'stop', label: 'Stop', create: (id) => ({ id, type: 'stop' }) },
  { type: 'fail', label: 'Fail', create: (id) => ({ id, type: 'fail', message: 'Failed' }) },
];

export const stepTypeLabel = (type: string) => stepTypes.find((t) => t.type === type)?.label ?? type;

/** A new step id not used yet: `<type>_<n>`. */
export function freshStepId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${type}_${n}`)) return `${type}_${n}`;
}

export const STEP_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
