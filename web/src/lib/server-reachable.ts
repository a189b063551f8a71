import { useEffect, useState } from 'react';

/**
 * Whether Atom's server answers, as opposed to whether the browser has a network (`navigator.onLine`
 * stays true when only the server is down, and the service worker answers API reads from its cache, so
 * neither tells the app the server is gone). `/health` is never cached by the service worker.
 */
export async function probeServer(signal?: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch('/health', { cache: 'no-store', signal });
    return res.ok;
  } catch {
    return false;
  }
}

/** Polls `/health`: often while the server is unreachable or changes wait to be sent, rarely otherwise. */
export function useServerReachable(options: { online: boolean; pending: number; idleMs?: number; busyMs?: number }): boolean {
  const { online, pending, idleMs = 30_000, busyMs = 3_000 } = options;
  const [reachable, setReachable] = useState(true);
  useEffect(() => {
    if (!online) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const check = async () => {
      const ok = await probeServer(controller.signal);
      if (stopped) return;
      setReachable(ok);
      timer = setTimeout(() => void check(), ok && pending === 0 ? idleMs : busyMs);
    };
    void check();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [online, pending, idleMs, busyMs]);
  return online && reachable;
}
