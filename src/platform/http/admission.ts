import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import { admissionClassNames } from '../config/schema.js';
import { dbPriorities, type DbPriority } from '../db/pool-priority.js';
import { AppError } from '../errors/index.js';

/**
 * Per-class admission control for API requests. Each class of route has its own in-flight budget and a
 * short wait queue, so a flood of one kind of request (a thousand session checks, a search storm, a webhook
 * burst) fills its own budget and gets quick 429s, while the other classes keep their slots. Without it
 * every request shares one first-in-first-out line (the event loop, the SQLite connection, the pool), and
 * cheap requests arriving fastest starve the rest into client timeouts (docs/reliability.md, Load).
 */
export const admissionClasses = admissionClassNames;
export type AdmissionClass = (typeof admissionClasses)[number];

/**
 * A request's turn at the database pool, by class: a search (a person waiting on a few short queries)
 * first, then the other reads, then writes and chat, and webhooks, which callers retry, last.
 */
export const dbPriorityOfClass: Record<AdmissionClass, DbPriority> = {
  search: dbPriorities.interactive,
  read: dbPriorities.read,
  write: dbPriorities.normal,
  chat: dbPriorities.normal,
  webhook: dbPriorities.bulk,
};

export interface ClassLimit {
  /** Requests of the class being handled at once. */
  inFlight: number;
  /** Requests waiting for a slot; past that a request is refused at once. */
  queue: number;
  /** The longest a request waits for a slot before it is refused. */
  waitMs: number;
  /**
   * Shed the class while the event loop lags past this (ms) and the server is busy (see `Pressure`): from
   * this lag a request is refused at once with a probability that rises linearly to 1 at twice the lag.
   * For cheap, frequent requests: their budget never fills (each takes a few ms), yet a flood of them keeps
   * the event loop so busy that every other class waits behind them before admission even sees it. A lower
   * lag sheds a class earlier, so the lags order the classes by priority. Refusing some at random rather than
   * all at once keeps the class served at what the loop can take, and spreads the clients' retries.
   */
  maxLagMs?: number | undefined;
}
export type AdmissionLimits = Record<AdmissionClass, ClassLimit>;

/**
 * Budgets for a 2-core machine. Reads cost a few milliseconds, but each holds a database connection while
 * it runs: more reads in flight than half the pool (10) would only queue inside the pool, first in first
 * out, where every other class's queries wait behind them. A hybrid search costs ~19 ms of CPU (mostly
 * LanceDB's threads), so two run at once and a search waits at most 100 ms (an answer later than ~250 ms is
 * worth less than a prompt 429); chat turns mostly wait on the model, so they hold slots long but cheaply.
 * Under a flood (see `Pressure`), reads are shed first, then writes and webhooks, then chat turns; search is
 * never shed by lag, its small budget already bounds it, and it is what a lagging loop delays most (each of
 * its steps waits for a turn of the loop), so shedding the others is what keeps it fast.
 */
export const defaultAdmissionLimits: AdmissionLimits = {
  read: { inFlight: 8, queue: 64, waitMs: 1000, maxLagMs: 10 },
  search: { inFlight: 2, queue: 2, waitMs: 100 },
  write: { inFlight: 16, queue: 32, waitMs: 1000, maxLagMs: 15 },
  webhook: { inFlight: 16, queue: 64, waitMs: 2000, maxLagMs: 15 },
  chat: { inFlight: 32, queue: 16, waitMs: 1000, maxLagMs: 20 },
};

/**
 * What admission knows of the load: how late the event loop runs (ms, smoothed) and whether the server is
 * busy enough for that lag to be its own doing. Lag alone is not enough: on a machine loaded by other
 * processes (a build, a test suite) a quiet server lags too, and shedding its few requests would only fail
 * them. So lag sheds only while many connections are open and requests arrive fast.
 */
export interface Pressure {
  lag(): number;
  busy(): boolean;
}
const noPressure: Pressure = { lag: () => 0, busy: () => false };

/** Which class a route belongs to; `exempt` routes (probes, long-lived streams, WebSockets) are never held. */
export type RouteAdmission = AdmissionClass | 'exempt';

/**
 * The class of a route from its method, URL template and schema. A route may name its class in
 * `config.admission` instead.
 */
export function classifyRoute(route: { method: string; url: string; websocket?: boolean; produces?: readonly string[]; declared?: RouteAdmission }): RouteAdmission {
  if (route.declared) return route.declared;
  const { method, url } = route;
  if (!url.startsWith('/api/') || route.websocket) return 'exempt';
  const streams = route.produces?.some((t) => t.includes('event-stream')) ?? false;
  const read = method === 'GET' || method === 'HEAD';
  // A subscription (GET text/event-stream) stays open for the whole session: it cannot hold a slot.
  if (read && streams) return 'exempt';
  if (url.startsWith('/api/hooks/') || url === '/api/hooks') return 'webhook';
  if (url.startsWith('/api/chat') || url.startsWith('/api/voice') || streams) return 'chat';
  if (/\/search(\/|$)/.test(url)) return 'search';
  return read ? 'read' : 'write';
}

