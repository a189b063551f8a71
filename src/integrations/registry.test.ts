import { describe, expect, it } from 'vitest';
import { actionPhrases, triggerPhrases } from '../ai/planner/vocabulary.js';
import { allServices, findService } from './catalog/index.js';
import { catalogData } from './catalog/data/index.js';
import { providerQuirks } from './oauth/providers.js';
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
