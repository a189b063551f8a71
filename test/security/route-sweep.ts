/** Helpers for tests that sweep every route of the app. */

/** `METHOD /route/:param` of operations answering text/event-stream, from the OpenAPI document. */
export async function streamingRoutes(app: { inject: (o: { method: 'GET'; url: string }) => Promise<{ json: () => unknown }> }): Promise<Set<string>> {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> };
  const found = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const types = Object.values(op.responses ?? {}).flatMap((r) => Object.keys(r.content ?? {}));
      if (types.some((type) => type.includes('event-stream'))) found.add(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
    }
  }
  return found;
}
