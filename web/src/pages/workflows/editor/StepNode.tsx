import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { StepJson } from '../../../../../src/collab/model';
import { NODE_HEIGHT, NODE_WIDTH } from './graph';
import { stepTypeLabel } from './stepTypes';
import type { Peer } from './useDraft';

export type StepNodeData = {
  kind: 'trigger' | 'step' | 'empty';
  step?: StepJson;
  label?: string;
  trigger?: string;
  issues: string[];
  peers: Peer[];
};
export type StepFlowNode = Node<StepNodeData, 'step'>;

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** One box on the canvas: a step (type, id, what it does), the trigger, or an empty list to add into. */
export function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const hasIssues = data.issues.length > 0;
  const border = hasIssues ? '2px solid var(--mantine-color-red-7)' : selected ? '2px solid var(--mantine-color-blue-7)' : data.kind === 'empty' ? '1px dashed var(--mantine-color-gray-6)' : '1px solid var(--mantine-color-gray-5)';
  const peer = data.peers[0];
  return (
    <div
      data-testid={data.step ? `node-${data.step.id}` : data.kind === 'trigger' ? 'node-trigger' : undefined}
      data-invalid={hasIssues || undefined}
      style={{
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        overflow: 'hidden',
        padding: '6px 10px',
        borderRadius: 8,
        border,
        boxShadow: peer ? `0 0 0 3px ${peer.user.color}` : undefined,
        background: 'var(--mantine-color-body)',
        color: 'var(--mantine-color-text)',
        fontSize: 13,
      }}
    >
      {data.kind !== 'trigger' && <Handle type="target" position={Position.Top} isConnectable={false} />}
      {data.kind === 'trigger' && (
        <>
          <Text size="xs" c="dimmed">Trigger</Text>
          <Text fw={600}>{data.trigger}</Text>
        </>
      )}
      {data.kind === 'empty' && <Text size="sm" c="dimmed">{data.label} — select, then “Add step”</Text>}
      {data.step && (
        <>
          <Group justify="space-between" gap={4} wrap="nowrap">
            <Text size="xs" c="dimmed">{stepTypeLabel(data.step.type)}</Text>
            <Group gap={2} wrap="nowrap">
              {data.peers.map((p) => (
                <Tooltip key={p.clientId} label={`${p.user.name} is here`}>
                  <Badge size="xs" variant="filled" style={{ background: p.user.color, color: '#fff' }} aria-label={`${p.user.name} has this step selected`}>
                    {initials(p.user.name)}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
          </Group>
          <Text fw={600} truncate>
            {typeof data.step['name'] === 'string' && data.step['name'] ? data.step['name'] : data.step.id}
          </Text>
          {hasIssues && (
            <Text size="xs" c="red.8" data-testid="node-issue" lineClamp={1} title={data.issues.join('\n')}>
              {data.issues[0]}
              {data.issues.length > 1 ? ` (+${data.issues.length - 1} more)` : ''}
            </Text>
          )}
        </>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}
