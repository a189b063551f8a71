import type { z } from 'zod';
import type { Logger } from '../platform/index.js';
import type { ActionMeta } from '../workflows/actions/types.js';
import type { StoredCredentials } from './connections/credentials.js';
import type { FetchLike, ServiceClient } from './http/index.js';

/** What an action or trigger receives: a resilient client already signed for the chosen connection. */
export interface PieceContext {
  client: ServiceClient;
  /** Aborted on cancel or step timeout. */
  signal: AbortSignal;
  logger: Logger;
  /** Stable across automatic retries of one step, for services that dedupe writes. */
  idempotencyKey: string;
  /** A fetch guarded against internal addresses (ATOM_SSRF_ALLOW), for user-supplied URLs. */
  guardedFetch: FetchLike;
  /** ATOM_SSRF_ALLOW, for pieces that open their own sockets (databases, mail, SFTP); absent means none allowed. */
  ssrfAllow?: readonly string[];
  /** The chosen connection, for pieces that are not plain HTTP and need its sealed settings (src/integrations/kit). */
  connection?: PieceConnection;
}

/** A connection as a non-HTTP piece sees it: its id, and its credentials opened from the vault on demand. */
export interface PieceConnection {
  id: string;
  credentials(): Promise<StoredCredentials>;
}

/**
 * One thing Atom can do in a service (Activepieces-style piece): the same description as every workflow action
 * (ActionMeta: id `<service>.<verb_noun>`, zod input and output, wording for people and for the AI), the
 * service it belongs to, and `run` with a client already signed for the chosen connection. The workflow
 * engine calls it through the adapter in src/integrations/workflow-actions.ts.
 */
export interface IntegrationAction<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> extends ActionMeta<I, O> {
  service: string;
  /** When to use it, and what to use instead when it does not fit (required for a service's actions). */
  aiDescription: string;
  /** False for pieces that need no connection. */
  needsConnection?: boolean;
  run(ctx: PieceContext, input: z.output<I>): Promise<z.input<O>>;
}

/** Where a polling trigger left off: opaque to the engine, stored between polls. */
export type TriggerCursor = Record<string, string | number | string[]>;

export interface PollResult<E> {
  events: E[];
  cursor: TriggerCursor;
}

/**
 * Something in a service that starts a workflow. Polling triggers return new events since the cursor (the first
 * poll only sets the cursor, so old items do not flood a new workflow); webhook triggers verify and parse a
 * delivery.
 */
export interface IntegrationTrigger<C extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> {
  id: string;
  service: string;
  title: string;
  description: string;
  aiDescription: string;
  kind: 'poll' | 'webhook';
  /** False for triggers that need no connection (a public feed's URL is in the config). */
  needsConnection?: boolean;
  config: C;
  event: E;
  poll?(ctx: PieceContext, config: z.output<C>, cursor: TriggerCursor | undefined): Promise<PollResult<z.input<E>>>;
  /** An event's identity for "one run per event" (default: its `id`, else a hash of it). An item that can fire
   * again, such as a changed file, includes its version. */
  eventKey?(event: z.input<E>): string;
  webhook?(delivery: WebhookDelivery, config: z.output<C>): Promise<z.input<E>[]>;
  /** A cheap read proving the config names something that exists (the table, the mailbox, the feed); activation
   * runs it and refuses the workflow with its message. Throws a coded AppError when it does not. */
  check?(ctx: PieceContext, config: z.output<C>): Promise<void>;
}

export interface WebhookDelivery {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  query: Record<string, string>;
  /** The secret the webhook was created with (from the vault). */
  secret: string;
}

export type AnyIntegrationAction = IntegrationAction<z.ZodType, z.ZodType>;
export type AnyIntegrationTrigger = IntegrationTrigger<z.ZodType, z.ZodType>;

/** Identity helpers that keep the schemas' types (declare pieces with them). */
export const defineIntegrationAction = <I extends z.ZodType, O extends z.ZodType>(a: IntegrationAction<I, O>) => a;
export const defineIntegrationTrigger = <C extends z.ZodType, E extends z.ZodType>(t: IntegrationTrigger<C, E>) => t;
