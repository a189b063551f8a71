import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { fetchMe, ME_QUERY_KEY, signUp, type Me } from './authApi';

/** Name, email and password; with an invitation, the account joins the invitation's workspace. */
export function SignUpForm({ invitation, fixedEmail, onDone }: { invitation?: string; fixedEmail?: string | null; onDone: (me: Me) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState(fixedEmail ?? '');
  const [password, setPassword] = useState('');
  const create = useMutation({
    // Sign-up answers an address that already has an account like a new one, without signing anyone in
    // (so it reveals nobody's account): only the session itself tells whether an account was created.
    mutationFn: async () => {
      await signUp({ name, email, password, ...(invitation ? { invitation } : {}) });
      return fetchMe();
    },
    onSuccess: (me) => {
      if (!me) return;
      queryClient.clear();
      queryClient.setQueryData(ME_QUERY_KEY, me);
      onDone(me);
    },
  });
  const notCreated = create.isSuccess && !create.data;
  const error = create.error instanceof ApiError ? create.error : undefined;
  const fieldError = (field: string) => error?.fields.find((f) => f.field === `body.${field}`)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label="Your name" autoComplete="name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          readOnly={Boolean(fixedEmail)}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldError('email')}
        />
        <PasswordInput
          label="Password"
          description="At least 10 characters. A few unrelated words make a strong one."
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError('password')}
        />
        {notCreated && (
          <Alert color="yellow" role="alert">
            No new account was made for this address. If it already has one, <Anchor component={Link} to="/sign-in">sign in</Anchor> with it
            instead.
          </Alert>
        )}
        {create.error && !error?.fields.length && (
          <Alert color="red" role="alert">
            {create.error.message}
          </Alert>
        )}
        <Button type="submit" loading={create.isPending}>
          Create account
        </Button>
      </Stack>
    </form>
  );
}
