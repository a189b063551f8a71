// The one place the planner touches the workflows domain (through its public index): the definition
// schema, the validator and the action registry; and the integration triggers that exist.
import { integrationTriggers } from '../../integrations/index.js';
import { actionRegistry, validateDefinition, workflowDefinitionSchema, workflowJsonSchema } from '../../workflows/index.js';

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
  installedTriggers: (): ActionSummary[] => integrationTriggers.map((t) => ({ id: t.id, description: t.aiDescription ?? t.description })),
};
