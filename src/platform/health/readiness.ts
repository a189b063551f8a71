import { access, constants } from 'node:fs/promises';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  durationMs: number;
  error?: string;
}

/** The checks `/ready` and `atom doctor` run. Domains add their own (LanceDB, queue, ...). */
export interface Readiness {
  add(check: ReadinessCheck): void;
  run(timeoutMs?: number): Promise<CheckResult[]>;
}

export function createReadiness(): Readiness {
  const checks: ReadinessCheck[] = [];
  return {
    add(check) {
      checks.push(check);
    },
    run(timeoutMs = 3000) {
      return Promise.all(checks.map((c) => runOne(c, timeoutMs)));
    },
  };
}

async function runOne(c: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      c.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name: c.name, ok: true, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      name: c.name,
      ok: false,
      durationMs: Math.round(performance.now() - started),
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The data directory must exist and be writable. */
export async function checkDataDir(dir: string): Promise<void> {
  try {
    await access(dir, constants.W_OK | constants.R_OK);
  } catch {
    throw new Error(`data directory ${dir} is missing or not writable`);
  }
}
