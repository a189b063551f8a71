import { Alert, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import { fetchMe, ME_QUERY_KEY } from '../auth/authApi';
import { changePassword, renameMe } from './AccessApi';

function NameForm({ current }: { current: string }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(current);
  const save = useMutation({ mutationFn: () => renameMe(name), onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end">
        <TextInput label="Display name" value={name} onChange={(e) => setName(e.currentTarget.value)} w={280} />
        <Button type="submit" loading={save.isPending} disabled={!name.trim() || name === current}>
          Save name
        </Button>
      </Group>
      {save.error && <Alert color="red" mt="sm">{save.error.message}</Alert>}
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
    },
  });
  const error = change.error instanceof ApiError ? change.error : undefined;
  const fieldError = (f: string) => error?.fields.find((x) => x.field === `body.${f}`)?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack maw={360}>
        <PasswordInput label="Current password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={fieldError('currentPassword')} />
        <PasswordInput
          label="New password"
          description="At least 10 characters. Your other sessions are signed out and all your API tokens are deleted."
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={fieldError('newPassword')}
        />
        {change.error && !error?.fields.length && <Alert color="red">{change.error.message}</Alert>}
        {change.isSuccess && (
          <Alert color="green.9">
            Password changed. Your other sessions were signed out and your API tokens deleted ({change.data.sessionsEnded} sessions, {change.data.tokensRevoked} tokens); create new tokens
            where you need them.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={change.isPending} disabled={!current || !next}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Your own account: display name and password. */
export default function AccountPage() {
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe });
  if (!me.data) return null;
  return (
    <Stack gap="xl">
      <div>
        <Title order={1}>Your account</Title>
        <Text c="dimmed" mt="xs">
          Signed in as {me.data.user.email}.
        </Text>
      </div>
      <section aria-labelledby="name-heading">
        <Title order={2} size="h3" id="name-heading" mb="sm">
          Name
        </Title>
        <NameForm current={me.data.user.name} />
      </section>
      <section aria-labelledby="password-heading">
        <Title order={2} size="h3" id="password-heading" mb="sm">
          Password
        </Title>
        <PasswordForm />
      </section>
    </Stack>
  );
}
