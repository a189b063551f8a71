/**
 * Every route declares who may call it in `config.permission`:
 * - `'public'`: anyone, signed in or not (health, sign-in, webhooks with their own secret);
 * - `'authenticated'`: any signed-in user or token;
 * - `'session'`: a signed-in browser session, never an API token (listing and ending the user's sessions);
 * - a permission name such as `workflows:read`, checked against the caller's role in the workspace.
 * A test enumerates routes and fails on one without a declaration.
 */
export type RoutePermission = 'public' | 'authenticated' | 'session' | (string & {});

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /**
     * `false` on a public route whose handler acts with nobody's authority (it never reads the caller):
     * a forged cross-site request to it can do nothing an anonymous stranger could not, so it takes no
     * CSRF token — a `navigator.sendBeacon` cannot send one. The cross-origin check still applies.
     * Ignored on any other route.
     */
    csrf?: false;
  }
}
