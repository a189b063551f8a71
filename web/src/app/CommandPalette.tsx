import { useMantineColorScheme, useComputedColorScheme } from '@mantine/core';
import { Spotlight, spotlight, type SpotlightActionGroupData } from '@mantine/spotlight';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { commands } from './commands';

/** Ctrl/Cmd-K: jump anywhere, start a chat, run a command. Fed by the command registry. */
export default function CommandPalette({ openRequests }: { openRequests: number }) {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const actions = useMemo<SpotlightActionGroupData[]>(() => {
    const groups = new Map<string, SpotlightActionGroupData>();
    for (const c of commands) {
      const group = groups.get(c.group) ?? { group: c.group, actions: [] };
      group.actions.push({
        id: c.id,
        label: c.label,
        ...(c.description ? { description: c.description } : {}),
        keywords: c.keywords ?? [],
        onClick: () =>
          c.perform({ navigate, query, toggleColorScheme: () => setColorScheme(scheme === 'dark' ? 'light' : 'dark') }),
      });
      groups.set(c.group, group);
    }
    return [...groups.values()];
  }, [navigate, query, scheme, setColorScheme]);

  // Each request (shortcut or button) opens it; the first one is what loaded this module.
  useEffect(() => {
    if (openRequests > 0) spotlight.open();
  }, [openRequests]);

  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      shortcut={null}
      nothingFound="No matching command"
      highlightQuery
      searchProps={{ placeholder: 'Go to, ask, or run a command…', 'aria-label': 'Command palette search' }}
    />
  );
}
