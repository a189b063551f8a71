/** The app's sections, in the order the navigation shows them. One list feeds the sidebar and the router. */
export interface Section {
  path: string;
  label: string;
  description: string;
}

export const sections: Section[] = [
  { path: '/', label: 'Home', description: 'Talk to Atom, recent runs and what needs attention.' },
  { path: '/chat', label: 'Chat', description: 'Ask about your documents or have Atom act for you.' },
  { path: '/workflows', label: 'Workflows', description: 'Automations: build, run, inspect and version them.' },
  { path: '/memory', label: 'Memory', description: 'Search everything Atom has synced from your services.' },
  { path: '/integrations', label: 'Integrations', description: 'Connect the services Atom works with.' },
  { path: '/settings', label: 'Settings', description: 'Workspace, members, keys and retention.' },
];
