import type { N8nExport } from './export-schema.js';

/** The `main` connections of an export as lookups: who feeds whom, by output and input index. */
export interface N8nGraph {
  /** Targets of one output of a node, in the export's order. */
  targets(name: string, output: number): string[];
  outputCount(name: string): number;
  /** Edges into a node: source and the input index they feed. */
  incoming(name: string): { from: string; input: number }[];
  /** Sources feeding a node that do not depend on it (loop back edges left out), among `live` nodes. */
  forwardSources(name: string): string[];
  reachableFrom(start: string[]): Set<string>;
}

export function buildGraph(exp: N8nExport, live: ReadonlySet<string>): N8nGraph {
  const out = new Map<string, string[][]>();
  const inc = new Map<string, { from: string; input: number }[]>();
  for (const [from, types] of Object.entries(exp.connections)) {
    if (!live.has(from)) continue;
    const outputs = (types['main'] ?? []).map((list) => (list ?? []).filter((t) => live.has(t.node)).map((t) => t.node));
    out.set(from, outputs);
    (types['main'] ?? []).forEach((list) => {
      for (const t of list ?? []) if (live.has(t.node)) inc.set(t.node, [...(inc.get(t.node) ?? []), { from, input: t.index }]);
    });
  }
  const reach = (start: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...start];
    while (stack.length) {
      const n = stack.pop() ?? '';
      if (seen.has(n)) continue;
      seen.add(n);
      for (const list of out.get(n) ?? []) stack.push(...list);
    }
    return seen;
  };
  const downstream = new Map<string, Set<string>>();
  const after = (n: string) => {
    let s = downstream.get(n);
    if (!s) downstream.set(n, (s = reach((out.get(n) ?? []).flat())));
    return s;
  };
  return {
    targets: (name, output) => out.get(name)?.[output] ?? [],
    outputCount: (name) => out.get(name)?.length ?? 0,
    incoming: (name) => inc.get(name) ?? [],
    forwardSources: (name) => [...new Set((inc.get(name) ?? []).map((e) => e.from))].filter((from) => !after(name).has(from)),
    reachableFrom: reach,
  };
}
