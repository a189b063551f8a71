import { businessServices } from './business.js';
import { operationsServices } from './operations.js';
import { workServices } from './work.js';
import { workspaceServices } from './workspace.js';

/** Every service Atom knows about, as written; `catalog.ts` validates it once at load. */
export const catalogData = [...workspaceServices, ...workServices, ...businessServices, ...operationsServices];
