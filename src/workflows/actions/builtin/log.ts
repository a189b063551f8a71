import { z } from 'zod';
import { defineAction } from '../types.js';

export const logAction = defineAction({
  id: 'core.log',
  title: 'Log',
  description: 'Write a line to the run timeline.',
  aiDescription: 'Use to record a note or value on the run timeline for people debugging the run; it has no other effect.',
  input: z.object({ message: z.string(), data: z.unknown().optional(), level: z.enum(['info', 'warn', 'error']).default('info') }),
  output: z.object({ logged: z.literal(true) }),
  idempotent: true,
  sideEffect: false,
  local: true,
  async run(ctx, i) {
    ctx.log(i.message, i.data === undefined ? undefined : { data: i.data, level: i.level });
    return { logged: true as const };
  },
});
