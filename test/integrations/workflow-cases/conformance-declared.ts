import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RestService } from '../../../src/integrations/kit/rest.js';

const root = resolve(import.meta.dirname, '../../../src/integrations');
const declaration = /describeConformance(?:<[^>]*>)?\(\{\s*service:\s*(\w+)/g;
const imports = /import\s*\{([^}]*)\}\s*from\s*'(\.[^']+)'/g;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

/**
 * The REST services a conformance suite is declared for, as the service objects themselves (imported from
 * where the test file imports them), so the guard compares pieces by identity, not by name.
 */
export async function conformanceServices(): Promise<{ file: string; service: RestService }[]> {
  const found: { file: string; service: RestService }[] = [];
  for (const file of testFiles(root)) {
    const text = readFileSync(file, 'utf8');
    for (const [, name] of text.matchAll(declaration)) {
      const from = [...text.matchAll(imports)].find(([, names]) => names!.split(',').some((n) => n.trim() === name));
      if (!from) throw new Error(`${file}: cannot find where ${name} is imported from`);
      const mod = (await import(resolve(dirname(file), from[2]!).replace(/\.js$/, '.ts'))) as Record<string, unknown>;
      const service = mod[name!] as RestService | undefined;
      if (!service?.operations) throw new Error(`${file}: ${name} is not a REST service`);
      found.push({ file, service });
    }
  }
  return found;
}
