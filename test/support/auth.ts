import type { AtomApp } from '../../src/app.js';

/**
 * Real signed-in users for tests of any domain, through the real sign-up, sign-in and token routes.
 * Use `actor.bearer` (no CSRF needed) for most calls, or `actor.cookie` + `actor.csrf` to test the
 * browser path.
 */
export interface TestActor {
  userId: string;
  workspaceId: string;
  email: string;
  password: string;
  role: string;
  /** `Cookie` header value of a browser session. */
  cookie: string;
  /** CSRF token of that session, for x-csrf-token. */
  csrf: string;
  /** A personal API token (`atom_...`) scoped to the workspace and role. */
  token: string;
  /** Headers for a bearer-token request. */
  bearer: Record<string, string>;
  /** Headers for a cookie-session request, CSRF token included. */
  session: Record<string, string>;
}

type Injectable = Pick<AtomApp, 'inject'>;

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';

const uniqueEmail = (label: string) => `${label}-${process.pid}-${Date.now().toString(36)}-${counter++}@example.test`;

function sessionCookie(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = list.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('atom_session=') && c !== 'atom_session=');
  if (!found) throw new Error('no session cookie was set');
  return found;
}

async function expectOk<T>(res: { statusCode: number; body: string; json: () => unknown }, what: string): Promise<T> {
  if (res.statusCode >= 300) throw new Error(`${what} answered ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

interface MeBody {
  user: { id: string };
  workspace: { id: string; role: string } | null;
  csrfToken: string | null;
}

async function withToken(app: Injectable, base: Omit<TestActor, 'token' | 'bearer' | 'session'>): Promise<TestActor> {
  const session = { cookie: base.cookie, 'x-csrf-token': base.csrf, 'x-atom-workspace': base.workspaceId };
  const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: session, payload: { name: 'test', expiresInDays: 1 } });
  const { token } = await expectOk<{ token: string }>(res, 'POST /api/tokens');
  return { ...base, token, bearer: { authorization: `Bearer ${token}` }, session };
}

/** Signs up a new account; on a fresh database it becomes the owner of the first workspace. */
export async function signUpOwner(app: Injectable, options: { email?: string; name?: string } = {}): Promise<TestActor> {
  const email = options.email ?? uniqueEmail('owner');
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email, password: TEST_PASSWORD, name: options.name ?? 'Test Owner' },
  });
  const me = await expectOk<MeBody>(res, 'POST /api/auth/signup');
  if (!me.workspace || !me.csrfToken) throw new Error('sign-up gave no workspace');
  return withToken(app, {
    userId: me.user.id,
    workspaceId: me.workspace.id,
    email,
    password: TEST_PASSWORD,
    role: me.workspace.role,
    cookie: sessionCookie(res.headers['set-cookie']),
    csrf: me.csrfToken,
  });
}

/** Signs in an existing account (a new session). */
export async function signIn(app: Injectable, email: string, password = TEST_PASSWORD): Promise<{ cookie: string; csrf: string; me: MeBody }> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const me = await expectOk<MeBody>(res, 'POST /api/auth/login');
  return { cookie: sessionCookie(res.headers['set-cookie']), csrf: me.csrfToken ?? '', me };
}

/** Invites a new person into the owner's workspace with `role` and signs them up through the link. */
export async function addMember(app: Injectable, owner: TestActor, role: string, options: { email?: string } = {}): Promise<TestActor> {
  const email = options.email ?? uniqueEmail(role);
  const inv = await expectOk<{ token: string }>(
    await app.inject({ method: 'POST', url: '/api/invitations', headers: owner.bearer, payload: { email, role } }),
    'POST /api/invitations',
  );
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email, password: TEST_PASSWORD, name: `Test ${role}`, invitation: inv.token },
  });
  const me = await expectOk<MeBody>(res, 'POST /api/auth/signup (invited)');
  if (!me.csrfToken) throw new Error('no csrf token');
  return withToken(app, {
    userId: me.user.id,
    workspaceId: owner.workspaceId,
    email,
    password: TEST_PASSWORD,
    role,
    cookie: sessionCookie(res.headers['set-cookie']),
    csrf: me.csrfToken,
  });
}

/**
 * Signs up in a browser context's own cookie jar (the page then runs as that user). The first account
 * of a fresh server owns the first workspace.
 */
export async function signUpInBrowser(
  context: { request: { post: (url: string, options: { data: unknown }) => Promise<{ status: () => number }> } },
  baseUrl: string,
  options: { email?: string; name?: string } = {},
): Promise<{ email: string; password: string }> {
  const email = options.email ?? uniqueEmail('browser');
  const res = await context.request.post(`${baseUrl}/api/auth/signup`, { data: { email, password: TEST_PASSWORD, name: options.name ?? 'Browser User' } });
  if (res.status() !== 201) throw new Error(`sign-up answered ${res.status()}`);
  return { email, password: TEST_PASSWORD };
}
