import { AppError } from '../../platform/index.js';

/**
 * Admission control for memory search: at most `concurrency` searches run at once and at most `queue`
 * wait; past that a search is refused at once with 429 + Retry-After instead of joining a queue whose
 * wait would run into client timeouts (each search costs tens of milliseconds of CPU, so a thousand
 * concurrent callers would otherwise all wait seconds, and then time out while the server still works
 * for them). A waiting search whose client has gone is dropped without running.
 */
export function createSearchGate(options: { concurrency: number; queue: number }) {
  let running = 0;
  const waiting: (() => void)[] = [];
  let refused = 0;
  // A finished search hands its slot straight to the next waiter (running stays the same).
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async run<T>(fn: () => Promise<T>, clientGone: () => boolean = () => false): Promise<T> {
      if (running >= options.concurrency) {
        if (waiting.length >= options.queue) {
          refused++;
          throw new AppError('memory.search.busy', 'Search is busy right now; try again in a moment.', { status: 429, extensions: { retryAfter: 1 } });
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      if (clientGone()) {
        release();
        throw new AppError('http.client_closed', 'The client closed the connection.', { status: 499 });
      }
      try {
        return await fn();
      } finally {
        release();
      }
    },
    stats: () => ({ running, waiting: waiting.length, refused }),
  };
}
