import { Alert, Button, Group, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { decideApproval, type RunStep } from './runsApi';

/**
 * A waiting approval step: its message and the Approve / Reject decision, taken as the signed-in member
 * (the server checks that they may decide; the step and the audit log record who did).
 */
export function ApprovalCard({ runId, step, onDecided }: { runId: string; step: RunStep; onDecided: () => void }) {
  const [comment, setComment] = useState('');
  const input = (step.input ?? {}) as { message?: unknown; approvers?: unknown };
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') => decideApproval(runId, { decision, stepKey: step.stepKey, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: (r) => {
      notifications.show({ message: r.decision === 'approved' ? 'Approved' : 'Rejected' });
      onDecided();
    },
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  return (
    <Alert color="yellow" title={`Waiting for approval: ${step.stepId}`} data-testid="approval-card">
      <Text size="sm">{typeof input.message === 'string' ? input.message : 'This step waits for a decision.'}</Text>
      {Array.isArray(input.approvers) && (
        <Text size="xs" c="dimmed" mt={4}>
          Only these people may decide: {input.approvers.map(String).join(', ')}
        </Text>
      )}
      <TextInput mt="sm" size="xs" label="Comment (optional)" value={comment} maxLength={2000} onChange={(e) => setComment(e.currentTarget.value)} />
      <Group mt="sm" gap="sm">
        <Button size="xs" color="green" onClick={() => decide.mutate('approve')} loading={decide.isPending}>
          Approve
        </Button>
        <Button size="xs" color="red" variant="light" onClick={() => decide.mutate('reject')} loading={decide.isPending}>
          Reject
        </Button>
      </Group>
    </Alert>
  );
}
