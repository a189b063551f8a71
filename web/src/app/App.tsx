import { ActionIcon, AppShell, Burger, Group, Kbd, Loader, NavLink as MantineNavLink, Text, UnstyledButton, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { NavLink, Route, Routes, useLocation } from 'react-router';
import { AuthGate, isPublicPath } from '../pages/auth/AuthGate';
import { PublicRoutes } from '../pages/auth/PublicRoutes';
import { UserMenu } from '../pages/auth/UserMenu';
import { InboxBell } from '../pages/inbox/InboxBell';
import { LazyCommandPalette, openCommandPalette } from './LazyCommandPalette';
import { sections } from './navigation';
import { LiveUpdates } from './LiveUpdates';
import { OfflineBanner } from './OfflineBanner';
import { pageRoutes } from './routes';

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon variant="default" size="lg" aria-label={`Switch to ${next} mode`} title={`Switch to ${next} mode`} onClick={() => setColorScheme(next)}>
      <span aria-hidden="true">{scheme === 'dark' ? '☀' : '☾'}</span>
    </ActionIcon>
  );
}

export function App() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  if (isPublicPath(location.pathname)) return <PublicRoutes />;
  return (
    <AuthGate>
      <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
              <img src="/favicon.svg" alt="" width={24} height={24} />
              <Text fw={700} size="lg" component="span">
                Atom
              </Text>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <UnstyledButton onClick={openCommandPalette} aria-keyshortcuts="Control+K Meta+K" className="palette-trigger">
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" c="dimmed" visibleFrom="xs">
                    Search or ask…
                  </Text>
                  <Kbd size="xs">Ctrl K</Kbd>
                </Group>
              </UnstyledButton>
              <InboxBell />
              <ThemeToggle />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Main" component="nav">
          {sections.map((s) => (
            <MantineNavLink
              key={s.path}
              component={NavLink}
              to={s.path}
              end={s.path === '/'}
              label={s.label}
              active={s.path === '/' ? location.pathname === '/' : location.pathname.startsWith(s.path)}
              onClick={close}
            />
          ))}
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1}>
          <OfflineBanner />
          <Suspense fallback={<Loader aria-label="Loading page" m="xl" />}>
            <Routes>
              {pageRoutes.map(({ path, Page }) => (
                <Route key={path} path={path} element={<Page />} />
              ))}
            </Routes>
          </Suspense>
        </AppShell.Main>
        <LazyCommandPalette />
        <LiveUpdates />
      </AppShell>
    </AuthGate>
  );
}
