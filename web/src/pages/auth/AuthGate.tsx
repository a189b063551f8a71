import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { fetchMe, ME_QUERY_KEY } from './authApi';

/** Shows its children to signed-in people; everyone else goes to the sign-in page (and comes back after). */
export function AuthGate({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000, retry: 1 });
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Checking your session" />
      </Center>
    );
  }
  if (me.data === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  // On a network error with no cached user, still show the app: the offline banner explains.
  return <>{children}</>;
}

/** Paths that are reachable without signing in. */
export const isPublicPath = (pathname: string): boolean =>
  pathname === '/sign-in' || pathname === '/sign-up' || pathname.startsWith('/invite/');
