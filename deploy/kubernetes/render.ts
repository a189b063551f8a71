// Renders the typed manifests to deploy/kubernetes/*.yaml.
//   npx tsx deploy/kubernetes/render.ts          write the files
//   npx tsx deploy/kubernetes/render.ts --check  exit 1 when the committed YAML differs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { kustomization, manifestFiles } from './manifests/index.js';

const HEADER = '# Generated from deploy/kubernetes/manifests/*.ts by deploy/kubernetes/render.ts: edit the TypeScript.\n';

export const renderDir = fileURLToPath(new URL('.', import.meta.url));

/** File name → YAML text, for every file of the kustomize base. */
export function renderKubernetes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, objects] of Object.entries(manifestFiles)) {
    out[file] = HEADER + objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
  }
  out['kustomization.yaml'] = HEADER + stringify(kustomization, { lineWidth: 0 });
  return out;
}

/** Files whose committed text differs from a fresh render. */
export function staleKubernetesFiles(): string[] {
  return Object.entries(renderKubernetes())
    .filter(([file, text]) => {
      try {
        return readFileSync(`${renderDir}${file}`, 'utf8') !== text;
      } catch {
        return true;
      }
    })
    .map(([file]) => file);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = staleKubernetesFiles();
    if (stale.length) {
      console.error(`deploy/kubernetes: ${stale.join(', ')} differ from the TypeScript; run npx tsx deploy/kubernetes/render.ts`);
      process.exit(1);
    }
    console.log('deploy/kubernetes: rendered YAML is up to date');
  } else {
    for (const [file, text] of Object.entries(renderKubernetes())) writeFileSync(`${renderDir}${file}`, text);
    console.log(`deploy/kubernetes: wrote ${Object.keys(renderKubernetes()).join(', ')}`);
  }
}
