import { useHotkeys } from '@mantine/hooks';
import { lazy, Suspense, useEffect, useState } from 'react';

// The palette (Spotlight and its dependencies) loads on first use, keeping it out of the first page load.
const CommandPalette = lazy(() => import('./CommandPalette'));

const OPEN_EVENT = 'atom:open-command-palette';

/** Opens the command palette from anywhere (buttons, other components). */
export const openCommandPalette = () => window.dispatchEvent(new Event(OPEN_EVENT));

export function LazyCommandPalette() {
  const [requested, setRequested] = useState(0);
  useHotkeys([['mod+K', () => setRequested((n) => n + 1)]], [], true);
  useEffect(() => {
    const open = () => setRequested((n) => n + 1);
    window.addEventListener(OPEN_EVENT, open);
    return () => window.removeEventListener(OPEN_EVENT, open);
  }, []);
  if (requested === 0) return null;
  return (
    <Suspense fallback={null}>
      <CommandPalette openRequests={requested} />
    </Suspense>
  );
}
