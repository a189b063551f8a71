import { Badge, Box, Code, Group, Stack, Text } from '@mantine/core';
import type { DefinitionJson, StepJson } from '../../../../src/collab/model';
import { childListsOf } from './editor/graph';
import { stepTypeLabel } from './editor/stepTypes';

/** The trigger in words: "By hand", "On a schedule (0 9 * * 1-5, Europe/Paris)", "When a webhook is called". */
export function triggerWords(trigger: unknown): string {
  const t = (trigger ?? {}) as Record<string, unknown>;
  switch (t['type']) {
    case 'manual':
      return 'Started by hand';
    case 'schedule':
      return `On a schedule${typeof t['cron'] === 'string' ? ` (${t['cron']}${typeof t['timezone'] === 'string' ? `, ${t['timezone']}` : ''})` : typeof t['everyMinutes'] === 'number' ? ` (every ${t['everyMinutes']} min)` : ''}`;
    case 'memory_event':
      return 'When documents in memory change';
    case 'webhook':
      return 'When its webhook URL is called';
    case 'integration':
      return `When ${typeof t['trigger'] === 'string' ? t['trigger'] : 'a service event'} happens`;
    default:
      return typeof t['type'] === 'string' ? t['type'].replace(/_/g, ' ') : 'No trigger';
  }
}

const short = (v: unknown, max = 90) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s && s.length > max ? `${s.slice(0, max - 1)}…` : (s ?? '');
};

/** What a step does, in one line. */
function stepDetail(step: StepJson): string | undefined {
  switch (step.type) {
    case 'action':
      return typeof step['action'] === 'string' ? step['action'] : undefined;
    case 'http': {
      const input = (step['input'] ?? {}) as Record<string, unknown>;
      return `${typeof input['method'] === 'string' ? input['method'] : 'GET'} ${short(input['url'])}`;
    }
    case 'transform':
      return short(step['expression']);
    case 'if':
      return `if ${short(step['condition'])}`;
    case 'switch':
      return `on ${short(step['value'])}`;
    case 'for_each':
      return `each of ${short(step['items'])}`;
    case 'ai':
      return short(step['prompt']);
    case 'memory_search':
      return short(step['query']);
    case 'delay':
      return typeof step['ms'] === 'number' ? `${Math.round(step['ms'] / 1000)} s` : short(step['until']);
    case 'fail':
    case 'wait_for_approval':
      return short(step['message']);
    case 'sub_workflow':
      return short(step['workflowId']);
    default:
      return undefined;
  }
}

function StepLine({ step, depth }: { step: StepJson; depth: number }) {
  const detail = stepDetail(step);
  const name = typeof step['name'] === 'string' && step['name'] ? step['name'] : undefined;
  return (
    <Box pl={depth * 20} data-outline-step={step.id}>
      <Group gap={6} wrap="wrap">
        <Badge variant="light" color="gray" radius="sm">
          {stepTypeLabel(step.type)}
        </Badge>
        <Text size="sm" fw={600}>
          {name ?? step.id}
        </Text>
        {name && (
          <Text size="xs" c="dimmed">
            ({step.id})
          </Text>
        )}
        {detail && <Code>{detail}</Code>}
      </Group>
      {childListsOf(step).map((list) => (
        <Box key={list.slot} pl={20} mt={4}>
          <Text size="xs" c="dimmed" fs="italic">
            {list.label}
            {list.steps.length === 0 ? ': nothing' : ''}
          </Text>
          <Stack gap={4} mt={2}>
            {list.steps.map((s) => (
              <StepLine key={s.id} step={s} depth={0} />
            ))}
          </Stack>
        </Box>
      ))}
    </Box>
  );
}

/** A definition as people read it: the trigger, then each step (type, name, what it does), nested lists indented. */
export function DefinitionOutline({ definition }: { definition: unknown }) {
  const def = (definition ?? {}) as Partial<DefinitionJson>;
  const steps = Array.isArray(def.steps) ? def.steps : [];
  return (
    <Stack gap={6} data-testid="definition-outline">
      <Text size="sm">
        <Text span fw={600}>
          Trigger:
        </Text>{' '}
        {triggerWords(def.trigger)}
      </Text>
      {steps.length === 0 ? (
        <Text size="sm" c="dimmed">
          No steps yet: add them in the editor.
        </Text>
      ) : (
        steps.map((s) => <StepLine key={s.id} step={s} depth={0} />)
      )}
      <details>
        <summary style={{ cursor: 'pointer', fontSize: 13 }}>Definition as JSON</summary>
        <Code block>{JSON.stringify(definition, null, 2)}</Code>
      </details>
    </Stack>
  );
}