interface ClassState {
  limit: ClassLimit;
  running: number;
  waiting: { admit: () => void; timer: NodeJS.Timeout }[];
}

export interface Admission {
  /** Takes a slot for the class, waiting in its queue if needed; throws 429 `http.overloaded` when full. */
  acquire(cls: AdmissionClass, gone?: () => boolean): Promise<() => void>;
  stats(): Record<AdmissionClass, { inFlight: number; queued: number; rejected: number }>;
}

// Retry-After is whole seconds, drawn at random so clients refused in the same moment do not all come back in
// the same moment (a wave that would be refused together again): 1-2 s, and up to 5 s the harder a class is
// being shed, so the more overloaded the server, the fewer requests it spends answering 429.
// Refusals come by the thousand under a flood, and nobody reads their stack: not capturing one saves
// about a tenth of what a refusal costs.
const refuse = (cls: AdmissionClass, random: () => number, share: number) => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new AppError('http.overloaded', 'The server is busy with requests like this one; try again in a moment.', {
      status: 429,
      extensions: { retryAfter: 1 + Math.floor(random() * (2 + 3 * share)), admissionClass: cls },
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
};

/** The share of a class refused at a given lag: 0 up to `maxLagMs`, rising linearly to 1 at twice that. */
export function shedShare(limit: ClassLimit, lag: number): number {
  if (limit.maxLagMs === undefined || lag <= limit.maxLagMs) return 0;
  return Math.min(1, (lag - limit.maxLagMs) / Math.max(1, limit.maxLagMs));
}

/** The budgets and queues, without HTTP: `acquire` resolves to the function that frees the slot. */
export function createAdmission(
  limits: AdmissionLimits,
  onReject?: (cls: AdmissionClass, reason: 'full' | 'wait_timeout' | 'lag') => void,
  pressure: Pressure = noPressure,
  random: () => number = Math.random,
): Admission {
  const state = Object.fromEntries(admissionClasses.map((c) => [c, { limit: limits[c], running: 0, waiting: [] }])) as unknown as Record<AdmissionClass, ClassState>;
  const rejected = Object.fromEntries(admissionClasses.map((c) => [c, 0])) as Record<AdmissionClass, number>;
  const reject = (cls: AdmissionClass, reason: 'full' | 'wait_timeout' | 'lag', share = 0) => {
    rejected[cls]++;
    onReject?.(cls, reason);
    return refuse(cls, random, share);
  };
  // A finished request hands its slot straight to the next waiter (running stays the same).
  const releaser = (s: ClassState) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = s.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.admit();
      } else s.running--;
    };
  };
  return {
    async acquire(cls, gone = () => false) {
      const s = state[cls];
      if (s.limit.maxLagMs !== undefined && pressure.busy()) {
        const share = shedShare(s.limit, pressure.lag());
        if (share > 0 && random() < share) throw reject(cls, 'lag', share);
      }
      if (s.running < s.limit.inFlight) {
        s.running++;
        return releaser(s);
      }
      if (s.waiting.length >= s.limit.queue) throw reject(cls, 'full');
      await new Promise<void>((resolve, rejectWait) => {
        const entry = {
          admit: resolve,
          timer: setTimeout(() => {
            s.waiting.splice(s.waiting.indexOf(entry), 1);
            rejectWait(reject(cls, 'wait_timeout'));
          }, s.limit.waitMs),
        };
        s.waiting.push(entry);
      });
      const release = releaser(s);
      // The client left while waiting: pass the slot on rather than work for nobody.
      if (gone()) {
        release();
        throw new AppError('http.client_closed', 'The client closed the connection.', { status: 499 });
      }
      return release;
    },
    stats: () =>
      Object.fromEntries(admissionClasses.map((c) => [c, { inFlight: state[c].running, queued: state[c].waiting.length, rejected: rejected[c] }])) as ReturnType<Admission['stats']>,
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The admission class (see src/platform/http/admission.ts); derived from the route when absent. */
    admission?: RouteAdmission;
  }
}

/**
 * The server's admission hooks: `onRoute` gives every route its class when registered, `onRequest` takes
 * a slot before anything else runs (authentication, body parsing), and `done` (onResponse, onRequestAbort)
 * frees it. The slot is also freed when the response closes, so a hijacked stream or a vanished client
 * cannot leak it.
 */
