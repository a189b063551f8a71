import { z } from 'zod';
import { permissionSchema } from './permissions.js';

export const emailSchema = z.email({ error: 'must be an email address' }).max(254);
export const passwordInput = z.string().min(1, { error: 'is required' }).max(1000);
export const nameSchema = z.string().trim().min(1, { error: 'is required' }).max(100);
export const roleNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9 _-]*$/i, { error: 'may use letters, digits, spaces, - and _' });

export const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string() }).meta({ id: 'User' });

export const workspaceMembershipSchema = z
  .object({ id: z.string(), name: z.string(), role: z.string() })
  .meta({ id: 'WorkspaceMembership' });

export const meSchema = z
  .object({
    user: userSchema,
    workspace: z
      .object({
        id: z.string(),
        name: z.string(),
        role: z.string().describe('Your role in the workspace now.'),
        tokenRole: z.string().optional().describe('With an API token: the role it was created with; `permissions` is your role narrowed by it.'),
        permissions: z.array(z.string()),
      })
      .nullable(),
    workspaces: z.array(workspaceMembershipSchema),
    via: z.enum(['session', 'token', 'system']),
    csrfToken: z.string().nullable().describe('Send it back in x-csrf-token on state-changing requests made with the session cookie.'),
  })
  .meta({ id: 'Me' });

export const sessionSchema = z
  .object({
    id: z.string(),
    method: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });

export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    role: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const memberSchema = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: z.string(), joinedAt: z.string() })
  .meta({ id: 'Member' });

export const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    role: z.string(),
    invitedBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
  })
  .meta({ id: 'Invitation' });

export const customRoleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    permissions: z.array(permissionSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomRole' });

export const idParams = z.object({ id: z.string().min(1).max(200) });
export const okSchema = z.object({ ok: z.literal(true) });
