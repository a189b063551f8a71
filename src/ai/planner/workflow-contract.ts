// The one place the planner touches the workflows domain: its definition schema, validator and action
// registry. When src/workflows gains a public index.ts, only these imports change.
import { actionRegistry } from '../../workflows/actions/default-registry.js';
import { validateDefinition } from '../../workflows/definition/validate.js';
import { workflowDefinitionSchema, workflowJsonSchema } from '../../workflows/definition/schema.js';

export interface ContractIssue {
  code: string;
  field: string;
  message: string;
}

export interface ActionSummary {
  id: string;
  description: string;
}

/** The workflow contract the planner writes against. */
export const workflowContract = {
  jsonSchema: () => workflowJsonSchema(),
  parse: (raw: unknown) => workflowDefinitionSchema.safeParse(raw),
  validate: (raw: unknown): Promise<ContractIssue[]> => validateDefinition(raw, { actions: actionRegistry }),
  installedActions: (): ActionSummary[] => actionRegistry.list().map((a) => ({ id: a.id, description: a.aiDescription ?? a.description })),
};
