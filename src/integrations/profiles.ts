import type { FaultReader, ServiceClient, ServiceLimits } from './http/index.js';

/**
 * What Atom knows about calling one service beyond its catalog entry: how it reports errors, how hard it
 * may be pushed, and a cheap call that proves a connection works (health checks, verifying a pasted key).
 * A service's object carries it (kit/integration.ts); `serviceProfile` in registry.ts finds it by id.
 */
export interface ServiceProfile {
  serviceId: string;
  readFault?: FaultReader;
  limits?: Partial<ServiceLimits>;
  /** A cheap authenticated read; returns the account's label when it can. */
  check?(client: ServiceClient, signal?: AbortSignal): Promise<{ accountLabel?: string | undefined }>;
}
