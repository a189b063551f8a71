import { isAppError, type AppContext } from '../../platform/index.js';
import { actionRegistry } from '../../workflows/index.js';
import { aiServices } from '../assistant.js';
import { agentPorts, type DraftSource } from '../chat/ports.js';
import type { WorkflowDraft } from './draft.js';
import { planWithModel } from './model-planner.js';
import { planOffline } from './offline-planner.js';
import { workflowContract } from './workflow-contract.js';

export interface DraftRequest {
  request: string;
  workspaceId: string;
  userId: string;
  /** Save the draft (inactive) through the workflows module. */
  save: boolean;
  timezone?: string | undefined;
  /** auto: the model when a key is set up, else the offline planner. */
  planner?: 'auto' | 'offline' | 'model' | undefined;
  model?: string | undefined;
  /** For the audit entry of a saved draft. */
  source?: DraftSource | undefined;
  actorType?: 'user' | 'token' | undefined;
}

/** Natural language → workflow draft: the model with a repair loop when a key is set up, else the offline planner. */
export function workflowDrafter(ctx: AppContext) {
  const ai = aiServices(ctx);
  return {
    async draft(q: DraftRequest): Promise<WorkflowDraft> {
      const timezone = q.timezone ?? 'UTC';
      const mode = q.planner ?? 'auto';
      let draft: WorkflowDraft | undefined;
      const fallbackNotes: string[] = [];
      if (mode !== 'offline') {
        const hasModel = await ai.runner.chainFor(q.workspaceId, q.userId, q.model).then(
          () => true,
          (err: unknown) => {
            if (mode === 'model') throw err;
            return false;
          },
        );
        if (hasModel) {
          try {
            const planned = await planWithModel(ai, { request: q.request, workspaceId: q.workspaceId, userId: q.userId, timezone, model: q.model, repairs: ctx.config.ATOM_AI_REPAIR_ATTEMPTS, actions: actionRegistry(ctx) });
            if (planned.status !== 'unsupported' || mode === 'model') {
              const { lastIssues, ...rest } = planned;
              draft = lastIssues ? { ...rest, notes: [...rest.notes, ...lastIssues.map((i) => `${i.field}: ${i.message}`)] } : rest;
            } else {
              fallbackNotes.push(`The model's workflow still did not validate after ${planned.attempts} attempts; this draft is from the offline planner.`);
            }
          } catch (err) {
            if (mode === 'model' || !isAppError(err)) throw err;
            fallbackNotes.push(`The model was not available (${err.message}); this draft is from the offline planner.`);
          }
        }
      }
      if (!draft) {
        const offline = planOffline(q.request, { timezone, knownActions: new Set(workflowContract(actionRegistry(ctx)).installedActions().map((a) => a.id)) });
        draft = { ...offline, notes: [...fallbackNotes, ...offline.notes] };
      }
      if (q.save && draft.definition && draft.status !== 'unsupported') {
        const desk = agentPorts(ctx).workflows;
        if (desk) draft = { ...draft, workflowId: (await desk.saveDraft({ workspaceId: q.workspaceId, userId: q.userId, name: draft.name, definition: draft.definition, source: q.source ?? 'from_text', ...(q.actorType ? { actorType: q.actorType } : {}) })).id };
        else draft = { ...draft, notes: [...draft.notes, 'Not saved: the workflows module is not connected yet.'] };
      }
      return draft;
    },
  };
}

