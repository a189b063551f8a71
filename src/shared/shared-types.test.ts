import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The web app reads API shapes from src/shared/ (type-only imports of their z.infer types). A page that
// declares its own interface or type under a shared type's name is a copy that can drift from what the
// server sends: this test names every such declaration.

const root = join(import.meta.dirname, '..', '..');
const sharedDir = join(root, 'src', 'shared');
const webDir = join(root, 'web', 'src');

function files(dir: string, ok: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p, ok);
    return ok(e.name) ? [p] : [];
  });
}

/** Names of the types src/shared exports (`export type X = z.infer<...>` and the like). */
function sharedTypeNames(): Set<string> {
  const names = new Set<string>();
  for (const f of files(sharedDir, (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/^export type (\w+)\b/gm)) names.add(m[1]!);
  }
  return names;
}

/** `interface X` or `type X =` declared in a web file (re-exports and aliased imports are not declarations). */
function webDeclarations(): { file: string; name: string }[] {
  return files(webDir, (n) => /\.tsx?$/.test(n)).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/^(?:export )?(?:interface (\w+)\b|type (\w+)\s*(?:<[^=]*>)?\s*=)/gm)].map((m) => ({ file: relative(root, f), name: (m[1] ?? m[2])! })),
  );
}

/** Same name, different thing: declarations that are not copies of the shared type. */
const unrelated: Record<string, string[]> = {
  // The collab socket's state (connecting/connected), not a service connection's health.
  'web/src/pages/workflows/editor/useDraft.ts': ['ConnectionStatus'],
};

describe('web types come from src/shared', () => {
  it('finds the shared types it guards', () => {
    const names = sharedTypeNames();
    for (const n of ['AiSettings', 'RetentionSettings', 'OAuthGrant', 'ServiceDetail', 'MessageView', 'Onboarding', 'VersionDiff', 'RealtimeEvent']) expect(names).toContain(n);
  });

  it('no web file declares an interface or type named like a shared one', () => {
    const names = sharedTypeNames();
    const copies = webDeclarations().filter((d) => names.has(d.name) && !unrelated[d.file]?.includes(d.name));
    expect(copies).toEqual([]);
  });
});
