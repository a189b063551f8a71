import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorPanel } from './IssueList';
import { createBlankWorkflow } from './workflowsApi';

/** "New workflow": asks only for a name, creates a blank draft (started by hand) and opens it in the editor. */
export function NewWorkflowButton({ disabled = false }: { disabled?: boolean }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => createBlankWorkflow(name.trim()),
    onSuccess: (wf) => {
      void client.invalidateQueries({ queryKey: ['workflows'] });
      setOpen(false);
      void navigate(`/workflows/w/${wf.id}/edit`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={disabled}>
        New workflow
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="New workflow">
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput label="Name" placeholder="e.g. Weekly invoice digest" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} required data-autofocus />
            <Text size="sm" c="dimmed">
              It starts empty and is started by hand; choose its trigger and add steps in the editor. Nothing runs until you activate it.
            </Text>
            {create.error && <ErrorPanel error={create.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                Create and open the editor
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
