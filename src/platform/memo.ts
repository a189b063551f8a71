export interface BoundedMemoOptions<A extends unknown[]> {
  /** Entries kept at most; past it the least recently used entry is dropped. */
  max: number;
  /** The cache key of a call's arguments (default: the one string argument itself). */
  key?: (...args: A) => string;
}

/**
 * `fn` remembered for its last `max` distinct arguments (least recently used dropped first), for pure,
 * costly work whose result depends on its arguments alone (parsing an expression, compiling a code step):
 * the result is the same in every app context, so one memo per process is right and never leaks state
 * between contexts. A thrown error is not remembered, nor a promise that rejects (the next call tries again).
 * Module-level caches outside src/platform/ go through this, so each one is bounded.
 *
 * @example
 * const parse = boundedMemo((source: string) => jsonata(source), { max: 5000 });
 * parse('$sum(items.price)') === parse('$sum(items.price)'); // true: parsed once
 */
export function boundedMemo<A extends [string], R>(fn: (...args: A) => R, options: BoundedMemoOptions<A>): (...args: A) => R;
export function boundedMemo<A extends unknown[], R>(fn: (...args: A) => R, options: Required<BoundedMemoOptions<A>>): (...args: A) => R;
export function boundedMemo<A extends unknown[], R>(fn: (...args: A) => R, options: BoundedMemoOptions<A>): (...args: A) => R {
  if (!Number.isInteger(options.max) || options.max < 1) throw new RangeError(`boundedMemo: max must be a positive integer, got ${options.max}`);
  const keyOf = options.key ?? ((...args: A) => String(args[0]));
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recently used entry first.
  const entries = new Map<string, R>();
  return (...args: A): R => {
    const key = keyOf(...args);
    if (entries.has(key)) {
      const hit = entries.get(key) as R;
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = fn(...args);
    entries.set(key, value);
    if (entries.size > options.max) entries.delete(entries.keys().next().value as string);
    if (value instanceof Promise) {
      value.catch(() => {
        if (entries.get(key) === value) entries.delete(key);
      });
    }
    return value;
  };
}
