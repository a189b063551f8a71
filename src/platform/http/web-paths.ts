// Which request paths are the web app's: a leaf beside server.ts and web-app.ts, because the server's
// access log asks about static files while web-app.ts needs the server's type (no import cycle).

// Paths that belong to the API or the platform: an unknown one is a 404 problem, never the web app.
const apiPrefixes = ['/api/', '/api', '/openapi.json', '/docs', '/health', '/ready', '/metrics', '/assets/'];

export const isPageLoad = (url: string): boolean => {
  const pathname = url.split('?')[0] ?? '/';
  if (apiPrefixes.some((p) => pathname === p || pathname.startsWith(p.endsWith('/') ? p : `${p}/`))) return false;
  // A path with a file extension is an asset request, not a client route.
  return !/\.[a-z0-9]{1,8}$/i.test(pathname);
};

/**
 * A request for a file (the web app's scripts, styles and icons, the API docs page's): one page load
 * makes dozens, so the access log keeps them at debug.
 */
export const isStaticFile = (url: string): boolean => {
  const pathname = url.split('?')[0] ?? '/';
  return !pathname.startsWith('/api/') && pathname !== '/openapi.json' && /\.[a-z0-9]{1,16}$/i.test(pathname);
};
