import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';

const SignInPage = lazy(() => import('./SignInPage'));
const SignUpPage = lazy(() => import('./SignUpPage'));
const InvitePage = lazy(() => import('./InvitePage'));

/** The pages reachable without signing in, outside the app shell. */
export function PublicRoutes() {
  return (
    <Suspense
      fallback={
        <Center h="100vh">
          <Loader aria-label="Loading page" />
        </Center>
      }
    >
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/sign-up" element={<SignUpPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
      </Routes>
    </Suspense>
  );
}
