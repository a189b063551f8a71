import type { Step } from './schema.js';

/** The step lists nested in a control-flow step, with the field name holding each. */
export function childLists(step: Step): { field: string; steps: Step[] }[] {
  const out: { field: string; steps: Step[] }[] = [];
  switch (step.type) {
    case 'if':
      out.push({ field: 'then', steps: step.then }, { field: 'else', steps: step.else });
      break;
    case 'switch':
      step.cases.forEach((c, i) => out.push({ field: `cases[${i}].steps`, steps: c.steps }));
      out.push({ field: 'default', steps: step.default });
      break;
    case 'for_each':
      out.push({ field: 'steps', steps: step.steps });
      break;
    case 'parallel':
      step.branches.forEach((b, i) => out.push({ field: `branches[${i}]`, steps: b }));
      break;
    default:
      break;
  }
  if (step.errorSteps) out.push({ field: 'errorSteps', steps: step.errorSteps });
  return out;
}

/** Every step of a definition, depth first, in the order a run meets them. */
export function* allSteps(steps: Step[]): Generator<Step> {
  for (const s of steps) {
    yield s;
    for (const c of childLists(s)) yield* allSteps(c.steps);
  }
}

export const findStep = (steps: Step[], id: string): Step | undefined => {
  for (const s of allSteps(steps)) if (s.id === id) return s;
  return undefined;
};
