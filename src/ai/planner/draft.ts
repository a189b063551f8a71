// The draft shapes are API shapes: they live in src/shared/planner.ts (the web app reads them).
export {
  conditionSchema,
  planStructureSchema,
  workflowDraftSchema,
  type Condition,
  type PlanStructure,
  type WorkflowDraft,
} from '../../shared/planner.js';
