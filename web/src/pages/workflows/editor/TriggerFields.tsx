import { NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SecretList } from '../../../../../src/shared/secrets';
import { api } from '../../../lib/api';

type Trigger = Record<string, unknown>;

// The menu's choice for "no secret named" (a Select option needs a value).
const ISSUE = '__issue__';

/**
 * The settings of a service trigger as a form: how it learns of events (Atom polls, or the service pushes
 * to the workflow's URL) and, for push, which workspace secret verifies the service's signature. The JSON
 * below it still holds everything else.
 */
export function IntegrationTriggerFields({ trigger, readOnly, onCommit }: { trigger: Trigger; readOnly: boolean; onCommit: (t: Trigger) => void }) {
  const mode = trigger['mode'] === 'push' ? 'push' : 'poll';
  // Names only: a secret's value never leaves the server. A role that may not list them types the name.
  const secrets = useQuery({ queryKey: ['workflow-secrets'], queryFn: () => api<SecretList>('/api/workflows/secrets'), enabled: mode === 'push' && !readOnly, retry: false });
  const signingSecret = typeof trigger['signingSecret'] === 'string' ? trigger['signingSecret'] : '';
  const set = (key: string, value: unknown) => {
    const next = { ...trigger };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onCommit(next);
  };
  const [minutes, setMinutes] = useState<string | number>(typeof trigger['pollMinutes'] === 'number' ? trigger['pollMinutes'] : 5);
  useEffect(() => setMinutes(typeof trigger['pollMinutes'] === 'number' ? trigger['pollMinutes'] : 5), [trigger]);
  const [typed, setTyped] = useState(signingSecret);
  useEffect(() => setTyped(signingSecret), [signingSecret]);

  const names = secrets.data?.items.map((s) => s.name) ?? [];
  const secretHelp = "The workspace secret holding the service's signing secret (Stripe's whsec_…, Shopify's app secret). Without one, activating the workflow issues a secret, shown once, for services that let you set it.";
  return (
    <Stack gap="xs" data-testid="trigger-fields">
      <div>
        <Text size="sm" fw={500} id="trigger-mode-label">
          How Atom learns of new events
        </Text>
        <SegmentedControl
          aria-labelledby="trigger-mode-label"
          value={mode}
          disabled={readOnly}
          data={[
            { value: 'poll', label: 'Atom checks' },
            { value: 'push', label: 'The service calls Atom' },
          ]}
          onChange={(v) => set('mode', v)}
        />
      </div>
      {mode === 'poll' ? (
        <NumberInput
          label="Check every (minutes)"
          min={1}
          max={1440}
          value={minutes}
          readOnly={readOnly}
          onChange={setMinutes}
          onBlur={() => {
            const n = Number(minutes);
            if (Number.isInteger(n) && n >= 1 && n <= 1440 && n !== trigger['pollMinutes']) set('pollMinutes', n);
          }}
        />
      ) : secrets.isError || readOnly ? (
        <TextInput
          label="Signing secret (workspace secret name)"
          description={secretHelp}
          value={typed}
          readOnly={readOnly}
          onChange={(e) => setTyped(e.currentTarget.value)}
          onBlur={() => typed.trim() !== signingSecret && set('signingSecret', typed.trim() || undefined)}
        />
      ) : (
        <Select
          label="Signing secret"
          description={secretHelp}
          data={[{ value: ISSUE, label: 'None: issue one when activated' }, ...[...new Set([...names, ...(signingSecret ? [signingSecret] : [])])].map((n) => ({ value: n, label: names.includes(n) ? n : `${n} (not a secret of this workspace)` }))]}
          value={signingSecret || ISSUE}
          allowDeselect={false}
          onChange={(v) => set('signingSecret', v && v !== ISSUE ? v : undefined)}
        />
      )}
    </Stack>
  );
}
