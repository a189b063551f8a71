import { onCLS, onINP, onLCP, type Metric } from 'web-vitals';

/** Reports Core Web Vitals to the server, which exports them as Prometheus metrics for the health dashboard. */
export function reportWebVitals() {
  const send = (m: Metric) => {
    const body = JSON.stringify({ name: m.name, value: m.value, rating: m.rating, path: location.pathname });
    const blob = new Blob([body], { type: 'application/json' });
    if (!navigator.sendBeacon?.('/api/telemetry/vitals', blob)) {
      void fetch('/api/telemetry/vitals', { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true });
    }
  };
  onLCP(send);
  onINP(send);
  onCLS(send);
}
