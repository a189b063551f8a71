import { z } from 'zod';
import { defineAction } from '../types.js';

/** The identity on a value: useful with `{{ }}` inputs to reshape data with JSONata as an action. */
export const transformAction = defineAction({
  id: 'core.transform',
  title: 'Transform',
  description: 'Reshape data with a JSONata expression.',
  aiDescription: 'Use to compute a value from earlier steps with JSONata, e.g. {"value": "{{ steps.fetch.body.items[price > 100] }}"}.',
  input: z.object({ value: z.unknown() }),
  output: z.unknown(),
  idempotent: true,
  sideEffect: false,
  local: true,
  async run(_ctx, i) {
    return i.value;
  },
});
