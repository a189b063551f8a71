import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../../lib/api';
import { fetchMe, ME_QUERY_KEY } from './authApi';

/**
 * Shows its children to signed-in people; everyone else goes to the sign-in page (and comes back after).
 * A 401 from any API call (the session ended elsewhere or expired) sends the person to sign in too, and
 * a refused CSRF token is refreshed by reading /api/auth/me again.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const location = useLocation();
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000, retry: 1 });

  useEffect(() => {
    const onError = (error: unknown) => {
      if (!(error instanceof ApiError)) return;
      if (error.status === 401) queryClient.setQueryData(ME_QUERY_KEY, null);
      else if (error.code === 'auth.csrf_failed') void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    };
    // 'failed' comes with the first failed attempt: a 401 is not worth the retry that would follow.
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated') return;
      if (event.action.type === 'error' || event.action.type === 'failed') onError(event.action.error);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient]);

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
