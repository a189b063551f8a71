import type { FastifyReply } from 'fastify';
import type { AgentEvent } from './agent.js';

/**
 * Server-sent events on a hijacked reply: one `event:` per agent event type, JSON data. Proxies are told
 * not to buffer, so deltas reach the browser as they are produced.
 */
export function openEventStream(reply: FastifyReply) {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let open = true;
  raw.on('close', () => (open = false));
  return {
    send(e: AgentEvent) {
      if (!open) return;
      const { type, ...data } = e;
      raw.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (open) raw.end();
      open = false;
    },
  };
}

/**
 * An event stream opened by its first event: an error thrown before that (an unknown conversation, a turn
 * already running) still reaches the client as a problem+json status instead of an event in a 200 stream.
 */
export function openEventStreamOnFirstEvent(reply: FastifyReply) {
  let stream: ReturnType<typeof openEventStream> | undefined;
  return {
    send(e: AgentEvent) {
      (stream ??= openEventStream(reply)).send(e);
    },
    end() {
      stream?.end();
    },
  };
}

/** Parses an SSE body into events (tests and the CLI read streams with it). */
export function parseEventStream(body: string): { event: string; data: Record<string, unknown> }[] {
  return body
    .split(/\n\n/)
    .filter((b) => b.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}
