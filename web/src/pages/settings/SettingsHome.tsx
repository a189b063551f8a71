import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

const areas = [
  { to: '/settings/account', title: 'Your account', text: 'Your name and password.' },
  { to: '/settings/members', title: 'Members and roles', text: 'Invite people, change their roles, compose custom roles.' },
  { to: '/settings/tokens', title: 'API tokens', text: 'Personal tokens for scripts and integrations.' },
  { to: '/settings/sessions', title: 'Sessions', text: 'Where you are signed in; sign out everywhere.' },
  { to: '/settings/audit', title: 'Audit log', text: 'Who did what in this workspace; verify the chain.' },
  { to: '/settings/retention', title: 'Retention', text: 'How long data is kept; legal hold.' },
  { to: '/settings/ai', title: 'AI', text: 'Model keys, default models and fallbacks, budgets and usage.' },
  { to: '/settings/secrets', title: 'Workflow secrets', text: 'Named API keys and tokens workflow steps use, never shown again.' },
];

/** The settings section's landing page: one card per settings area. */
export default function SettingsHome() {
  return (
    <>
      <Title order={1}>Settings</Title>
      <Text c="dimmed" mt="xs">
        Workspace, members, keys and retention.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt="lg">
        {areas.map((a) => (
          <Card key={a.to} withBorder component={Link} to={a.to} padding="lg">
            <Title order={2} size="h4">
              {a.title}
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              {a.text}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
