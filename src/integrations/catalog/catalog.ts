import { z } from 'zod';
import { integrations } from '../registry.js';
import { catalogData } from './data/index.js';
import { serviceEntrySchema, type AuthKind, type ServiceCategory, type ServiceEntry } from './schema.js';

/**
 * The service catalog, validated once at load: a broken entry stops the process with the entry's id and
 * field, instead of surfacing later as a half-working connect button. Services that work with Atom bring
 * their entry in their object (registry.ts); catalog/data holds the rest (catalog only).
 */
function load(): ReadonlyMap<string, ServiceEntry> {
  const byId = new Map<string, ServiceEntry>();
  for (const raw of [...integrations.map((i) => i.catalog), ...catalogData]) {
    const parsed = serviceEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`catalog entry ${raw.id}: ${issue?.path.join('.')} ${issue?.message}`);
    }
    if (byId.has(parsed.data.id)) throw new Error(`catalog entry ${parsed.data.id} appears twice`);
    byId.set(parsed.data.id, parsed.data);
  }
  return byId;
}

const services = load();

export const allServices = (): ServiceEntry[] => [...services.values()];
export const findService = (id: string): ServiceEntry | undefined => services.get(id);

export const catalogQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  category: z.string().optional(),
  auth: z.string().optional(),
  connectable: z.enum(['true', 'false']).optional(),
});

export interface CatalogFilter {
  q?: string | undefined;
  category?: ServiceCategory | undefined;
  auth?: AuthKind | undefined;
  /** True: only services Atom can connect right now (credentials configured, or key/basic/none auth). */
  connectable?: boolean | undefined;
}

/**
 * Filters and ranks services: name matches first, then id, then description. `isConnectable` is
 * decided by the caller (it depends on which OAuth apps the admin configured).
 */
export function searchServices(filter: CatalogFilter, isConnectable: (s: ServiceEntry) => boolean): ServiceEntry[] {
  const q = filter.q?.toLowerCase();
  const scored: { s: ServiceEntry; score: number }[] = [];
  for (const s of services.values()) {
    if (filter.category && s.category !== filter.category) continue;
    if (filter.auth && s.auth.kind !== filter.auth) continue;
    if (filter.connectable !== undefined && isConnectable(s) !== filter.connectable) continue;
    let score = 0;
    if (q) {
      const name = s.name.toLowerCase();
      if (name === q || s.id === q) score = 100;
      else if (name.startsWith(q)) score = 50;
      else if (name.includes(q) || s.id.includes(q)) score = 30;
      else if (s.description.toLowerCase().includes(q) || s.category.includes(q)) score = 10;
      else continue;
    }
    scored.push({ s, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.s.name.localeCompare(b.s.name)).map((x) => x.s);
}
