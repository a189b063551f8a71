import type { z } from 'zod';
import { createTestContext, type TestDialect } from '../../../test/support/context.js';
import type { FakeService } from '../../../test/fakes/kit/fake-service.js';
import { clientForConnection, pieceConnection } from '../connections/client.js';
import type { StoredCredentials } from '../connections/credentials.js';
import { connectionHealthStore } from '../connections/health.js';
import { connectionRepository, type ConnectionRow } from '../connections/connection-repository.js';
import { createGuardedFetch } from '../../platform/outbound/index.js';
import type { IntegrationAction, IntegrationTrigger, TriggerCursor } from '../pieces.js';
import { integrationRuntime } from '../runtime.js';
import '../registry.js';

export interface HarnessOptions {
  serviceId: string;
  fake: FakeService;
  /** Path under the fake that stands for the service's API base URL. */
  basePath?: string;
  /** Token endpoint path on the fake (refreshes go there). */
  tokenPath?: string;
  dialect?: TestDialect;
  env?: Record<string, string>;
  credentials?: (fake: FakeService) => StoredCredentials;
}

/**
 * Test support for pieces: a migrated context whose service endpoints point at a local fake, one connection
 * holding a token the fake accepts, and helpers to run actions and polls through the real client stack.
 */
export async function pieceHarness(o: HarnessOptions) {
  const t = await createTestContext(o.dialect ?? 'sqlite', {
    ATOM_INTEGRATIONS: JSON.stringify({
      [o.serviceId]: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${o.fake.url}${o.basePath ?? ''}`, tokenUrl: `${o.fake.url}${o.tokenPath ?? '/oauth/token'}`, revokeUrl: `${o.fake.url}/oauth/revoke` },
    }),
    ATOM_INTEGRATION_TIMEOUT_MS: '800',
    ATOM_LOG_LEVEL: 'warn',
    ...o.env,
  });
  const rt = integrationRuntime(t.ctx);
  const creds: StoredCredentials = o.credentials?.(o.fake) ?? { kind: 'oauth2', accessToken: o.fake.issue(), refreshToken: 'refresh-1', tokenType: 'Bearer' };
  const row: ConnectionRow = await connectionRepository(t.ctx.db).create({
    workspaceId: 'ws-test',
    userId: null,
    serviceId: o.serviceId,
    label: o.serviceId,
    authKind: creds.kind,
    credentialsSealed: rt.vault.sealJson(creds),
    scopes: [],
    accountLabel: null,
    expiresAt: null,
    createdBy: 'user-test',
  });
  const guardedFetch = createGuardedFetch({ allow: t.ctx.config.ATOM_SSRF_ALLOW });
  const pieceCtx = () => ({ client: clientForConnection(t.ctx, row), signal: new AbortController().signal, logger: t.ctx.logger, idempotencyKey: 'run-1:step-1', guardedFetch, ssrfAllow: t.ctx.config.ATOM_SSRF_ALLOW, connection: pieceConnection(t.ctx, row) });
  return {
    ...t,
    connection: row,
    async run<I extends z.ZodType, O extends z.ZodType>(action: IntegrationAction<I, O>, input: z.input<I>): Promise<z.output<O>> {
      const out = await action.run(pieceCtx(), action.input.parse(input));
      return action.output.parse(out);
    },
    async poll<C extends z.ZodType, E extends z.ZodType>(trigger: IntegrationTrigger<C, E>, config: z.input<C>, cursor?: TriggerCursor) {
      const r = await trigger.poll!(pieceCtx(), trigger.config.parse(config), cursor);
      return { events: r.events.map((e) => trigger.event.parse(e)), cursor: r.cursor };
    },
    health: () => connectionHealthStore(t.ctx.db).get('ws-test', row.id, 'healthy'),
  };
}

export type PieceHarness = Awaited<ReturnType<typeof pieceHarness>>;
