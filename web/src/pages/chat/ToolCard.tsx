import { Badge, Button, Card, Group, Text } from '@mantine/core';
import type { ToolActivity } from './common';

const colors: Record<ToolActivity['status'], string> = { running: 'blue', done: 'green', failed: 'red', cancelled: 'gray', awaiting: 'orange' };

/** One tool call of the assistant; actions that change something wait here for Confirm or Cancel. */
export function ToolCard({ activity, onConfirm, onCancel, busy }: { activity: ToolActivity; onConfirm?: () => void; onCancel?: () => void; busy?: boolean }) {
  return (
    <Card withBorder padding="xs" radius="sm" aria-label={`Tool ${activity.name}`}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{activity.summary}</Text>
        <Badge color={colors[activity.status]} variant="light">
          {activity.status === 'awaiting' ? 'needs your OK' : activity.status}
        </Badge>
      </Group>
      {activity.status === 'awaiting' && (
        <Group mt="xs" gap="xs">
          <Button size="xs" onClick={onConfirm} loading={busy}>
            Confirm
          </Button>
          <Button size="xs" variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        </Group>
      )}
    </Card>
  );
}
