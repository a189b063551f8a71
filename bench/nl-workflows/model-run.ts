import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aiServices, workflowDrafter, type PlanStructure } from '../../src/ai/index.js';
import { createContext, loadConfig, migrateToLatest } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { providerFetch } from '../../src/ai/providers/outbound.js';
import { probeKey } from '../../src/ai/providers/probe.js';
import type { ProviderId } from '../../src/ai/providers/catalog.js';

/** The model planner over a throw-away SQLite context holding the given key. */
export async function modelPlannerForBench(k: { provider: string; model: string; apiKey: string; baseUrl?: string | undefined }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'atom-bench-'));
  const ctx = createContext(loadConfig({ ATOM_DATA_DIR: dir, ATOM_LOG_LEVEL: 'warn', ...(process.env['ATOM_SSRF_ALLOW'] ? { ATOM_SSRF_ALLOW: process.env['ATOM_SSRF_ALLOW'] } : {}) }), { logger: createLogger({ level: 'warn', pretty: 'false' }) });
  await migrateToLatest(ctx.database);
  const ai = aiServices(ctx);
  const provider = k.provider as ProviderId;
  const creds = { provider, apiKey: k.apiKey, baseUrl: k.baseUrl ?? null, options: {} };
  const probe = await probeKey(creds, 15_000, providerFetch(ctx.config.ATOM_SSRF_ALLOW));
  await ai.keys.save({ workspaceId: 'bench', ownerUserId: null, provider, label: 'bench', baseUrl: k.baseUrl ?? null, options: {}, apiKey: k.apiKey, models: probe.models, createdBy: 'bench' });
  const drafter = workflowDrafter(ctx);
  return {
    plan: async (text: string): Promise<PlanStructure | null> =>
      (await drafter.draft({ request: text, workspaceId: 'bench', userId: 'bench', save: false, planner: 'model', model: `${k.provider}:${k.model}` })).structure,
    close: async () => {
      await ctx.lifecycle.shutdown(ctx.logger);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
