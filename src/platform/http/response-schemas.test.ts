import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/context.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The keys Fastify (and @fastify/swagger) read from a route's `schema`; any other is silently ignored. */
const schemaKeys = new Set(['body', 'querystring', 'params', 'headers', 'response', 'tags', 'summary', 'description', 'hide', 'consumes', 'produces', 'security', 'operationId', 'deprecated']);

describe('route response schemas', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.cleanup());

  it('every route that is not hidden declares its responses, with a status code or range for each', () => {
    const visible = t.app.routeTable.filter((r) => !r.hidden);
    expect(visible.length).toBeGreaterThan(100);
    expect(visible.filter((r) => r.responses.length === 0).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const badStatus = visible.flatMap((r) => r.responses.filter((code) => !/^([1-5]\d\d|[1-5]xx|default)$/.test(code)).map((code) => `${r.method} ${r.url}: ${code}`));
    expect(badStatus).toEqual([]);
  });

  it('no route spells a schema key Fastify does not read (it would be ignored without a word)', () => {
    const unknown = t.app.routeTable.flatMap((r) => r.schemaKeys.filter((k) => !schemaKeys.has(k)).map((k) => `${r.method} ${r.url}: ${k}`));
    expect(unknown).toEqual([]);
  });
});
