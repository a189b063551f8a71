import type { ServiceCategory, ServiceEntryInput } from '../schema.js';

type Auth = ServiceEntryInput['auth'];

/** Compact builders for the catalog data files; the schema validates the result. */
export const bearerKey = (hint: string): Auth => ({ kind: 'api_key', placement: 'header', name: 'Authorization', prefix: 'Bearer ', hint });
export const headerKey = (name: string, hint: string, prefix = ''): Auth => ({ kind: 'api_key', placement: 'header', name, prefix, hint });
export const queryKey = (name: string, hint: string): Auth => ({ kind: 'api_key', placement: 'query', name, hint });
export const basic = (hint: string): Auth => ({ kind: 'basic', hint });
export const oauth2 = (authorizeUrl: string, tokenUrl: string, scopes: string[], extra: { revokeUrl?: string; provider?: string; writeScopes?: string[] } = {}): Auth => ({
  kind: 'oauth2',
  authorizeUrl,
  tokenUrl,
  scopes,
  ...extra,
});

const GOOGLE_AUTH = 'https://accounts.google.com/o/oauth2/v2/auth';
const GOOGLE_TOKEN = 'https://oauth2.googleapis.com/token';
export const google = (scopes: string[]): Auth =>
  oauth2(GOOGLE_AUTH, GOOGLE_TOKEN, ['openid', 'email', ...scopes], { revokeUrl: 'https://oauth2.googleapis.com/revoke', provider: 'google' });

const MS_AUTH = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize';
const MS_TOKEN = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
/** `writeScopes`: asked only when the person chooses write access when connecting. */
export const microsoft = (scopes: string[], writeScopes?: string[]): Auth =>
  oauth2(MS_AUTH, MS_TOKEN, ['openid', 'email', 'offline_access', 'User.Read', ...scopes], { provider: 'microsoft', ...(writeScopes ? { writeScopes } : {}) });

export const entry = (
  category: ServiceCategory,
  id: string,
  name: string,
  description: string,
  homepage: string,
  apiDocs: string,
  apiBaseUrl: string,
  auth: Auth,
): ServiceEntryInput => ({ id, name, category, description, homepage, apiDocs, apiBaseUrl, auth });
