import type { StoredCredentials } from '../../../src/integrations/connections/credentials.js';

/** One connection a group of cases sets up: the service it is for, what it holds, and where its API is. */
export interface CaseConnection {
  serviceId: string;
  credentials: StoredCredentials;
  /** Where the service's API is (a fake); absent for services whose address is in the credentials. */
  apiBaseUrl?: string;
  tokenUrl?: string;
}

/** Runs another action as a workflow step of the same group (e.g. to make a new item appear). */
export interface CaseTools {
  run(actionId: string, input: Record<string, unknown>): Promise<void>;
}

export interface TriggerWorkflowCase<S> {
  config(s: S): Record<string, unknown>;
  /** Makes at least one new item appear for the trigger (a row, a message, a file...). */
  produce(s: S, tools: CaseTools): void | Promise<void>;
}

/**
 * What one group of services needs to run each of its actions and triggers in a workflow: the fakes or real
 * servers (started once for the group), the connections, a valid input per action and a config per trigger.
 */
export interface WorkflowCaseGroup<S> {
  name: string;
  start(): Promise<S>;
  stop(s: S): Promise<void>;
  connections(s: S): CaseConnection[];
  /** Input without connectionId (the runner adds the group's connection for the action's service). */
  actions: Record<string, (s: S) => Record<string, unknown>>;
  triggers?: Record<string, TriggerWorkflowCase<S>>;
}

export const defineCases = <S>(g: WorkflowCaseGroup<S>): WorkflowCaseGroup<S> => g;

/** A connection holding a refreshable OAuth token the fake issued, with the API under `basePath` of the fake. */
export function fakeOAuth(serviceId: string, fake: { url: string; issue(): string }, basePath = '', tokenPath = '/oauth/token'): CaseConnection {
  return { serviceId, credentials: { kind: 'oauth2', accessToken: fake.issue(), refreshToken: 'refresh-1', tokenType: 'Bearer' }, apiBaseUrl: `${fake.url}${basePath}`, tokenUrl: `${fake.url}${tokenPath}` };
}
