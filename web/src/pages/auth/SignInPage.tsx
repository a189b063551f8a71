import { Alert, Anchor, Button, Divider, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../lib/api';
import { AuthLayout } from './AuthLayout';
import { fetchProviders, ME_QUERY_KEY, nextPath, signIn, ssoErrors } from './authApi';

export default function SignInPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const providers = useQuery({ queryKey: ['auth', 'providers'], queryFn: fetchProviders });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = nextPath(location.search);
  const ssoError = new URLSearchParams(location.search).get('error');

  const login = useMutation({
    mutationFn: () => signIn(email, password),
    onSuccess: (me) => {
      // Nothing cached for a previous session may show for this one.
      queryClient.clear();
      queryClient.setQueryData(ME_QUERY_KEY, me);
      void navigate(next, { replace: true });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };

  const error = login.error instanceof ApiError ? login.error : undefined;
  const message =
    error?.code === 'auth.locked'
      ? 'Too many failed attempts. This account is locked for a while; try again later.'
      : error?.status === 429
        ? 'Too many attempts. Wait a minute and try again.'
        : error?.message ?? (login.error ? 'Could not reach Atom. Check your connection.' : undefined);

  return (
    <AuthLayout title="Sign in">
      {providers.data?.needsFirstAccount && (
        <Alert color="blue" mb="md">
          Nobody has an account yet. <Anchor component={Link} to="/sign-up">Create the first one</Anchor>: it will own the workspace.
        </Alert>
      )}
      {ssoError && (
        <Alert color="red" mb="md" role="alert">
          {ssoErrors[ssoError] ?? 'Single sign-on failed.'}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {message && (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          )}
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
      {providers.data?.oidc.enabled && (
        <>
          <Divider label="or" my="md" />
          <Button component="a" variant="default" fullWidth href={`/api/auth/oidc/start?returnTo=${encodeURIComponent(next)}`}>
            {providers.data.oidc.label}
          </Button>
        </>
      )}
      {providers.data?.signup === 'open' && !providers.data.needsFirstAccount && (
        <Text size="sm" mt="md" ta="center">
          New here? <Anchor component={Link} to="/sign-up">Create an account</Anchor>
        </Text>
      )}
    </AuthLayout>
  );
}
