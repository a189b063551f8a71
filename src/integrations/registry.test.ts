import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverIntegrations, exportNameOf, generatedFile, integrationsDir, renderRegistry } from '../../scripts/gen-integrations.mjs';
import { actionPhrases, triggerPhrases } from '../ai/planner/vocabulary.js';
import { allServices, findService } from './catalog/index.js';
import { catalogData } from './catalog/data/index.js';
import { providerQuirks } from './oauth/providers.js';
import type { Integration } from './kit/integration.js';
import { foldersWithoutIntegration } from './registry.generated.js';
import { declaredService, integrationActions, integrations, integrationTriggers, piecesOf, serviceProfile } from './registry.js';

/** An integration is one folder: everything Atom knows of a working service comes from its object in the registry. */
describe('integration registry', () => {
  const ids = integrations.map((i) => i.id);

  it("makes the catalog's 'works with Atom' set exactly the registry's services", () => {
    const works = allServices().filter((s) => piecesOf(s.id).actions.length + piecesOf(s.id).triggers.length > 0);
    expect(new Set(works.map((s) => s.id))).toEqual(new Set(ids));
    expect(ids.length).toBeGreaterThanOrEqual(54);
    // Catalog-only data holds no working service: each is listed once, from its folder.
    for (const raw of catalogData) expect(ids, `${raw.id} is in catalog/data and the registry`).not.toContain(raw.id);
    for (const i of integrations) expect(findService(i.id)?.name).toBe(i.catalog.name);
  });

  it('takes every action and trigger from its service object, each id once', () => {
    expect(integrationActions).toEqual(integrations.flatMap((i) => i.actions));
    expect(integrationTriggers).toEqual(integrations.flatMap((i) => i.triggers));
    for (const p of [...integrationActions, ...integrationTriggers]) expect(ids).toContain(p.service);
    const all = [...integrationActions, ...integrationTriggers].map((p) => p.id);
    expect(new Set(all).size).toBe(all.length);
  });

  it('finds profiles, connection settings and OAuth quirks in the service objects (nothing registers on import)', () => {
    for (const i of integrations) {
      expect(serviceProfile(i.id)).toBe(i.profile);
      expect(declaredService(i.id)).toBe(i.connection);
      if (i.oauth) expect(providerQuirks[i.oauth.id]?.id).toBe(i.oauth.id);
    }
    expect(serviceProfile('slack')?.readFault).toBeTypeOf('function');
    expect(declaredService('postgresql')?.settings).toBeDefined();
    expect(serviceProfile('bamboohr')).toBeUndefined();
    // Every OAuth provider a catalog entry names has its quirks, or is plain OAuth 2.
    const named = new Set(allServices().flatMap((s) => (s.auth.kind === 'oauth2' && s.auth.provider ? [s.auth.provider] : [])));
    for (const p of named) expect(Object.keys(providerQuirks), p).toContain(p);
  });

  it("merges the services' planner phrases in rank order", () => {
    for (const i of integrations) {
      for (const p of i.vocabulary.triggers) expect(triggerPhrases).toContain(p);
      for (const p of i.vocabulary.actions) expect(actionPhrases).toContain(p);
    }
    for (const list of [triggerPhrases, actionPhrases]) {
      const ranks = list.map((p) => p.rank);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(new Set(ranks).size).toBe(ranks.length);
    }
  });
});

/** Adding a service touches only its folder: the list is generated from the folders (scripts/gen-integrations.mjs). */
describe('generated integration list', () => {
  const isIntegration = (v: unknown): v is Integration =>
    typeof v === 'object' && v !== null && 'catalog' in v && 'vocabulary' in v && 'builtins' in v && 'actions' in v && 'triggers' in v;

  it('is every folder whose index.ts exports an integration, by folder name, and names the folders that export none', async () => {
    const { services, others } = discoverIntegrations();
    const exporting: string[] = [];
    for (const folder of [...services.map((s) => s.folder), ...others]) {
      // Read independently of the generator's text scan: what the module really exports.
      const mod: Record<string, unknown> = await import(`./${folder}/index.ts`);
      const found = Object.entries(mod).filter(([, v]) => isIntegration(v));
      if (found.length === 0) continue;
      exporting.push(folder);
      expect(found.map(([name]) => name), `${folder}/index.ts`).toEqual([exportNameOf(folder)]);
      expect(integrations, `${folder} is in the list`).toContain(found[0]?.[1]);
    }
    expect(integrations.length).toBe(exporting.length);
    expect(services.map((s) => s.folder)).toEqual(exporting);
    expect(exporting).toEqual([...exporting].sort());
    expect(exporting).toContain('http-request');
    // Shared code, not services; a new service folder without the conventional export would show up here.
    expect(foldersWithoutIntegration).toEqual(['catalog', 'http', 'kit', 'oauth']);
    expect(others).toEqual(foldersWithoutIntegration);
  });

  it('is up to date with the folders on disk', () => {
    expect(readFileSync(generatedFile, 'utf8')).toBe(renderRegistry(discoverIntegrations(integrationsDir)));
  });

  it('takes a new folder alone, and stops with the folder named when its export is misnamed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atom-gen-integrations-'));
    try {
      const write = (folder: string, text: string) => {
        mkdirSync(path.join(dir, folder), { recursive: true });
        writeFileSync(path.join(dir, folder, 'index.ts'), text);
      };
      write('kit', "export { defineIntegration } from './integration.js';\n");
      write('zeta-crm', 'export const zetaCrmIntegration = defineIntegration({ catalog });\n');
      write('acme', 'export const acmeIntegration = defineIntegration({ catalog });\n');
      mkdirSync(path.join(dir, 'no-index'));
      const found = discoverIntegrations(dir);
      expect(found).toEqual({ services: [{ folder: 'acme', exportName: 'acmeIntegration' }, { folder: 'zeta-crm', exportName: 'zetaCrmIntegration' }], others: ['kit'] });
      const text = renderRegistry(found);
      expect(text).toContain("import { zetaCrmIntegration } from './zeta-crm/index.js';");
      expect(text).toMatch(/\[\n {2}acmeIntegration,\n {2}zetaCrmIntegration,\n\]/);

      write('zeta-crm', 'export const zetaIntegration = defineIntegration({ catalog });\n');
      expect(() => discoverIntegrations(dir)).toThrow('src/integrations/zeta-crm/index.ts calls defineIntegration but does not export it as `export const zetaCrmIntegration');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
