import { createHash } from 'node:crypto';
import { SourceMap } from 'node:module';
import { transform, type TransformFailure } from 'esbuild';
import { boundedMemo } from '../../platform/memo.js';

/** A code step's source turned into the script the sandbox runs. */
export interface CompiledCode {
  /** A script whose value is `async function (input) { <the step's code> }`. */
  script: string;
  /** The line of the step's code that a `code.js` line:column of the script came from. */
  sourceLine(line: number, column: number): number | undefined;
}

/** A syntax error in the step's code, with the line of that code it is on. */
export class CodeSyntaxError extends Error {
  override readonly name = 'CodeSyntaxError';
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Strips TypeScript syntax (esbuild, types only: no bundling, no imports resolved) and wraps the code in an
 * async function, so it may `return` its result and `await` at its top level. The wrapper adds one line
 * before the code; the source map brings error positions back to the code as written.
 *
 * @example
 * const { script } = await compileCode('const n: number = input.count; return { double: n * 2 };');
 */
export const compileCode = (code: string): Promise<CompiledCode> => compiled(code);

// The same code runs on every run of a workflow: compile it once per process (pure work, the same result in
// every app context; a syntax error is not remembered). Keyed by a hash so the memo holds no code text twice.
const compiled = boundedMemo(compileUncached, { max: 256, key: (code) => createHash('sha256').update(code).digest('base64url') });

async function compileUncached(code: string): Promise<CompiledCode> {
  const wrapped = `(async function (input) {\n${code}\n})`;
  let out: { code: string; map: string };
  try {
    out = await transform(wrapped, { loader: 'ts', sourcemap: 'external', sourcefile: 'code.ts', target: 'es2023', logLevel: 'silent' });
  } catch (err) {
    const first = (err as Partial<TransformFailure>).errors?.[0];
    if (!first) throw err;
    const line = first.location ? first.location.line - 1 : undefined;
    throw new CodeSyntaxError(`SyntaxError: ${first.text}`, line !== undefined && line >= 1 ? line : undefined);
  }
  const map = new SourceMap(JSON.parse(out.map) as ConstructorParameters<typeof SourceMap>[0]);
  const result: CompiledCode = {
    script: out.code,
    sourceLine(line, column) {
      const entry = map.findEntry(line - 1, Math.max(0, column - 1)) as { originalLine?: number };
      // originalLine is 0-based in the wrapped source, whose line 0 is the wrapper: it is the code's 1-based line.
      return entry.originalLine !== undefined && entry.originalLine >= 1 ? entry.originalLine : undefined;
    },
  };
  return result;
}
