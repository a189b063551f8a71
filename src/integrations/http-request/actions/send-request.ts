import { z } from 'zod';
import { createServiceClient } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';

export const sendRequest = defineIntegrationAction({
  id: 'http.request',
  service: 'http-request',
  title: 'Send an HTTP request',
  description: 'Calls any HTTP API and returns its status, headers and body.',
  aiDescription:
    'Use to call an API Atom has no dedicated action for. Prefer a service action (slack.post_message, github.create_issue, ...) when one exists: they handle sign-in and errors. Internal and private addresses are refused unless an admin allowed them.',
  idempotent: false,
  sideEffect: true,
  needsConnection: false,
  input: z.object({
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
    query: z.record(z.string(), z.string()).default({}),
    json: z.unknown().optional(),
    text: z.string().optional(),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    /** When false, a 4xx/5xx answer is returned instead of failing the step. */
    failOnError: z.boolean().default(true),
  }),
  output: z.object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown() }),
  async run({ guardedFetch, signal }, input) {
    const url = new URL(input.url);
    const client = createServiceClient({
      service: { id: 'http', name: url.host },
      baseUrl: url.origin,
      fetch: guardedFetch,
      timeoutMs: input.timeoutMs,
    });
    const res = await client.request({
        method: input.method,
        path: url.href,
        query: input.query,
        headers: input.headers,
        signal,
        ...(input.json !== undefined ? { json: input.json } : {}),
        ...(input.text !== undefined ? { body: input.text, contentType: input.headers['content-type'] ?? 'text/plain' } : {}),
        ...(input.failOnError ? {} : { acceptStatus: () => true }),
      });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: res.body };
  },
});
