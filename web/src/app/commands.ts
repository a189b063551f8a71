import type { NavigateFunction } from 'react-router';
import { sections } from './navigation';

/**
 * User commands in one declarative registry: the command palette lists them, and shortcuts come from the
 * same entries. Domains add their commands here (e.g. "New workflow", "Upload documents").
 */
export interface Command {
  id: string;
  label: string;
  description?: string;
  keywords?: string[];
  group: 'Go to' | 'Create' | 'Ask' | 'Settings';
  perform: (tools: { navigate: NavigateFunction; query: string; toggleColorScheme: () => void }) => void;
}

export const commands: Command[] = [
  ...sections.map<Command>((s) => ({
    id: `go:${s.path}`,
    label: s.label,
    description: s.description,
    keywords: s.keywords ?? [],
    group: 'Go to',
    perform: ({ navigate }) => void navigate(s.path),
  })),
  {
    id: 'runs',
    label: 'Run history',
    description: 'Every workflow run, newest first',
    keywords: ['runs', 'executions', 'history', 'failed'],
    group: 'Go to',
    perform: ({ navigate }) => void navigate('/workflows/runs'),
  },
  {
    id: 'ask',
    label: 'Ask Atom…',
    description: 'Start a chat with what you typed',
    keywords: ['chat', 'question'],
    group: 'Ask',
    perform: ({ navigate, query }) => void navigate(query ? `/chat?q=${encodeURIComponent(query)}` : '/chat'),
  },
  {
    id: 'go:members',
    label: 'Members and roles',
    description: 'Invite people, change roles, compose custom roles',
    keywords: ['members', 'team', 'invite', 'roles', 'permissions'],
    group: 'Settings',
    perform: ({ navigate }) => void navigate('/settings/members'),
  },
  {
    id: 'go:tokens',
    label: 'API tokens',
    description: 'Personal tokens for scripts and integrations',
    keywords: ['api', 'token', 'key', 'bearer'],
    group: 'Settings',
    perform: ({ navigate }) => void navigate('/settings/tokens'),
  },
  {
    id: 'go:sessions',
    label: 'Sessions',
    description: 'Where you are signed in; sign out everywhere',
    keywords: ['sessions', 'sign out', 'logout', 'devices', 'security'],
    group: 'Settings',
    perform: ({ navigate }) => void navigate('/settings/sessions'),
  },
  {
    id: 'go:audit',
    label: 'Audit log',
    description: 'Who did what in this workspace; verify the chain, export',
    keywords: ['audit', 'log', 'history', 'security', 'verify'],
    group: 'Settings',
    perform: ({ navigate }) => void navigate('/settings/audit'),
  },
  {
    id: 'go:retention',
    label: 'Retention',
    description: 'How long data is kept, legal hold, purge',
    keywords: ['retention', 'purge', 'legal hold', 'delete', 'privacy'],
    group: 'Settings',
    perform: ({ navigate }) => void navigate('/settings/retention'),
  },
  {
    id: 'go:notification-preferences',
    label: 'Notification preferences',
    description: 'Which notifications you get; e-mail or Slack digest',
    keywords: ['notifications', 'digest', 'email', 'slack', 'inbox'],
    group: 'Settings',
    perform: ({ navigate }) => void navigate('/inbox#preferences'),
  },
  {
    id: 'theme',
    label: 'Toggle dark mode',
    keywords: ['theme', 'light', 'dark', 'colour', 'color'],
    group: 'Settings',
    perform: ({ toggleColorScheme }) => toggleColorScheme(),
  },
];
