import { z } from 'zod';
import { CodeSyntaxError, compileCode } from '../../code/compile.js';
import { defineAction, nonRetryable } from '../types.js';

/**
 * `core.code`: JavaScript (TypeScript syntax welcome) run in a QuickJS sandbox with the step's `input`.
 * `code` is taken as written in the definition, never rendered as a template (`literalInput`), so run data
 * can never become code; `input` is rendered as usual, and it is the only way a secret reaches the code
 * (`"input": { "token": "{{ secrets.API_TOKEN }}" }`). console output goes to the step's log.
 */
export const codeAction = defineAction({
  id: 'core.code',
  title: 'Code',
  description: 'Run JavaScript (TypeScript syntax welcome) on the step input in a sandbox; returns JSON.',
  aiDescription:
    'Use for logic JSONata makes awkward (loops, string parsing, date arithmetic): `code` is the body of an async function of `input` that returns a JSON value. No network, files, timers or secrets inside: pass what it needs in `input` (e.g. {"items": "{{ steps.fetch.body.items }}"}). Prefer a transform step for simple reshaping and core.http_request for calls.',
  input: z.object({
    code: z.string().min(1).max(100_000).describe('Body of `async function (input)`: return a JSON value; console.log goes to the step log.'),
    input: z.unknown().optional().describe('The value the code gets as `input` (expressions allowed).'),
  }),
  output: z.unknown(),
  literalInput: ['code'],
  idempotent: true,
  sideEffect: false,
  // A syntax error is reported at activation, with its line, rather than on the first run.
  async checkInput(input) {
    if (typeof input['code'] !== 'string') return undefined;
    try {
      await compileCode(input['code']);
      return undefined;
    } catch (err) {
      if (err instanceof CodeSyntaxError) return { field: 'code', message: err.line ? `${err.message} (line ${err.line})` : err.message };
      throw err;
    }
  },
  async run(ctx, i) {
    // The sandbox belongs to the caller's app context (its limits and threads), never to this module.
    if (!ctx.runCode) throw nonRetryable('workflows.code.unavailable', 'Code steps cannot run here (no code sandbox was given to this call).');
    const { output } = await ctx.runCode(i.code, i.input, {
      signal: ctx.signal,
      onLogs: (logs, dropped) => {
        for (const line of logs) ctx.log(line.message, { level: line.level, source: 'console' });
        if (dropped > 0) ctx.log(`${dropped} more console line(s) dropped (the step log keeps the first 32 KiB).`, { level: 'warn', source: 'console' });
      },
    });
    return output;
  },
});
