import { z } from 'zod';
import { workflowView } from './workflows.js';

/** n8n import shapes: the report and POST /api/workflows/import/n8n's answer (server response schemas; the web app imports their types). zod only. */

/** What an n8n import did with each node, and what the workspace must provide before the draft runs. */
export const importReportSchema = z.object({
  trigger: z.object({ node: z.string().nullable(), n8nType: z.string().nullable(), atomType: z.string(), note: z.string().optional() }),
  mapped: z.array(z.object({ node: z.string(), type: z.string(), stepId: z.string(), stepType: z.string(), note: z.string().optional() })),
  /** Nodes left as placeholder steps (a `core.log` warning named "n8n placeholder: …"), or skipped. */
  unmapped: z.array(z.object({ node: z.string(), type: z.string(), reason: z.string(), stepId: z.string().optional() })),
  /** Connections to create in Atom (credentials are never imported): by Atom service, with the n8n type. */
  connectionsToCreate: z.array(z.object({ service: z.string(), n8nCredentialType: z.string(), usedBy: z.array(z.string()) })),
  /** Workflow secrets an HTTP step expects (the n8n credential held an API key or token). */
  secretsToCreate: z.array(z.object({ name: z.string(), n8nCredentialType: z.string(), usedBy: z.array(z.string()) })),
  expressionWarnings: z.array(z.object({ node: z.string(), field: z.string(), expression: z.string(), reason: z.string() })),
  /** Other differences worth a look (batch sizes, options Atom has no equivalent for). */
  notes: z.array(z.object({ node: z.string(), note: z.string() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/** POST /api/workflows/import/n8n: the saved draft (null when not saved), its definition and the report. */
export const n8nImportResultSchema = z.object({ workflow: workflowView.nullable(), definition: z.unknown(), report: importReportSchema });
export type N8nImportResult = z.infer<typeof n8nImportResultSchema>;