export function admissionHooks(limits: AdmissionLimits, registry?: Registry, busy: BusyGate = defaultBusyGate) {
  let rejectedCounter: Counter<'class' | 'reason'> | undefined;
  const lagMonitor = Object.values(limits).some((l) => l.maxLagMs !== undefined) ? createLagMonitor() : undefined;
  const arrivals = createRateMeter();
  const pressure: Pressure = lagMonitor
    ? { lag: lagMonitor.lag, busy: () => arrivals.perSecond() >= busy.requestsPerSecond && busy.openConnections() >= busy.connections }
    : noPressure;
  const admission = createAdmission(limits, (cls, reason) => rejectedCounter?.inc({ class: cls, reason }), pressure);
  if (registry) {
    rejectedCounter = new Counter({
      name: 'atom_http_admission_rejected_total',
      help: 'API requests refused 429 by admission control, by class and reason (full queue, wait timeout, or event-loop lag).',
      labelNames: ['class', 'reason'],
      registers: [registry],
    });
    new Gauge({
      name: 'atom_http_admission_in_flight',
      help: 'API requests being handled, by admission class.',
      labelNames: ['class'],
      registers: [registry],
      collect() {
        for (const [c, s] of Object.entries(admission.stats())) this.set({ class: c }, s.inFlight);
      },
    });
    new Gauge({
      name: 'atom_http_admission_queued',
      help: 'API requests waiting for an admission slot, by class.',
      labelNames: ['class'],
      registers: [registry],
      collect() {
        for (const [c, s] of Object.entries(admission.stats())) this.set({ class: c }, s.queued);
      },
    });
  }

  const onRoute = (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = route.schema as { produces?: readonly string[]; response?: Record<string, { description?: string }> } | undefined;
    const described = Object.values(schema?.response ?? {}).map((r) => r?.description ?? '');
    const produces = [...(schema?.produces ?? []), ...described.filter((d) => d.startsWith('text/event-stream'))];
    const cls = classifyRoute({ method: methods[0] ?? 'GET', url: route.url, websocket: (route as { websocket?: boolean }).websocket === true, produces, declared: route.config?.admission });
    route.config = { ...route.config, admission: cls };
  };

  const held = new WeakMap<FastifyRequest, () => void>();
  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const cls = request.routeOptions.config?.admission;
    if (!cls || cls === 'exempt') return;
    arrivals.tick();
    const res = reply.raw;
    // A client that left while its request waited: its 'close' has already fired, so nothing would free a slot.
    const release = await admission.acquire(cls, () => res.closed || res.destroyed || res.writableEnded || request.raw.socket?.destroyed === true);
    held.set(request, release);
    // Whichever comes first frees the slot (release is idempotent): the response finishing, the client
    // aborting, or the socket closing under a hijacked stream.
    res.once('close', release);
  };
  const done = async (request: FastifyRequest) => held.get(request)?.();
  return { admission, onRoute, onRequest, done, close: () => lagMonitor?.stop() };
}

/**
 * When lag may shed: at least this many open connections and this many admitted-class requests a second.
 * A test suite or a handful of users never reaches both; a flood (the load benchmark's thousand
 * connections, a retry storm) does.
 */
export interface BusyGate {
  connections: number;
  requestsPerSecond: number;
  openConnections: () => number;
}
const defaultBusyGate: BusyGate = { connections: 128, requestsPerSecond: 200, openConnections: () => Number.POSITIVE_INFINITY };

/** Requests counted in one-second buckets: the last full second's count, or the current one's if larger. */
export function createRateMeter(now: () => number = () => performance.now()): { tick: () => void; perSecond: () => number } {
  let bucket = Math.floor(now() / 1000);
  let current = 0;
  let previous = 0;
  const roll = () => {
    const b = Math.floor(now() / 1000);
    if (b === bucket) return;
    previous = b === bucket + 1 ? current : 0;
    current = 0;
    bucket = b;
  };
  return {
    tick: () => {
      roll();
      current++;
    },
    perSecond: () => {
      roll();
      return Math.max(previous, current);
    },
  };
}

/**
 * How late the event loop runs, smoothed: a timer due every 10 ms measures how late it fired. A saturated
 * loop (a thousand clients sending back to back) shows tens to hundreds of ms; an idle one under 2.
 */
export function createLagMonitor(intervalMs = 10): { lag: () => number; stop: () => void } {
  let smoothed = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - last - intervalMs);
    last = now;
    // A moving average over the last few turns of the loop: one slow turn (a garbage collection, a big
    // response) moves it a little, a loop that stays slow moves it all the way.
    smoothed = smoothed * 0.7 + late * 0.3;
  }, intervalMs);
  timer.unref();
  return { lag: () => smoothed, stop: () => clearInterval(timer) };
}
