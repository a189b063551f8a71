import { Alert, Anchor, Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { fetchConnections } from '../integrations/integrationsApi';
import { instantiateTemplate, listTemplates, type TemplateSummary } from './workflowsApi';

/**
 * The templates that work here (the API offers no others). "Use template" asks the template's questions —
 * the channel, address or URL it needs — before the workflow is created; nothing is pre-filled with a placeholder.
 */
export function TemplateGallery({ canCreate = true }: { canCreate?: boolean }) {
  const templates = useQuery({ queryKey: ['workflow-templates'], queryFn: listTemplates });
  const [asking, setAsking] = useState<TemplateSummary | undefined>();
  return (
    <>
      <Title order={2}>Templates</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="template-gallery">
        {(templates.data?.items ?? []).map((t) => (
          <Card key={t.id} withBorder>
            <Group justify="space-between">
              <Text fw={600}>{t.name}</Text>
              <Badge variant="light">{t.category}</Badge>
            </Group>
            <Text size="sm" c="dimmed" my="xs">
              {t.description}
            </Text>
            {t.services.length > 0 && <Text size="xs">Uses: {t.services.join(', ')}</Text>}
            <Button mt="sm" size="xs" onClick={() => setAsking(t)} disabled={!canCreate}>
              Use template
            </Button>
          </Card>
        ))}
      </SimpleGrid>
      {asking && <TemplateQuestions template={asking} onClose={() => setAsking(undefined)} />}
    </>
  );
}

function TemplateQuestions({ template, onClose }: { template: TemplateSummary; onClose: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  // Which of your connections each service uses: asked like the other questions (the first one is proposed).
  const connections = useQuery({ queryKey: ['integrations', 'connections'], queryFn: fetchConnections });
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const optionsFor = (service: string) => (connections.data?.items ?? []).filter((c) => c.service === service && c.status !== 'revoked').map((c) => ({ value: c.id, label: c.label }));
  const choiceFor = (service: string) => chosen[service] ?? optionsFor(service)[0]?.value;
  const create = useMutation({
    mutationFn: () =>
      instantiateTemplate(
        template.id,
        Object.fromEntries(template.questions.map((q) => [q.name, q.kind === 'number' ? Number(answers[q.name]) : (answers[q.name] ?? '').trim()])),
        Object.fromEntries(template.services.flatMap((s) => (choiceFor(s) ? [[s, choiceFor(s)!]] : []))),
      ),
    onSuccess: (wf) => {
      void client.invalidateQueries({ queryKey: ['workflows'] });
      navigate(`/workflows/w/${wf.id}`);
    },
  });
  const problem = create.error as (Error & { fields?: { field: string; message: string }[] }) | null;
  const fieldError = (name: string) => problem?.fields?.find((e) => e.field === `body.params.${name}`)?.message;
  return (
    <Modal opened onClose={onClose} title={template.name}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <Text size="sm">{template.questions.length ? 'A few answers first:' : 'Nothing to fill in: it is created as a draft you can review.'}</Text>
          {template.questions.map((q) =>
            q.kind === 'number' ? (
              <NumberInput key={q.name} label={q.label} required value={answers[q.name] ?? ''} onChange={(v) => setAnswers({ ...answers, [q.name]: String(v) })} error={fieldError(q.name)} />
            ) : (
              <TextInput
                key={q.name}
                label={q.label}
                required
                type={q.kind === 'email' ? 'email' : q.kind === 'url' ? 'url' : 'text'}
                value={answers[q.name] ?? ''}
                onChange={(e) => setAnswers({ ...answers, [q.name]: e.currentTarget.value })}
                error={fieldError(q.name)}
              />
            ),
          )}
          {template.services.map((s) =>
            optionsFor(s).length > 0 ? (
              <Select
                key={s}
                label={`Which ${s} connection?`}
                data={optionsFor(s)}
                value={choiceFor(s) ?? null}
                onChange={(v) => v && setChosen({ ...chosen, [s]: v })}
                allowDeselect={false}
                error={problem?.fields?.find((e) => e.field === `body.connections.${s}`)?.message}
                data-testid={`template-connection-${s}`}
              />
            ) : (
              <Text key={s} size="sm" data-testid={`template-connect-${s}`}>
                It uses {s}, and you have no {s} connection yet.{' '}
                <Anchor component={Link} to={`/integrations?connect=${encodeURIComponent(s)}`}>
                  Connect it now
                </Anchor>{' '}
                (the workflow can be created first; choose the connection in the editor before activating).
              </Text>
            ),
          )}
          {problem && !problem.fields?.length && <Alert color="red">{problem.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="template-create">
              Create workflow
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
