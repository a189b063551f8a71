import { businessServices } from './business.js';
import { operationsServices } from './operations.js';
import { workServices } from './work.js';
import { workspaceServices } from './workspace.js';

/**
 * The services Atom knows about but has no actions or triggers for yet (catalog only), as written; those that
 * work with Atom carry their entry in their folder (src/integrations/<service>/catalog.ts). `catalog.ts`
 * validates both once at load.
 */
export const catalogData = [...workspaceServices, ...workServices, ...businessServices, ...operationsServices];
