import { createHash } from 'node:crypto';
import { evaluateExpression } from '../definition/expressions.js';
import type { Trigger } from '../definition/schema.js';
import type { WorkflowEngine } from './engine.js';

export interface MemoryEvent {
  workspaceId: string;
  type: 'document.created' | 'document.updated' | 'document.deleted';
  document: Record<string, unknown>;
}

/** An event an integration trigger produced (a poll found it, or the service pushed it). */
export interface IntegrationEvent {
  workspaceId: string;
  /** Integration trigger id, e.g. `drive.new_file`. */
  trigger: string;
  connectionId?: string;
  /**
   * The workflow whose trigger config was polled: its events start only that workflow, since another workflow
   * with the same trigger may watch something else (another table, channel or feed) through the same connection.
   */
  workflowId?: string;
  /** Dedupe key from the service (message id, file id + revision): the same event never starts two runs. */
  eventId: string;
  data: unknown;
}

/** An active workflow whose trigger an integration must poll or subscribe to. */
export interface TriggerSubscription {
  workspaceId: string;
  workflowId: string;
  trigger: Extract<Trigger, { type: 'integration' }>;
  /** The published version's author: the trigger polls as them (absent: shared connections only). */
  author?: string;
}

/**
 * Turns events into runs: memory events (from the memory domain) and integration trigger events (from
 * the integrations domain, which polls or receives pushes for the subscriptions listed here).
 */
export function createEventDispatch(engine: WorkflowEngine) {
  const activeWith = async <T extends Trigger['type']>(type: T, workspaceId?: string) =>
    (await engine.workflows.listActivePublished()).filter((w) => w.definition.trigger.type === type && (!workspaceId || w.workflow.workspaceId === workspaceId));

  return {
    async memoryEvent(event: MemoryEvent): Promise<string[]> {
      const started: string[] = [];
      for (const w of await activeWith('memory_event', event.workspaceId)) {
        const t = w.definition.trigger as Extract<Trigger, { type: 'memory_event' }>;
        if (!t.events.includes(event.type)) continue;
        if (t.filter && !(await evaluateExpression(t.filter, { type: event.type, document: event.document }).catch(() => false))) continue;
        const run = await engine.startRun({ workspaceId: event.workspaceId, workflowId: w.workflow.id, version: w.version, triggerType: 'memory_event', triggerData: { type: event.type, document: event.document } });
        started.push(run.id);
      }
      return started;
    },

    async integrationEvent(event: IntegrationEvent): Promise<string[]> {
      const started: string[] = [];
      for (const w of await activeWith('integration', event.workspaceId)) {
        const t = w.definition.trigger as Extract<Trigger, { type: 'integration' }>;
        if (t.trigger !== event.trigger || (t.connectionId && event.connectionId && t.connectionId !== event.connectionId)) continue;
        if (event.workflowId && event.workflowId !== w.workflow.id) continue;
        // A deterministic run id per (workflow, event), so the runs' primary key makes a re-delivered event
        // (a poll repeated by the replica that took a trigger over) start nothing. Hashed whole: a prefix of
        // the id text made different events of one workflow collide and be dropped.
        const runId = `run_evt_${createHash('sha256').update(`${w.workflow.id}\n${event.eventId}`).digest('base64url')}`;
        if (await engine.runs.get(runId)) continue;
        try {
          started.push((await engine.startRun({ workspaceId: event.workspaceId, workflowId: w.workflow.id, version: w.version, triggerType: 'integration', triggerData: event.data, runId })).id);
        } catch (err) {
          // Lost a race with another replica for the same event: its run stands. Anything else is thrown,
          // so the poller keeps its cursor and the event is delivered again.
          if (!(await engine.runs.get(runId))) throw err;
        }
      }
      return started;
    },

    /** What integrations must poll or subscribe to for active workflows. */
    async subscriptions(): Promise<TriggerSubscription[]> {
      return (await activeWith('integration')).map((w) => ({ workspaceId: w.workflow.workspaceId, workflowId: w.workflow.id, trigger: w.definition.trigger as TriggerSubscription['trigger'], author: w.author }));
    },
  };
}
