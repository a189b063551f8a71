// The one place the planner touches the workflows domain (through its public index): the definition
// schema, the validator and the action registry; and the integration triggers that exist.
import { integrationTriggers } from '../../integrations/index.js';
import { validateDefinition, workflowDefinitionSchema, workflowJsonSchema, type ActionRegistry } from '../../workflows/index.js';

export interface ContractIssue {
  code: string;
  field: string;
  message: string;
}

export interface ActionSummary {
  id: string;
  description: string;
}

/**
 * The workflow contract the planner writes against, over the action registry its caller passes in (the
 * context's, `actionRegistry(ctx)`, for the app).
 */
export function workflowContract(actions: ActionRegistry) {
  return {
    jsonSchema: () => workflowJsonSchema(),
    parse: (raw: unknown) => workflowDefinitionSchema.safeParse(raw),
    validate: (raw: unknown): Promise<ContractIssue[]> => validateDefinition(raw, { actions }),
    installedActions: (): ActionSummary[] => actions.list().map((a) => ({ id: a.id, description: a.aiDescription ?? a.description })),
    installedTriggers: (): ActionSummary[] => integrationTriggers.map((t) => ({ id: t.id, description: t.aiDescription ?? t.description })),
  };
}

export type WorkflowContract = ReturnType<typeof workflowContract>;
