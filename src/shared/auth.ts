import { z } from 'zod';

/**
 * Account, workspace and access API shapes (server response schemas; the web app imports their types).
 * zod only: this folder is read by both builds. The permission names live here because role shapes list them.
 */

/** Every permission a role can grant. Routes declare one of these in `config.permission`. */
export const permissionNames = [
  'workflows:read',
  'workflows:write',
  'workflows:run',
  'comments:write',
  'connections:read',
  'connections:manage',
  'memory:read',
  'memory:write',
  'members:manage',
  'audit:read',
  'settings:manage',
  'ai:use',
  'ai:manage',
] as const;

export const permissionSchema = z.enum(permissionNames);
export type Permission = z.infer<typeof permissionSchema>;

export const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string() }).meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const workspaceMembershipSchema = z
  .object({ id: z.string(), name: z.string(), role: z.string() })
  .meta({ id: 'WorkspaceMembership' });
export type WorkspaceMembership = z.infer<typeof workspaceMembershipSchema>;

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
export type Me = z.infer<typeof meSchema>;

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
export type SessionView = z.infer<typeof sessionSchema>;

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
export type ApiTokenView = z.infer<typeof apiTokenSchema>;

export const memberSchema = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: z.string(), joinedAt: z.string() })
  .meta({ id: 'Member' });
export type MemberView = z.infer<typeof memberSchema>;

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
export type InvitationView = z.infer<typeof invitationSchema>;

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
export type CustomRoleView = z.infer<typeof customRoleSchema>;

/** GET /api/roles: every permission a role can grant, the built-in roles and the workspace's custom roles. */
export const roleCatalogSchema = z.object({
  permissions: z.array(permissionSchema),
  builtIn: z.array(z.object({ name: z.string(), description: z.string(), permissions: z.array(permissionSchema) })),
  custom: z.array(customRoleSchema),
});
export type RoleCatalog = z.infer<typeof roleCatalogSchema>;

/** GET /api/auth/providers: how people can sign in and sign up here (public; the sign-in page reads it). */
export const signInProvidersSchema = z.object({
  signup: z.enum(['open', 'invite']),
  needsFirstAccount: z.boolean(),
  oidc: z.object({ enabled: z.boolean(), label: z.string() }),
});
export type SignInProviders = z.infer<typeof signInProvidersSchema>;
