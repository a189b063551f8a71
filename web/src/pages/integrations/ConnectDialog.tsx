import { Alert, Button, Checkbox, Modal, PasswordInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createConnection, fetchService, startOAuth, type PastedCredentials } from './integrationsApi';
import { ServerSettingsForm } from './ServerSettingsForm';

/** Connect one service: the OAuth round trip when its app is configured, otherwise a key / token form. */
export function ConnectDialog({ serviceId, onClose }: { serviceId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const service = useQuery({ queryKey: ['integrations', 'service', serviceId], queryFn: () => fetchService(serviceId) });
  const [label, setLabel] = useState('');
  const [personal, setPersonal] = useState(false);
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const [secret, setSecret] = useState('');
  const [username, setUsername] = useState('');
  const [extra, setExtra] = useState('');
  const s = service.data;
  const oauth = useMutation({
    mutationFn: () => startOAuth(serviceId, { ...(label ? { label } : {}), personal, returnTo: '/integrations', access }),
    onSuccess: (r) => window.location.assign(r.authorizationUrl),
  });
  const paste = useMutation({
    mutationFn: () => {
      let credentials: PastedCredentials;
      if (s?.authKind === 'basic') credentials = { username, password: secret };
      else if (s?.authKind === 'api_key') credentials = { apiKey: secret };
      else if (s?.id === 'trello') credentials = { apiKey: extra, token: secret };
      else credentials = { accessToken: secret };
      return createConnection({ service: serviceId, ...(label ? { label } : {}), personal, credentials });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['integrations', 'connections'] });
      onClose();
    },
  });
  const server = useMutation({
    mutationFn: (settings: Record<string, string | number | boolean>) => createConnection({ service: serviceId, ...(label ? { label } : {}), personal, credentials: { settings } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['integrations', 'connections'] });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    paste.mutate();
  };

  return (
    <Modal opened onClose={onClose} title={s ? `Connect ${s.name}` : 'Connect'} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {s && (
        <Stack>
          <Text size="sm" c="dimmed">{s.description}</Text>
          <TextInput label="Name for this connection" placeholder={s.name} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          <Checkbox label="Only for me (not shared with the workspace)" checked={personal} onChange={(e) => setPersonal(e.currentTarget.checked)} />
          {s.oauth?.configured && s.oauth.writeScopes.length > 0 && (
            // Read is the default: asking for write access is the person's explicit choice.
            <Radio.Group label="What may Atom do there?" value={access} onChange={(v) => setAccess(v === 'write' ? 'write' : 'read')} data-testid="oauth-access">
              <Stack gap={4} mt={4}>
                <Radio value="read" label={`Read only (${s.oauth.scopes.filter((x) => !['openid', 'email', 'offline_access', 'User.Read'].includes(x)).join(', ') || 'read scopes'}): search, sync to memory, triggers`} />
                <Radio value="write" label={`Read and change (${s.oauth.writeScopes.join(', ')}): also upload and share from workflows`} />
              </Stack>
            </Radio.Group>
          )}
          {s.oauth?.configured && (
            <Button onClick={() => oauth.mutate()} loading={oauth.isPending} data-testid="oauth-connect">
              Sign in with {s.name}
            </Button>
          )}
          {s.oauth && !s.oauth.configured && (
            <Alert color="yellow" data-testid="oauth-not-configured">
              {s.name} needs an OAuth app registered for this workspace before anyone can sign in with it.{' '}
              {s.oauth.askAdmins.length > 0
                ? `Ask ${s.oauth.askAdmins.map((a) => `${a.name} (${a.email})`).join(' or ')} to register it under Integrations → OAuth apps.`
                : 'Ask a workspace owner or admin to register it under Integrations → OAuth apps.'}{' '}
              You can paste a token instead.
            </Alert>
          )}
          {s.authKind === 'server' && s.server && <ServerSettingsForm fields={s.server.fields} hint={s.server.hint} pending={server.isPending} error={server.error} onSubmit={(settings) => server.mutate(settings)} />}
          {s.authKind !== 'none' && s.authKind !== 'oauth1' && s.authKind !== 'server' && (
            <form onSubmit={submit}>
              <Stack>
                {s.authKind === 'basic' && <TextInput label="User name" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} />}
                {s.id === 'trello' && <TextInput label="API key" required value={extra} onChange={(e) => setExtra(e.currentTarget.value)} />}
                <PasswordInput
                  label={s.authKind === 'api_key' ? 'API key' : s.authKind === 'basic' ? 'Password' : 'Access token'}
                  description={s.apiKey?.hint ?? s.basicHint}
                  required
                  value={secret}
                  onChange={(e) => setSecret(e.currentTarget.value)}
                />
                <Button type="submit" variant={s.oauth?.configured ? 'light' : 'filled'} loading={paste.isPending} disabled={!secret}>
                  {s.oauth ? 'Use this token' : 'Connect'}
                </Button>
              </Stack>
            </form>
          )}
          {(oauth.error ?? paste.error) && <Alert color="red">{(oauth.error ?? paste.error)?.message}</Alert>}
        </Stack>
      )}
    </Modal>
  );
}
