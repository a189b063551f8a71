import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * Client routes. Pages are loaded on demand (route-level code splitting), so the first load carries only
 * the shell and the page being opened. Domains add their pages here.
 */
export interface PageRoute {
  path: string;
  Page: LazyExoticComponent<ComponentType>;
}

const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

export const pageRoutes: PageRoute[] = [
  { path: '/', Page: page(() => import('../pages/HomePage')) },
  { path: '/chat/*', Page: page(() => import('../pages/chat/ChatPage')) },
  { path: '/workflows/runs', Page: page(() => import('../pages/runs/RunsPage')) },
  { path: '/workflows/runs/:id', Page: page(() => import('../pages/runs/RunDetailPage')) },
  { path: '/workflows', Page: page(() => import('../pages/workflows/WorkflowsPage')) },
  { path: '/workflows/w/:id', Page: page(() => import('../pages/workflows/WorkflowDetailPage')) },
  { path: '/workflows/w/:id/edit', Page: page(() => import('../pages/workflows/editor/WorkflowEditorPage')) },
  { path: '/workflows/*', Page: page(() => import('../pages/SectionPage').then((m) => ({ default: m.sectionPage('/workflows') }))) },
  { path: '/memory', Page: page(() => import('../pages/memory/MemoryPage')) },
  { path: '/memory/*', Page: page(() => import('../pages/SectionPage').then((m) => ({ default: m.sectionPage('/memory') }))) },
  { path: '/integrations', Page: page(() => import('../pages/integrations/IntegrationsPage')) },
  { path: '/integrations/connections/:id', Page: page(() => import('../pages/integrations/ConnectionPage')) },
  { path: '/integrations/*', Page: page(() => import('../pages/SectionPage').then((m) => ({ default: m.sectionPage('/integrations') }))) },
  { path: '/settings', Page: page(() => import('../pages/settings/SettingsHome')) },
  { path: '/settings/account', Page: page(() => import('../pages/settings/AccountPage')) },
  { path: '/settings/members', Page: page(() => import('../pages/settings/MembersPage')) },
  { path: '/settings/tokens', Page: page(() => import('../pages/settings/TokensPage')) },
  { path: '/settings/sessions', Page: page(() => import('../pages/settings/SessionsPage')) },
  { path: '/settings/audit', Page: page(() => import('../pages/settings/AuditLogPage')) },
  { path: '/settings/retention', Page: page(() => import('../pages/settings/RetentionPage')) },
  { path: '/settings/ai', Page: page(() => import('../pages/settings/AiSettingsPage')) },
  { path: '/settings/secrets', Page: page(() => import('../pages/settings/SecretsPage')) },
  { path: '/settings/*', Page: page(() => import('../pages/SectionPage').then((m) => ({ default: m.sectionPage('/settings') }))) },
  { path: '/oauth/consent', Page: page(() => import('../pages/oauth/ConsentPage')) },
  { path: '/inbox', Page: page(() => import('../pages/inbox/InboxPage')) },
  { path: '/system', Page: page(() => import('../pages/system/SystemHealthPage')) },
  { path: '/analytics', Page: page(() => import('../pages/analytics/UsagePage')) },
  { path: '*', Page: page(() => import('../pages/NotFoundPage')) },
];
