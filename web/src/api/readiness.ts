export interface Check {
  name: string;
  ok: boolean;
  durationMs: number;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  mode?: { database: string; queue: string };
  checks: Check[];
}

/** GET /ready answers 200 when ready and 503 problem+json (with the checks) when not: both are data here. */
export async function fetchReadiness(): Promise<Readiness> {
  const res = await fetch('/ready', { headers: { accept: 'application/json' } });
  const body = (await res.json()) as { checks?: Check[]; mode?: Readiness['mode'] };
  return { ready: res.ok, checks: body.checks ?? [], ...(body.mode ? { mode: body.mode } : {}) };
}
