import { Alert, Button, Card, FileInput, Group, List, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { N8nImportResult as ImportResult } from '../../../../src/shared/workflow-import';
import { api } from '../../lib/api';

/**
 * "Import from n8n": paste an n8n workflow export or pick its file; the draft is saved inactive and the
 * report says what became placeholders, which connections and secrets to create, and which expressions
 * were not translated.
 */
export function ImportN8nCard() {
  const [text, setText] = useState('');
  const client = useQueryClient();
  const importing = useMutation({
    mutationFn: () => api<ImportResult>('/api/workflows/import/n8n', { method: 'POST', body: { export: text, save: true } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['workflows'] }),
  });
  const readFile = (file: File | null) => {
    if (file) void file.text().then(setText);
  };
  const r = importing.data;
  return (
    <Card withBorder data-testid="import-n8n">
      <Title order={2} size="h4" mb="xs">
        Import from n8n
      </Title>
      <Textarea label="n8n workflow export (JSON)" placeholder='{"name": "...", "nodes": [...], "connections": {...}}' autosize minRows={2} maxRows={8} value={text} onChange={(e) => setText(e.currentTarget.value)} />
      <Group mt="sm">
        <FileInput placeholder="or choose the exported .json file" accept="application/json,.json" onChange={readFile} clearable w={280} />
        <Button onClick={() => importing.mutate()} loading={importing.isPending} disabled={text.trim().length < 2}>
          Import
        </Button>
      </Group>
      {importing.error && (
        <Alert color="red" mt="sm">
          {(importing.error as Error).message}
        </Alert>
      )}
      {r && (
        <Alert color={r.report.unmapped.length ? 'yellow' : 'green'} mt="sm" title={`Imported ${r.report.mapped.length} step(s); ${r.report.unmapped.length} left as placeholders`} data-testid="import-n8n-report">
          <Text size="sm">
            Trigger: {r.report.trigger.atomType}
            {r.report.trigger.note ? ` (${r.report.trigger.note})` : ''}
          </Text>
          <List size="sm" mt="xs">
            {r.report.unmapped.map((u) => (
              <List.Item key={`u-${u.node}`}>
                Not imported: {u.node}: {u.reason}
              </List.Item>
            ))}
            {r.report.connectionsToCreate.map((c) => (
              <List.Item key={`c-${c.service}-${c.n8nCredentialType}`}>
                Connect {c.service} (was {c.n8nCredentialType}), used by {c.usedBy.join(', ')}
              </List.Item>
            ))}
            {r.report.secretsToCreate.map((s) => (
              <List.Item key={`s-${s.name}`}>
                Add the workflow secret {s.name} (was {s.n8nCredentialType}), used by {s.usedBy.join(', ')}
              </List.Item>
            ))}
            {r.report.expressionWarnings.map((w) => (
              <List.Item key={`e-${w.node}-${w.field}-${w.expression}`}>
                {w.node}, {w.field}: {w.reason}
              </List.Item>
            ))}
            {r.report.notes.map((n) => (
              <List.Item key={`n-${n.node}-${n.note}`}>
                {n.node}: {n.note}
              </List.Item>
            ))}
          </List>
          {r.workflow && (
            <Button component={Link} to={`/workflows/w/${r.workflow.id}`} size="xs" mt="sm">
              Open the draft
            </Button>
          )}
        </Alert>
      )}
    </Card>
  );
}
