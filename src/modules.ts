import { actionsModule } from './actions.js';
import { aiModule } from './ai/index.js';
import { memoryModule, type Memory } from './memory/index.js';
import type { AppContext, AtomModule } from './platform/index.js';
import { retentionModule } from './retention/index.js';
import { workflowsModule } from './workflows/index.js';

/** What every process shares between its modules: one Memory (one LanceDB connection). */
export interface ProcessDeps {
  memory: Memory;
}

/**
 * The domains with registrations (workflow actions, retention classes) and background workers, in order.
 * `atom serve` (src/app.ts) and `atom worker` (src/worker.ts) install the same list, so a run or a purge
 * sees the same actions and classes wherever it executes. Nothing registers itself on import.
 */
export const domainModules: readonly AtomModule<ProcessDeps>[] = [actionsModule, retentionModule, aiModule, workflowsModule, memoryModule];

/** Calls each module's `install` for this context (once per context; a second call only re-adds by name). */
export function installModules(ctx: AppContext, deps: ProcessDeps): void {
  for (const m of domainModules) m.install?.(ctx, deps);
}
