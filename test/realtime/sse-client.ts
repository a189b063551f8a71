/** One server-sent event as a client sees it. */
export interface SseFrame {
  event: string;
  id: number | undefined;
  data: unknown;
}

export interface SseClient {
  frames: SseFrame[];
  /** `message` frames' data (the workspace events). */
  events(): { id: number; type: string; workspaceId: string; resource: { kind: string; id: string }; data: Record<string, unknown> }[];
  /** Resolves once a frame matching `match` has arrived (or rejects after `timeoutMs`). */
  waitFor(match: (f: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  /** Drops the connection (as a network loss would). */
  close(): void;
  closed: Promise<void>;
}

/**
 * A minimal EventSource for tests (any headers, no automatic reconnect): opens `url` and parses frames
 * as they stream in.
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  const frames: SseFrame[] = [];
  const waiters: { match: (f: SseFrame) => boolean; resolve: (f: SseFrame) => void }[] = [];
  const push = (f: SseFrame) => {
    frames.push(f);
    for (const w of [...waiters]) if (w.match(f)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(f);
    }
  };
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const closed = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          let id: number | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line.startsWith('retry:')) continue;
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'event') event = value;
            else if (field === 'id') id = Number(value);
            else if (field === 'data') data.push(value);
          }
          if (data.length) push({ event, id, data: JSON.parse(data.join('\n')) as unknown });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    frames,
    events: () => frames.filter((f) => f.event === 'message').map((f) => f.data as ReturnType<SseClient['events']>[number]),
    waitFor(match, timeoutMs = 10_000) {
      const found = frames.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(frames.map((f) => [f.event, f.id, (f.data as { type?: string }).type]))}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (f) => {
            clearTimeout(timer);
            resolve(f);
          },
        });
      });
    },
    close: () => controller.abort(),
    closed,
  };
}

/** Whether a list of ids increases by exactly one each time. */
export const contiguous = (ids: number[]) => ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1);
