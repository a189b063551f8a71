import { Button, Group, NumberInput, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { moveStep, removeStep, renameStep, setBranchCount, setStepField, type StepJson } from '../../../../../src/collab/model';
import type { ActionInfo } from './editorApi';
import { ExpressionField } from './ExpressionField';
import { JsonField, SchemaFields } from './SchemaFields';
import { STEP_ID_PATTERN, stepTypeLabel } from './stepTypes';

export interface StepPanelProps {
  doc: Y.Doc;
  step: StepJson;
  slot: string;
  index: number;
  siblings: number;
  /** Lists the step may move into (its own subtree left out). */
  slots: { value: string; label: string }[];
  actions: ActionInfo[];
  earlier: string[];
  /** Validation messages of this step by field (`input.url`, `condition`). */
  errors: Record<string, string>;
  readOnly: boolean;
  onRenamed: (id: string) => void;
  onRemoved: () => void;
}

/** Settings of the selected step; every change goes straight into the shared draft. */
export function StepPanel({ doc, step, slot, index, siblings, slots, actions, earlier, errors, readOnly, onRenamed, onRemoved }: StepPanelProps) {
  const set = (field: string, value: unknown) => setStepField(doc, step.id, field, value);
  const [idText, setIdText] = useState(step.id);
  useEffect(() => setIdText(step.id), [step.id]);
  const idProblem = STEP_ID_PATTERN.test(idText) ? undefined : 'Letters, digits and _; starts with a letter or _';
  const expr = (field: string, label: string, mode: 'bare' | 'template' = 'bare', multiline = false) => (
    <ExpressionField label={label} mode={mode} multiline={multiline} value={typeof step[field] === 'string' ? (step[field] as string) : ''} earlier={earlier} readOnly={readOnly} error={errors[field]} onCommit={(v) => set(field, v)} />
  );
  const inputErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith('input.')).map(([k, v]) => [k.slice('input.'.length), v]));
  const input = (step['input'] ?? {}) as Record<string, unknown>;
  const actionId = step.type === 'http' ? 'core.http_request' : typeof step['action'] === 'string' ? step['action'] : '';
  const action = actions.find((a) => a.id === actionId);
  const otherErrors = Object.entries(errors).filter(([k]) => !k.startsWith('input.') && !['condition', 'expression', 'items', 'value', 'prompt', 'query', 'message', 'action', 'id'].includes(k));

  return (
    <Stack gap="sm" data-testid="step-panel">
      <Title order={2} size="h4">
        {stepTypeLabel(step.type)}: {step.id}
      </Title>
      <TextInput
        label="Step id"
        value={idText}
        readOnly={readOnly}
        error={idProblem ?? errors['id']}
        onChange={(e) => setIdText(e.currentTarget.value)}
        onBlur={() => {
          if (idText !== step.id && !idProblem && renameStep(doc, step.id, idText)) onRenamed(idText);
        }}
      />
      <TextInput label="Name" value={typeof step['name'] === 'string' ? step['name'] : ''} readOnly={readOnly} onChange={(e) => set('name', e.currentTarget.value || undefined)} />
      {step.type === 'action' && (
        <Select
          label="Action"
          searchable
          data={actions.map((a) => ({ value: a.id, label: `${a.title} (${a.id})` }))}
          value={actionId || null}
          readOnly={readOnly}
          error={errors['action'] ?? errors['type']}
          onChange={(v) => v && set('action', v)}
        />
      )}
      {(step.type === 'action' || step.type === 'http') &&
        (action ? (
          <>
            <Text size="sm" c="dimmed">
              {action.description}
            </Text>
            {action.id === 'core.code' && <CodeField value={typeof input['code'] === 'string' ? input['code'] : ''} readOnly={readOnly} error={inputErrors['code']} onCommit={(code) => set('input', { ...input, code })} />}
            <SchemaFields schema={action.id === 'core.code' ? withoutField(action.input, 'code') : action.input} value={input} earlier={earlier} readOnly={readOnly} errors={inputErrors} onChange={(v) => set('input', v)} />
          </>
        ) : (
          <JsonField label="Input" value={input} readOnly={readOnly} error={errors['input']} onCommit={(v) => set('input', v ?? {})} />
        ))}
      {step.type === 'transform' && expr('expression', 'Expression', 'bare', true)}
      {step.type === 'if' && expr('condition', 'Condition')}
      {step.type === 'switch' && (
        <>
          {expr('value', 'Value')}
          <JsonField label="Cases (the value each case matches)" value={(Array.isArray(step['cases']) ? step['cases'] : []).map((c: { when?: unknown }) => c.when ?? null)} readOnly={readOnly} error={errors['cases']} onCommit={(v) => Array.isArray(v) && set('cases', v.map((when: unknown) => ({ when })))} />
        </>
      )}
      {step.type === 'for_each' && (
        <>
          {expr('items', 'Items')}
          <NumberInput label="Concurrency" min={1} max={100} value={typeof step['concurrency'] === 'number' ? step['concurrency'] : 1} readOnly={readOnly} onChange={(v) => typeof v === 'number' && set('concurrency', v)} />
        </>
      )}
      {step.type === 'parallel' && (
        <NumberInput label="Branches" min={1} max={20} value={Array.isArray(step['branches']) ? step['branches'].length : 1} readOnly={readOnly} onChange={(v) => typeof v === 'number' && setBranchCount(doc, step.id, v)} />
      )}
      {step.type === 'set' && <JsonField label="Values (text may hold {{ }} expressions)" value={step['values'] ?? {}} readOnly={readOnly} error={errors['values']} onCommit={(v) => set('values', v ?? {})} />}
      {step.type === 'ai' && expr('prompt', 'Prompt', 'template', true)}
      {step.type === 'memory_search' && expr('query', 'Query', 'template')}
      {(step.type === 'fail' || step.type === 'wait_for_approval') && expr('message', 'Message', 'template')}
      {step.type === 'delay' && <NumberInput label="Wait (ms)" min={0} value={typeof step['ms'] === 'number' ? step['ms'] : 0} readOnly={readOnly} error={errors['ms']} onChange={(v) => set('ms', typeof v === 'number' ? v : undefined)} />}
      {step.type === 'sub_workflow' && <TextInput label="Workflow id" value={typeof step['workflowId'] === 'string' ? step['workflowId'] : ''} readOnly={readOnly} error={errors['workflowId']} onChange={(e) => set('workflowId', e.currentTarget.value)} />}
      <Select
        label="When this step fails"
        data={[
          { value: 'stop', label: 'Stop the run' },
          { value: 'continue', label: 'Continue (the error is the output)' },
          { value: 'branch', label: 'Run the error branch' },
        ]}
        value={typeof step['onError'] === 'string' ? step['onError'] : 'stop'}
        readOnly={readOnly}
        onChange={(v) => v && set('onError', v)}
      />
      {otherErrors.map(([field, message]) => (
        <Text key={field} size="sm" c="red.8" role="alert">
          {field}: {message}
        </Text>
      ))}
      {!readOnly && (
        <>
          <Group gap="xs">
            <Button size="xs" variant="light" disabled={index === 0} onClick={() => moveStep(doc, step.id, slot, index - 1)}>
              Move up
            </Button>
            <Button size="xs" variant="light" disabled={index >= siblings - 1} onClick={() => moveStep(doc, step.id, slot, index + 1)}>
              Move down
            </Button>
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={() => {
                removeStep(doc, step.id);
                onRemoved();
              }}
            >
              Delete step
            </Button>
          </Group>
          <Select label="Move into" placeholder="Choose a list" data={slots.filter((s) => s.value !== slot)} value={null} onChange={(v) => v && moveStep(doc, step.id, v, Number.MAX_SAFE_INTEGER)} />
        </>
      )}
    </Stack>
  );
}

/** A code step's code is plain text, not a template: `{{ }}` in it is never evaluated. */
function CodeField({ value, readOnly, error, onCommit }: { value: string; readOnly: boolean; error: string | undefined; onCommit: (code: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Textarea
      label="Code (JavaScript or TypeScript; the body of async function (input), return a JSON value)"
      description="Runs in a sandbox: no network, files or secrets; pass what it needs in input. console.log goes to the step log."
      autosize
      minRows={6}
      maxRows={30}
      spellCheck={false}
      styles={{ input: { fontFamily: 'monospace' } }}
      value={text}
      readOnly={readOnly}
      error={error}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => text !== value && onCommit(text)}
    />
  );
}

const withoutField = (schema: ActionInfo['input'], field: string): ActionInfo['input'] => {
  const properties = { ...schema.properties };
  delete properties[field];
  return { ...schema, properties, ...(schema.required ? { required: schema.required.filter((r) => r !== field) } : {}) };
};
