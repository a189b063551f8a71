import { z } from 'zod';

/** Integrations connection API shapes (server response schemas; the web app imports their types). zod only. */

export const connectionStatuses = ['healthy', 'degraded', 'expired', 'revoked', 'error'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

export const connectionViewSchema = z.object({
  id: z.string(),
  service: z.string(),
  serviceName: z.string(),
  label: z.string(),
  authKind: z.string(),
  personal: z.boolean(),
  status: z.enum(connectionStatuses),
  needsReconnect: z.boolean(),
  accountLabel: z.string().nullable(),
  scopes: z.array(z.string()),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;

export const connectionHealthSchema = z.object({
  status: z.enum(connectionStatuses),
  lastSuccessAt: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastError: z.object({ code: z.string().nullable(), message: z.string() }).nullable(),
  consecutiveFailures: z.number(),
  errorRate: z.number(),
  latencyMs: z.number().nullable(),
  calls: z.number(),
  checkedAt: z.string().nullable(),
  needsReconnect: z.boolean(),
});
export type ConnectionHealthView = z.infer<typeof connectionHealthSchema>;

export const connectionEventSchema = z.object({ at: z.string(), kind: z.string(), code: z.string().nullable(), message: z.string() });

/** GET /api/connections/:id */
export const connectionDetailSchema = z.object({ connection: connectionViewSchema, health: connectionHealthSchema, recentErrors: z.array(connectionEventSchema) });
export type ConnectionDetail = z.infer<typeof connectionDetailSchema>;

/** GET /api/connections */
export const connectionListSchema = z.object({ items: z.array(connectionViewSchema) });
export type ConnectionList = z.infer<typeof connectionListSchema>;
