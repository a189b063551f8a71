import { Button, Checkbox, Group, Select, Stack, Switch, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { getPreferences, kindLabels, notificationKinds, savePreferences, type NotificationKind, type Preferences } from './inboxApi';

/** Which notifications the user gets, in the app and as an e-mail or Slack digest. */
export function PreferencesForm() {
  const client = useQueryClient();
  const prefs = useQuery({ queryKey: ['notifications', 'preferences'], queryFn: getPreferences });
  const [draft, setDraft] = useState<Preferences | undefined>();
  useEffect(() => {
    if (prefs.data) setDraft(prefs.data);
  }, [prefs.data]);
  const save = useMutation({
    mutationFn: savePreferences,
    onSuccess: (p) => {
      client.setQueryData(['notifications', 'preferences'], p);
      notifications.show({ message: 'Notification preferences saved.' });
    },
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  if (!draft) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  return (
    <form onSubmit={submit} aria-labelledby="prefs-title" id="preferences">
      <Stack gap="sm">
        <Title order={2} size="h3" id="prefs-title">
          Preferences
        </Title>
        <Checkbox.Group label="Tell me about" value={draft.kinds} onChange={(v) => setDraft({ ...draft, kinds: v as NotificationKind[] })}>
          <Stack gap={6} mt={6}>
            {notificationKinds.map((k) => (
              <Checkbox key={k} value={k} label={kindLabels[k]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Switch label="Show in the inbox" checked={draft.inApp} onChange={(e) => setDraft({ ...draft, inApp: e.currentTarget.checked })} />
        <Switch label="E-mail digest (through the workspace's Gmail connection)" checked={draft.emailDigest} onChange={(e) => setDraft({ ...draft, emailDigest: e.currentTarget.checked })} />
        <Switch label="Slack digest (through the workspace's Slack connection)" checked={draft.slackDigest} onChange={(e) => setDraft({ ...draft, slackDigest: e.currentTarget.checked })} />
        <Group align="flex-end">
          <Select
            label="Digest frequency"
            data={[
              { value: 'hourly', label: 'Hourly' },
              { value: 'daily', label: 'Daily' },
              { value: 'weekly', label: 'Weekly' },
            ]}
            value={draft.digestFrequency}
            onChange={(v) => v && setDraft({ ...draft, digestFrequency: v as Preferences['digestFrequency'] })}
            allowDeselect={false}
          />
          <TextInput
            label="Slack channel"
            description="Empty: a direct message to you"
            placeholder="#alerts"
            value={draft.slackChannel ?? ''}
            onChange={(e) => setDraft({ ...draft, slackChannel: e.currentTarget.value.trim() || null })}
          />
        </Group>
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save preferences
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
