import { z } from 'zod';

export const emailSchema = z.email({ error: 'must be an email address' }).max(254);
export const passwordInput = z.string().min(1, { error: 'is required' }).max(1000);
export const nameSchema = z.string().trim().min(1, { error: 'is required' }).max(100);
export const roleNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9 _-]*$/i, { error: 'may use letters, digits, spaces, - and _' });

// The response shapes live in src/shared/auth.ts (the web app reads them too).
export { apiTokenSchema, customRoleSchema, invitationSchema, memberSchema, meSchema, sessionSchema, userSchema, workspaceMembershipSchema } from '../shared/auth.js';

export const idParams = z.object({ id: z.string().min(1).max(200) });
export const okSchema = z.object({ ok: z.literal(true) });
