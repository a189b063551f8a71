import { RE2JS } from 're2js';

/**
 * The RegExp subset JSONata uses (`lastIndex` + `exec`), backed by RE2: matching takes linear time, so
 * a regex like /(a+)+$/ cannot stall the event loop (a native backtracking match can't be interrupted
 * by the expression timeout). RE2 has no backreferences or lookaround; such patterns fail to compile
 * and the expression fails with a coded error.
 */
export class LinearRegExp {
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(pattern: RegExp) {
    let flags = 0;
    if (pattern.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
    if (pattern.flags.includes('m')) flags |= RE2JS.MULTILINE;
    if (pattern.flags.includes('s')) flags |= RE2JS.DOTALL;
    this.re = RE2JS.compile(pattern.source, flags);
  }

  exec(input: string): RegExpExecArray | null {
    const m = this.re.matcher(input);
    if (this.lastIndex > input.length || !m.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [];
    for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i) ?? undefined);
    const result = Object.assign(groups, { index: m.start(), input, groups: undefined }) as unknown as RegExpExecArray;
    this.lastIndex = m.end();
    return result;
  }
}
