/** The app's sections, in the order the navigation shows them. One list feeds the sidebar, the command palette and the router. */
export interface Section {
  path: string;
  label: string;
  description: string;
  /** Words the command palette also matches. */
  keywords?: string[];
}

export const sections: Section[] = [
  { path: '/', label: 'Home', description: 'Talk to Atom, recent runs and what needs attention.', keywords: ['dashboard', 'start'] },
  { path: '/inbox', label: 'Inbox', description: 'Mentions, replies, failed runs and connections that need you.', keywords: ['notifications', 'mentions', 'alerts', 'digest'] },
  { path: '/chat', label: 'Chat', description: 'Ask about your documents or have Atom act for you.', keywords: ['assistant', 'ask', 'voice'] },
  { path: '/workflows', label: 'Workflows', description: 'Automations: build, run, inspect and version them.', keywords: ['automation', 'runs', 'templates'] },
  { path: '/memory', label: 'Memory', description: 'Search everything Atom has synced from your services.', keywords: ['search', 'documents', 'files'] },
  { path: '/integrations', label: 'Integrations', description: 'Connect the services Atom works with.', keywords: ['connections', 'services', 'oauth'] },
  { path: '/settings', label: 'Settings', description: 'Workspace, members, keys and retention.', keywords: ['members', 'tokens', 'audit'] },
  { path: '/analytics', label: 'Usage', description: 'Runs, AI tokens and cost, memory documents and searches over time (admins).', keywords: ['analytics', 'cost', 'tokens', 'reports', 'csv'] },
  { path: '/system', label: 'System health', description: 'Live status of the server, its dependencies, traffic and alerts (admins).', keywords: ['status', 'metrics', 'alerts', 'monitoring'] },
];
