import type { ImportReport } from '../../../shared/workflow-import.js';

// The report is an API shape: it lives in src/shared/workflow-import.ts (the web app reads it).
export { importReportSchema, type ImportReport } from '../../../shared/workflow-import.js';

export function emptyReport(): ImportReport {
  return { trigger: { node: null, n8nType: null, atomType: 'manual' }, mapped: [], unmapped: [], connectionsToCreate: [], secretsToCreate: [], expressionWarnings: [], notes: [] };
}
