import { z } from 'zod';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
    error: 'must be one of true, false, 1, 0, yes, no, on, off',
  })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const intFromEnv = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const listFromEnv = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

/** Admission classes of API routes (src/platform/http/admission.ts). */
export const admissionClassNames = ['read', 'search', 'write', 'webhook', 'chat'] as const;
const admissionLimit = z.object({
  inFlight: z.number().int().min(1).max(100_000),
  queue: z.number().int().min(0).max(1_000_000),
  waitMs: z.number().int().min(1).max(600_000),
  maxLagMs: z.number().int().min(1).max(600_000).optional(),
});
/**
 * `read=32/64/1000/40,search=4/4/150`: per admission class, in-flight budget / queue length / longest wait (ms)
 * and, optionally, the event-loop lag (ms) past which the class is refused at once.
 */
const admissionLimitsFromEnv = z
  .string()
  .transform((v, ctx) => {
    const out: Partial<Record<(typeof admissionClassNames)[number], z.infer<typeof admissionLimit>>> = {};
    for (const part of v.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([a-z]+)=(\d+)\/(\d+)\/(\d+)(?:\/(\d+))?$/.exec(part);
      const cls = admissionClassNames.find((c) => c === m?.[1]);
      const limit = m && admissionLimit.safeParse({ inFlight: Number(m[2]), queue: Number(m[3]), waitMs: Number(m[4]), ...(m[5] ? { maxLagMs: Number(m[5]) } : {}) });
      if (!cls || !limit?.success) {
        ctx.addIssue({ code: 'custom', message: `"${part}" must be class=inFlight/queue/waitMs[/maxLagMs] with class one of ${admissionClassNames.join(', ')} (in-flight at least 1, wait at least 1 ms)` });
        return z.NEVER;
      }
      out[cls] = limit.data;
    }
    return out;
  });

