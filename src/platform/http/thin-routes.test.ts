import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../../', import.meta.url));

/** Every file under `dir` whose name says it holds routes (`routes.ts`, `run-routes.ts`…), tests left out. */
function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name.includes('routes') && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The query-builder calls that write SQL; a route asks a repository (`<thing>-repository.ts`) instead. */
const sqlCall = /\.\s*(selectFrom|insertInto|updateTable|deleteFrom)\s*\(/g;

/** `file:line: call` for each query-builder call in the text. */
function sqlCallsIn(path: string, text: string): string[] {
  return [...text.matchAll(sqlCall)].map((m) => `${relative(srcDir, path)}:${text.slice(0, m.index).split('\n').length}: ${m[1]}`);
}

describe('routes are thin (issue #20)', () => {
  it('finds the query-builder calls it looks for', () => {
    expect(sqlCallsIn(join(srcDir, 'x-routes.ts'), "await ctx.db\n  .selectFrom('t')\nawait db.deleteFrom('t')")).toEqual(['x-routes.ts:2: selectFrom', 'x-routes.ts:3: deleteFrom']);
  });

  it('no route file under src writes SQL: the queries live in the repository of their table', () => {
    const files = routeFiles(srcDir);
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap((f) => sqlCallsIn(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});
