import { Badge, Button, Card, Group, Table, Text } from '@mantine/core';
import type { ActionTarget, ToolActivity } from './common';

const colors: Record<ToolActivity['status'], string> = { running: 'blue', done: 'green', failed: 'red', cancelled: 'gray', awaiting: 'orange' };

/** Where a waiting call would send data, every destination in full (as the server read it from the input). */
function TargetDetails({ target }: { target: ActionTarget }) {
  return (
    <div aria-label="Where this goes">
      <Text size="xs" c="dimmed" mt="xs">
        {target.sendsDataOut ? 'This sends data out of Atom. Check where it goes:' : 'What this does:'} <Text span fw={600} size="xs">{target.action}</Text>
      </Text>
      {target.destination.length > 0 && (
        <Table withRowBorders={false} verticalSpacing={2} fz="xs">
          <Table.Tbody>
            {target.destination.map((d, i) => (
              <Table.Tr key={i}>
                <Table.Th w={120}>{d.label}</Table.Th>
                {/* Shown whole and breakable, so a long URL cannot hide its host or query off-screen. */}
                <Table.Td style={{ wordBreak: 'break-all', fontFamily: 'var(--mantine-font-family-monospace)' }}>{d.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}

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
      {activity.status === 'awaiting' && activity.target && <TargetDetails target={activity.target} />}
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