/**
 * Every environment variable Atom reads, with its default. docs/configuration.md mirrors this list
 * (a test keeps the two in step).
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ATOM_HOST: z.string().min(1).default('localhost'),
  ATOM_PORT: intFromEnv(0, 65535).default(5058),
  ATOM_PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://atom.example.com' }).optional(),
  ATOM_DATA_DIR: z.string().min(1).default('./data'),
  ATOM_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  ATOM_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a lower-case SQL identifier' })
    .optional(),
  ATOM_DATABASE_POOL_MAX: intFromEnv(1, 500).default(10),
  // How long a request waits for a pooled PostgreSQL connection before answering 503 + Retry-After.
  ATOM_DATABASE_POOL_ACQUIRE_TIMEOUT_MS: intFromEnv(100, 600_000).default(5000),
  ATOM_SQLITE_BUSY_TIMEOUT_MS: intFromEnv(0, 600_000).default(5000),
  /** SQLite's page cache in MiB (0: the driver's default; better-sqlite3 builds SQLite with 16 MiB). */
  ATOM_SQLITE_CACHE_MB: intFromEnv(0, 16_384).default(0),
  ATOM_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  ATOM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ATOM_LOG_PRETTY: z.enum(['auto', 'true', 'false']).default('auto'),
  ATOM_BODY_LIMIT_BYTES: intFromEnv(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  ATOM_UPLOAD_LIMIT_BYTES: intFromEnv(1024, 10 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
  ATOM_CORS_ORIGINS: listFromEnv.default([]),
  ATOM_TRUST_PROXY: boolFromEnv.default(false),
  ATOM_SHUTDOWN_GRACE_MS: intFromEnv(0, 600_000).default(10_000),
  ATOM_REQUEST_TIMEOUT_MS: intFromEnv(0, 3_600_000).default(120_000),
  ATOM_WEB_DIST: z.string().min(1).optional(),
  ATOM_METRICS: boolFromEnv.default(true),
  ATOM_MIGRATE_ON_START: boolFromEnv.default(true),
  ATOM_HEALTH_SAMPLE_MS: intFromEnv(1000, 3_600_000).default(10_000),
  ATOM_ALERT_ERROR_RATE: z.coerce.number({ error: 'must be a number' }).min(0).max(1).default(0.05),
  ATOM_ALERT_LATENCY_P95_MS: intFromEnv(1, 600_000).default(1000),
  ATOM_ALERT_RSS_MB: intFromEnv(16, 1_048_576).default(1536),
  // memory (documents, embeddings, search)
  ATOM_MEMORY_EMBEDDER: z.enum(['local', 'openai'], { error: 'must be local or openai' }).default('local'),
  ATOM_MEMORY_EMBEDDING_MODEL: z.string().min(1).optional(),
  ATOM_MEMORY_EMBEDDING_DIMENSIONS: intFromEnv(8, 8192).optional(),
  ATOM_MEMORY_EMBEDDING_BASE_URL: z.url({ error: 'must be an absolute URL such as https://api.openai.com/v1' }).default('https://api.openai.com/v1'),
  ATOM_MEMORY_EMBEDDING_API_KEY: z.string().min(1).optional(),
  ATOM_MEMORY_LANCEDB_URI: z.string().min(1).optional(),
  ATOM_MEMORY_CHUNK_TOKENS: intFromEnv(32, 8000).default(400),
  ATOM_MEMORY_SEARCH_CONCURRENCY: intFromEnv(1, 256).default(4),
  // Memory searches run on a thread of their own (src/memory/search/search-thread.ts).
  ATOM_MEMORY_SEARCH_THREAD: boolFromEnv.default(true),
  ATOM_MEMORY_SEARCH_QUEUE: intFromEnv(0, 100_000).default(8),
  ATOM_MEMORY_CHUNK_OVERLAP_TOKENS: intFromEnv(0, 2000).default(48),
  ATOM_MEMORY_MAX_FILE_BYTES: intFromEnv(1024, 10 * 1024 * 1024 * 1024).default(100 * 1024 * 1024),
  ATOM_MEMORY_MAX_PAGES: intFromEnv(1, 1_000_000).default(2000),
  ATOM_MEMORY_MAX_DECOMPRESSED_BYTES: intFromEnv(1024, 64 * 1024 * 1024 * 1024).default(256 * 1024 * 1024),
  ATOM_MEMORY_INGEST_CONCURRENCY: intFromEnv(1, 64).default(2),
  ATOM_MEMORY_VECTOR_INDEX_MIN_ROWS: intFromEnv(256, 100_000_000).default(50_000),
  // Vector index search breadth: partitions probed and full-vector re-rank factor (recall against latency).
  /** Unset: chosen from the vector index's partition count (src/memory/store/lance-store.ts probesFor). */
  ATOM_MEMORY_VECTOR_NPROBES: intFromEnv(1, 65_536).optional(),
  /** Unset: enough to re-rank 200 candidates (src/memory/store/lance-store.ts refineFor). */
  ATOM_MEMORY_VECTOR_REFINE_FACTOR: intFromEnv(1, 1000).optional(),
  // Kind of vector index (see src/memory/store/lance-store.ts); a change rebuilds the index at the next settle.
  ATOM_MEMORY_VECTOR_INDEX: z.enum(['ivf_rq', 'ivf_pq', 'ivf_hnsw_sq', 'ivf_hnsw_pq']).default('ivf_rq'),
  ATOM_MEMORY_KEEP_VERSIONS_MINUTES: intFromEnv(0, 525_600).default(60),
  ATOM_MEMORY_OPTIMIZE_INTERVAL_MINUTES: intFromEnv(0, 10_080).default(30),
  // Quiet period after writes before the store updates its indexes and compacts (0: schedule only).
  ATOM_MEMORY_SETTLE_SECONDS: intFromEnv(0, 3600).default(5),
  ATOM_MEMORY_SYNC_INTERVAL_MINUTES: intFromEnv(0, 10_080).default(60),
  // A source's sync lease: renewed as its sync goes; lapses this long after a holder that is not a job stops.
  ATOM_MEMORY_SYNC_LEASE_SECONDS: intFromEnv(5, 86_400).default(600),
  // Vault (src/vault): Fernet master keys, newest first; or a key file generated on first start.
  ATOM_VAULT_KEYS: listFromEnv.optional(),
  ATOM_VAULT_KEY_FILE: z.string().min(1).optional(),
  // Retention (src/retention): how often the scheduled purge runs (0 turns it off) and its batch size.
  ATOM_RETENTION_INTERVAL_MINUTES: intFromEnv(0, 7 * 24 * 60).default(60),
  ATOM_RETENTION_BATCH_SIZE: intFromEnv(1, 100_000).default(500),
  ATOM_AUDIT_SYSTEM_KEEP_DAYS: intFromEnv(0, 36_500).default(365),
  // Accounts and access (src/auth).
  ATOM_SIGNUP: z.enum(['open', 'invite'], { error: 'must be open or invite' }).default('open'),
  ATOM_SESSION_IDLE_MINUTES: intFromEnv(1, 525_600).default(4320),
  ATOM_SESSION_MAX_HOURS: intFromEnv(1, 87_600).default(720),
  ATOM_LOGIN_MAX_FAILURES: intFromEnv(1, 1000).default(5),
  ATOM_LOGIN_IP_MAX_FAILURES: intFromEnv(1, 100_000).default(50),
  ATOM_LOGIN_LOCKOUT_MINUTES: intFromEnv(1, 10_080).default(15),
  ATOM_LOGIN_DELAY_MS: intFromEnv(0, 10_000).default(250),
  ATOM_RATE_LIMIT_PER_MINUTE: intFromEnv(1, 1_000_000).default(1200),
  ATOM_HTTP_MAX_IN_FLIGHT: intFromEnv(0, 1_000_000).default(0),
  // Per-class admission (src/platform/http/admission.ts): each class of API route has its own in-flight
  // budget and wait queue. Overrides as `class=inFlight/queue/waitMs[/maxLagMs]`, comma-separated.
  ATOM_HTTP_ADMISSION: boolFromEnv.default(true),
  ATOM_HTTP_ADMISSION_LIMITS: admissionLimitsFromEnv.default({}),
  // A class with a lag figure is shed only while the server is this busy: at least this many open
  // connections and this many API requests a second (src/platform/http/admission.ts, Pressure).
  ATOM_HTTP_ADMISSION_BUSY_CONNECTIONS: intFromEnv(0, 10_000_000).default(128),
  ATOM_HTTP_ADMISSION_BUSY_RPS: intFromEnv(0, 10_000_000).default(200),
  // `atom worker` serves GET /metrics (and /health) on this port of ATOM_HOST; unset: no listener.
  ATOM_WORKER_METRICS_PORT: intFromEnv(0, 65535).optional(),
  ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: intFromEnv(1, 1_000_000).default(300),
  ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: intFromEnv(1, 1_000_000).default(20),
  ATOM_OIDC_ISSUER: z.url({ error: 'must be the issuer URL of an OpenID Connect provider' }).optional(),
  ATOM_OIDC_CLIENT_ID: z.string().min(1).optional(),
  ATOM_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  ATOM_OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  ATOM_OIDC_LABEL: z.string().min(1).default('Single sign-on'),
  // Jobs and workflows (src/platform/jobs, src/workflows).
  ATOM_JOBS_POLL_INTERVAL_MS: intFromEnv(10, 60_000).default(200),
  ATOM_JOBS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be letters, digits, _ or -' }).default('atom'),
  // Unset: 8 where runs share the process with the API (embedded), 32 in `atom worker` (queue mode); see
  // workflowConcurrency().
  ATOM_WORKFLOW_CONCURRENCY: intFromEnv(1, 1000).optional(),
  ATOM_WORKFLOW_LEASE_MS: intFromEnv(1000, 3_600_000).default(30_000),
  ATOM_WORKFLOW_INLINE_OUTPUT_BYTES: intFromEnv(1024, 64 * 1024 * 1024).default(64 * 1024),
  ATOM_WORKFLOW_RUN_TIMEOUT_MS: intFromEnv(1000, 30 * 24 * 3_600_000).default(24 * 3_600_000),
  ATOM_WORKFLOW_RUN_RETENTION_DAYS: intFromEnv(0, 36500).default(30),
  ATOM_WORKFLOW_EXPRESSION_TIMEOUT_MS: intFromEnv(1, 60_000).default(500),
  ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS: intFromEnv(1, 10_000_000).default(10_000),
  // Code steps (core.code, src/workflows/code): limits of one call, and the worker threads that run them.
  ATOM_WORKFLOW_CODE_TIMEOUT_MS: intFromEnv(10, 600_000).default(2000),
  ATOM_WORKFLOW_CODE_MEMORY_MB: intFromEnv(4, 4096).default(64),
  ATOM_WORKFLOW_CODE_MAX_OUTPUT_BYTES: intFromEnv(1024, 256 * 1024 * 1024).default(1024 * 1024),
  ATOM_WORKFLOW_CODE_WORKERS: intFromEnv(1, 64).default(2),
  ATOM_WEBHOOK_RATE_LIMIT_PER_MINUTE: intFromEnv(1, 100_000_000).default(6000),
  ATOM_WEBHOOK_UNKNOWN_TOKEN_PER_MINUTE: intFromEnv(1, 1_000_000).default(60),
  // Integrations (src/integrations): OAuth apps and endpoint overrides per service or provider, as JSON.
  ATOM_INTEGRATIONS: z.string().min(2).optional(),
  ATOM_INTEGRATIONS_FILE: z.string().min(1).optional(),
  ATOM_INTEGRATION_TIMEOUT_MS: intFromEnv(100, 600_000).default(30_000),
  ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: intFromEnv(0, 10_080).default(15),
  ATOM_OAUTH_STATE_TTL_SECONDS: intFromEnv(30, 86_400).default(600),
  ATOM_OAUTH_REFRESH_SKEW_SECONDS: intFromEnv(0, 3600).default(120),
  ATOM_SSRF_ALLOW: listFromEnv.default([]),
  // AI assistant (src/ai, src/voice): bring-your-own-key model providers, chat agent, speech-to-text.
  ATOM_AI_PROBE_TIMEOUT_MS: intFromEnv(500, 120_000).default(10_000),
  ATOM_AI_MAX_TOOL_STEPS: intFromEnv(1, 50).default(8),
  ATOM_AI_CONTEXT_TOKENS: intFromEnv(1000, 2_000_000).default(16_000),
  ATOM_AI_REPAIR_ATTEMPTS: intFromEnv(0, 10).default(3),
  ATOM_DEEPGRAM_BASE_URL: z.url({ error: 'must be an absolute URL' }).default('https://api.deepgram.com'),
  ATOM_DEEPGRAM_MODEL: z.string().min(1).default('nova-3'),
  ATOM_WHISPER_MODEL: z.string().min(1).default('whisper-1'),
  ATOM_VOICE_MAX_BYTES: intFromEnv(1024, 200 * 1024 * 1024).default(25 * 1024 * 1024),
});

export type AtomConfig = z.infer<typeof configSchema>;
export type AtomConfigInput = z.input<typeof configSchema>;
