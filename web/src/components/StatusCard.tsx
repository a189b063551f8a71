import { useQuery } from '@tanstack/react-query';
import { fetchReadiness, type Readiness } from '../api/readiness';

/** Live status of the server's dependencies, from GET /ready, refreshed every few seconds. */
export function StatusCard() {
  const { data, error, isPending } = useQuery<Readiness>({
    queryKey: ['ready'],
    queryFn: fetchReadiness,
    refetchInterval: 5000,
  });
  const state = isPending ? 'checking' : error ? 'unreachable' : data?.ready ? 'ready' : 'degraded';
  const label = { checking: 'Checking…', unreachable: 'Server unreachable', ready: 'All systems ready', degraded: 'Degraded' }[state];
  return (
    <section className="card" aria-labelledby="status-title" data-testid="status-card" data-state={state}>
      <h2 id="status-title">System status</h2>
      <p className={`status status-${state}`} role="status">
        <span className="dot" aria-hidden="true" /> {label}
      </p>
      {data && (
        <>
          <p className="muted">
            Storage: {data.mode?.database ?? 'unknown'} · Jobs: {data.mode?.queue ?? 'unknown'}
          </p>
          <ul className="checks">
            {data.checks.map((c) => (
              <li key={c.name} data-check={c.name} data-ok={c.ok}>
                <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> {c.name.replace('_', ' ')}{' '}
                <span className="muted">{c.ok ? `${c.durationMs} ms` : c.error}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && <p className="muted">{(error as Error).message}</p>}
    </section>
  );
}
