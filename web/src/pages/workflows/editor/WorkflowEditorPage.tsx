import '@xyflow/react/dist/style.css';
import { Alert, Anchor, Badge, Box, Button, Code, Group, Paper, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, ViewportPortal, useReactFlow, type Edge, type NodeTypes } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { addStep, setWorkflowField, type DefinitionJson, type StepJson } from '../../../../../src/collab/model';
import { Presence } from '../../../components/Presence';
import { fetchMe, ME_QUERY_KEY } from '../../auth/authApi';
import { getRun, statusColor, type RunDetail } from '../../runs/runsApi';
import { ErrorPanel, IssueList, issuesOf } from '../IssueList';
import { getWorkflow, listVersions, runWorkflow, testStep } from '../workflowsApi';
import { draftState, listActions, saveDraft, validateDraft, type ValidationIssue } from './editorApi';
import { childListsOf, issueTarget, layoutGraph, NODE_HEIGHT, NODE_WIDTH, walkSteps } from './graph';
import { JsonField } from './SchemaFields';
import { StepNode, type StepFlowNode } from './StepNode';
import { StepPanel } from './StepPanel';
import { IntegrationTriggerFields } from './TriggerFields';
import { freshStepId, stepTypes } from './stepTypes';
import { useDraft, type Peer } from './useDraft';

const nodeTypes: NodeTypes = { step: StepNode };
const TRIGGER = '__trigger';
const isIntegrationTrigger = (t: unknown): t is Record<string, unknown> => typeof t === 'object' && t !== null && (t as { type?: unknown }).type === 'integration';

/** The visual editor of one workflow: the shared draft as a graph, the selected step's settings, saving. */
export default function WorkflowEditorPage() {
  const { id = '' } = useParams();
  return (
    <ReactFlowProvider>
      <Editor key={id} workflowId={id} />
    </ReactFlowProvider>
  );
}

function Editor({ workflowId }: { workflowId: string }) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 });
  const wf = useQuery({ queryKey: ['workflow', workflowId], queryFn: () => getWorkflow(workflowId) });
  const actions = useQuery({ queryKey: ['workflow-actions'], queryFn: listActions, staleTime: 300_000 });
  const versions = useQuery({ queryKey: ['workflow-versions', workflowId], queryFn: () => listVersions(workflowId) });
  const state = useQuery({ queryKey: ['workflow-draft-state', workflowId], queryFn: () => draftState(workflowId) });
  const user = useMemo(() => (me.data ? { id: me.data.user.id, name: me.data.user.name } : undefined), [me.data]);
  const { doc, definition, status, synced, peers, setPresence } = useDraft(workflowId, user);
  const canWrite = me.data?.workspace?.permissions.includes('workflows:write') ?? false;
  const canRun = me.data?.workspace?.permissions.includes('workflows:run') ?? false;
  // ?step=<id> (from a run's error or a problem list elsewhere) opens that step.
  const [params] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(params.get('step'));
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [newType, setNewType] = useState<string>('transform');
  const [message, setMessage] = useState('');

  useEffect(() => setPresence({ selected }), [selected]);

  const draftIssues = useServerValidation(workflowId, definition);
  // A refused run lists problems too (a live run also checks connections and secrets): mark those steps as well.
  const refusedIssues = useMemo(() => issuesOf(refusal), [refusal]);
  const issues = useMemo(() => {
    const seen = new Set(draftIssues.map((i) => `${i.field}|${i.message}`));
    return [...draftIssues, ...refusedIssues.filter((i) => !seen.has(`${i.field}|${i.message}`))];
  }, [draftIssues, refusedIssues]);
  const walk = useMemo(() => (definition ? walkSteps(definition) : []), [definition]);
  const byStep = useMemo(() => {
    const out = new Map<string, Record<string, string>>();
    const general: ValidationIssue[] = [];
    for (const issue of issues) {
      const target = definition ? issueTarget(definition, issue) : undefined;
      if (!target) {
        general.push(issue);
        continue;
      }
      const fields = out.get(target.stepId) ?? {};
      fields[target.field || 'id'] ??= issue.message;
      out.set(target.stepId, fields);
    }
    return { out, general };
  }, [issues, definition]);

  const save = useMutation({
    mutationFn: () => saveDraft(workflowId, message.trim()),
    onSuccess: (v) => {
      notifications.show({ color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' }, message: `Saved version ${v.version}${v.authors.length > 1 ? ` with ${v.authors.map((a) => a.name).join(', ')}` : ''}.` });
      setMessage('');
      void client.invalidateQueries({ queryKey: ['workflow-versions', workflowId] });
      void client.invalidateQueries({ queryKey: ['workflow-draft-state', workflowId] });
      void client.invalidateQueries({ queryKey: ['workflow', workflowId] });
    },
    onError: (e) => notifications.show({ color: 'red', closeButtonProps: { 'aria-label': 'Dismiss' }, message: (e as Error).message }),
  });

  /** Runs work on saved versions: unsaved edits are saved first (by someone who may save). */
  const ensureSaved = async (why: string) => {
    if (!definition || !wf.data) return;
    if (canonical(definition) === canonical(wf.data.draft)) return;
    if (!canWrite) throw new Error('The draft has changes that are not saved, and your role may not save them.');
    if (status !== 'connected') throw new Error('The editor is offline: reconnect so the draft can be saved before it runs.');
    await saveDraft(workflowId, why);
    await client.invalidateQueries({ queryKey: ['workflow', workflowId] });
    void client.invalidateQueries({ queryKey: ['workflow-versions', workflowId] });
  };
  const start = useMutation({
    mutationFn: async (kind: 'dry' | 'live' | 'step'): Promise<Outcome> => {
      await ensureSaved(kind === 'live' ? 'Saved before a run' : 'Saved before a test');
      if (kind === 'step') {
        if (!selected || selected === TRIGGER) throw new Error('Select a step on the graph first.');
        // Earlier steps' outputs from the last dry run, so the tested step sees data like a real run.
        const steps = outcome?.run ? Object.fromEntries(outcome.run.steps.filter((x) => x.status === 'succeeded').map((x) => [x.stepId, x.output])) : undefined;
        const r = await testStep(workflowId, selected, steps ? { steps } : {});
        return { kind, stepId: selected, status: r.status, output: r.output, error: r.error };
      }
      const pinned = wf.data?.pinnedTriggerData;
      const r = await runWorkflow(workflowId, kind === 'dry', { usePinned: pinned !== null && pinned !== undefined, waitMs: 10_000 });
      return { kind, status: r.status, run: await getRun(r.id) };
    },
    onMutate: () => {
      setRefusal(null);
      setOutcome(null);
    },
    onSuccess: setOutcome,
    onError: setRefusal,
  });

  const selectedEntry = walk.find((w) => w.step.id === selected);
  const add = () => {
    if (!definition) return;
    const kind = stepTypes.find((t) => t.type === newType) ?? stepTypes[0];
    if (!kind) return;
    const step = kind.create(freshStepId(kind.type, walk.map((w) => w.step.id)), actions.data?.items[0]?.id);
    if (selectedEntry) addStep(doc, selectedEntry.slot, selectedEntry.index + 1, step);
    else if (selected?.endsWith('::empty')) addStep(doc, selected.slice(0, -'::empty'.length), 0, step);
    else addStep(doc, 'root', selected === TRIGGER ? 0 : definition.steps.length, step);
    setSelected(step.id);
  };

  const slotsFor = (stepId: string) => {
    if (!definition) return [];
    const inside = new Set<string>();
    const mark = (s: StepJson) => {
      inside.add(s.id);
      for (const l of childListsOf(s)) l.steps.forEach(mark);
    };
    const self = walk.find((w) => w.step.id === stepId)?.step;
    if (self) mark(self);
    return [{ value: 'root', label: 'Top level' }, ...walk.filter((w) => !inside.has(w.step.id)).flatMap((w) => childListsOf(w.step).map((l) => ({ value: l.slot, label: `${w.step.id}: ${l.label}` })))];
  };

  if (wf.error) return <Alert color="red">{(wf.error as Error).message}</Alert>;
  const others = dedupePeers(peers);
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>{wf.data ? `Edit ${wf.data.name}` : 'Edit workflow'}</Title>
        <Group gap="xs">
          {wf.data && (
            <Badge variant="filled" style={{ background: wf.data.active ? '#1b5e20' : '#495057', color: '#fff' }} data-testid="workflow-active">
              {wf.data.active ? `Active (runs v${wf.data.publishedVersion ?? '?'})` : 'Inactive — not triggered'}
            </Badge>
          )}
          {/* The co-editing connection, not the workflow: said as the draft's state so it is not read as "the workflow is live". */}
          <Badge variant="outline" style={{ borderColor: status === 'connected' ? '#1b5e20' : '#8a4b00', color: status === 'connected' ? '#1b5e20' : '#8a4b00' }} data-testid="collab-status">
            {status === 'connected' ? 'Draft synced' : 'Offline — edits are kept on this device and will sync'}
          </Badge>
          {/* Who else is on this workflow (editor or detail page); which step each has selected shows on the canvas. */}
          {me.data && <Presence kind="workflow" id={workflowId} state={canWrite ? 'editing' : 'viewing'} />}
          <Anchor component={Link} to={`/workflows/w/${workflowId}`}>
            Versions and runs
          </Anchor>
        </Group>
      </Group>
      {!canWrite && me.data && <Alert color="blue">Your role can view this workflow but not change it.</Alert>}
      <Group gap="xs" data-testid="run-toolbar">
        <Button variant="default" onClick={() => start.mutate('step')} loading={start.isPending && start.variables === 'step'} disabled={!canRun || !selectedStepId(selected, walk)}>
          Test step
        </Button>
        <Button variant="default" onClick={() => start.mutate('dry')} loading={start.isPending && start.variables === 'dry'} disabled={!canRun || !definition}>
          Dry run
        </Button>
        <Button onClick={() => start.mutate('live')} loading={start.isPending && start.variables === 'live'} disabled={!canRun || !definition}>
          Run now
        </Button>
        <Text size="xs" maw={420}>
          {canRun ? 'Unsaved edits are saved first. A dry run and a step test preview side effects instead of doing them.' : 'Your role may not run this workflow.'}
        </Text>
      </Group>
      {refusal !== null && refusedIssues.length === 0 && <ErrorPanel error={refusal} onClose={() => setRefusal(null)} />}
      {issues.length > 0 && <IssueList issues={issues} title={refusedIssues.length > 0 ? 'The run was refused: fix these first' : undefined} onShowStep={setSelected} />}
      {outcome && <OutcomePanel outcome={outcome} onClose={() => setOutcome(null)} onShowStep={setSelected} />}
      <Group gap="xs" align="flex-end">
        <Select label="New step type" data={stepTypes.map((t) => ({ value: t.type, label: t.label }))} value={newType} onChange={(v) => v && setNewType(v)} disabled={!canWrite} w={220} />
        <Button onClick={add} disabled={!canWrite || !definition}>
          Add step
        </Button>
        <Text size="xs" c="dimmed" maw={360}>
          Adds after the selected step, into the selected empty list, or at the end.
        </Text>
      </Group>
      {/* On a phone the settings go under the canvas: side by side left the canvas a 12 px strip. */}
      <Box style={{ display: 'grid', gridTemplateColumns: phone ? 'minmax(0, 1fr)' : 'minmax(0, 1fr) 360px', gap: 12 }}>
        <Paper withBorder style={{ height: phone ? 'max(360px, 60vh)' : 620 }} aria-label="Workflow graph" role="region" data-testid="editor-canvas">
          {definition ? (
            <Canvas definition={definition} issues={byStep.out} peers={others} selected={selected} onSelect={setSelected} onCursor={(cursor) => setPresence({ cursor })} />
          ) : (
            <Text p="md">{synced || status === 'connected' ? 'Loading the draft…' : 'Connecting…'}</Text>
          )}
        </Paper>
        <Paper withBorder p="sm" component="aside" aria-label="Step settings">
          <ScrollArea.Autosize mah={600}>
            {selectedEntry ? (
              <StepPanel
                key={selectedEntry.step.id}
                doc={doc}
                step={selectedEntry.step}
                slot={selectedEntry.slot}
                index={selectedEntry.index}
                siblings={walk.filter((w) => w.slot === selectedEntry.slot).length}
                slots={slotsFor(selectedEntry.step.id)}
                actions={actions.data?.items ?? []}
                earlier={walk.slice(0, walk.indexOf(selectedEntry)).map((w) => w.step.id)}
                errors={byStep.out.get(selectedEntry.step.id) ?? {}}
                readOnly={!canWrite}
                onRenamed={setSelected}
                onRemoved={() => setSelected(null)}
              />
            ) : selected === TRIGGER && definition ? (
              <Stack gap="sm">
                <Title order={2} size="h4">
                  Trigger
                </Title>
                {isIntegrationTrigger(definition.trigger) && (
                  <IntegrationTriggerFields trigger={definition.trigger} readOnly={!canWrite} onCommit={(v) => setWorkflowField(doc, 'trigger', v)} />
                )}
                <JsonField label="Trigger" value={definition.trigger} readOnly={!canWrite} onCommit={(v) => v !== undefined && setWorkflowField(doc, 'trigger', v)} />
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                Select a step on the graph (click it, or Tab to it and press Enter) to change its settings.
              </Text>
            )}
          </ScrollArea.Autosize>
        </Paper>
      </Box>
      <Group align="flex-end">
        <TextInput label="Version message" placeholder="What changed" value={message} onChange={(e) => setMessage(e.currentTarget.value)} disabled={!canWrite} w={phone ? '100%' : 360} />
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!canWrite || message.trim() === ''}>
          Save version
        </Button>
        {state.data && state.data.editors.length > 0 && (
          <Text size="sm" c="dimmed">
            Edited since v{state.data.baseVersion} by {state.data.editors.map((e) => e.name).join(', ')}
          </Text>
        )}
      </Group>
      <Title order={2} size="h3">
        Versions
      </Title>
      <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Versions">
      <Table data-testid="editor-versions" miw={480}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Message</Table.Th>
            <Table.Th>Edited by</Table.Th>
            <Table.Th>Saved</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(versions.data?.items ?? []).slice(0, 8).map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td>v{v.version}</Table.Td>
              <Table.Td>{v.message}</Table.Td>
              <Table.Td>{state.data?.versions.find((x) => x.version === v.version)?.authors.map((a) => a.name).join(', ') ?? v.authorName ?? 'a former member'}</Table.Td>
              <Table.Td>{new Date(v.createdAt).toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      </Box>
    </Stack>
  );
}

interface Outcome {
  kind: 'dry' | 'live' | 'step';
  status: string;
  run?: RunDetail;
  stepId?: string;
  output?: unknown;
  error?: unknown;
}

/** `input.connectionId` → `Connection` (the field as the step panel labels it, not its path). */
const fieldWords = (path: string) =>
  path
    .replace(/^input\./, '')
    .split('.')
    .map((p) => {
      const w = p === 'id' ? 'step id' : p.replace(/Id$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join(' › ');

const selectedStepId = (selected: string | null, walk: { step: StepJson }[]) => (selected && walk.some((w) => w.step.id === selected) ? selected : undefined);

/** Key order aside, is this the same JSON? (the draft against the latest saved version) */
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x));

const errorText = (e: unknown) => {
  const o = (e ?? {}) as { message?: unknown };
  return typeof o.message === 'string' ? o.message : JSON.stringify(e);
};

/** What the last test, dry run or run did: each step's status, the failure in words, a link to the whole run. */
function OutcomePanel({ outcome, onClose, onShowStep }: { outcome: Outcome; onClose: () => void; onShowStep: (id: string) => void }) {
  const failed = outcome.status === 'failed';
  const title = outcome.kind === 'step' ? `Step test of “${outcome.stepId ?? ''}”: ${outcome.status}` : `${outcome.kind === 'dry' ? 'Dry run' : 'Run'}: ${outcome.run?.status ?? outcome.status}`;
  const runError = outcome.run?.error as { stepId?: unknown; message?: unknown } | null | undefined;
  return (
    <Alert color={failed || outcome.run?.status === 'failed' ? 'red' : 'green'} title={title} withCloseButton closeButtonLabel="Dismiss" onClose={onClose} data-testid="run-outcome" styles={{ title: { color: 'var(--mantine-color-text)' } }}>
      {outcome.kind === 'step' ? (
        failed ? (
          <Text size="sm">{errorText(outcome.error)}</Text>
        ) : (
          <Code block>{JSON.stringify(outcome.output, null, 2)}</Code>
        )
      ) : outcome.run ? (
        <Stack gap={4}>
          {runError && (
            <Text size="sm">
              {typeof runError.stepId === 'string' ? `Step “${runError.stepId}” failed: ` : ''}
              {errorText(runError)}{' '}
              {typeof runError.stepId === 'string' && (
                <Button size="compact-xs" variant="subtle" onClick={() => onShowStep(runError.stepId as string)}>
                  Show step
                </Button>
              )}
            </Text>
          )}
          <Group gap={6}>
            {outcome.run.steps.map((x) => (
              <Badge key={`${x.stepKey}-${x.attempt}`} variant="dot" color={statusColor[x.status] ?? 'gray'}>
                {x.stepId}: {x.status}
              </Badge>
            ))}
          </Group>
          <Anchor component={Link} to={`/workflows/runs/${outcome.run.id}`} size="sm" data-testid="outcome-run-link">
            Open this run
          </Anchor>
        </Stack>
      ) : null}
    </Alert>
  );
}

/** One entry per person (a person may have several tabs open). */
function dedupePeers(peers: Peer[]): Peer[] {
  const seen = new Map<string, Peer>();
  for (const p of peers) if (!seen.has(p.user.id) || p.selected) seen.set(p.user.id, p);
  return [...seen.values()];
}

/** Validates the draft on the server a moment after each change (the same checks as activation). */
function useServerValidation(workflowId: string, definition: DefinitionJson | undefined): ValidationIssue[] {
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const key = definition ? JSON.stringify(definition) : '';
  useEffect(() => {
    if (!key) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      validateDraft(workflowId, JSON.parse(key), abort.signal)
        .then((r) => setIssues(r.issues))
        .catch(() => undefined);
    }, 400);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [workflowId, key]);
  return issues;
}

interface CanvasProps {
  definition: DefinitionJson;
  issues: Map<string, Record<string, string>>;
  peers: Peer[];
  selected: string | null;
  onSelect: (id: string | null) => void;
  onCursor: (cursor: { x: number; y: number } | null) => void;
}

function Canvas({ definition, issues, peers, selected, onSelect, onCursor }: CanvasProps) {
  const flow = useReactFlow();
  const lastCursor = useRef(0);
  const { nodes, edges } = useMemo(() => {
    const laid = layoutGraph(definition);
    const trigger = (definition.trigger as { type?: string } | undefined)?.type ?? 'manual';
    const nodes: StepFlowNode[] = laid.nodes.map((n) => ({
      id: n.id,
      type: 'step',
      position: { x: n.x, y: n.y },
      // Fixed sizes: nodes are rebuilt from the draft on every change, so measured sizes would be lost.
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      selected: n.id === selected,
      ariaLabel: n.kind === 'trigger' ? `Trigger: ${trigger}` : n.step ? `Step ${n.step.id} (${n.step.type})${issues.has(n.step.id) ? ', has problems' : ''}` : `Empty list ${n.slot}`,
      data: {
        kind: n.kind,
        ...(n.step ? { step: n.step } : {}),
        ...(n.label ? { label: n.label } : {}),
        trigger,
        issues: n.step ? Object.entries(issues.get(n.step.id) ?? {}).map(([f, m]) => `${fieldWords(f)}: ${m}`) : [],
        peers: peers.filter((p) => p.selected === n.id),
      },
    }));
    const edges: Edge[] = laid.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.label ? { label: e.label } : {}),
      markerEnd: { type: MarkerType.ArrowClosed },
      focusable: false,
      labelStyle: { fill: e.error ? '#c92a2a' : '#212529', fontWeight: 600 },
      ...(e.error ? { style: { stroke: '#c92a2a', strokeDasharray: '4 3' } } : {}),
    }));
    return { nodes, edges };
  }, [definition, issues, peers, selected]);

  const cursors = peers.filter((p) => p.cursor);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      fitView
      minZoom={0.2}
      onNodeClick={(_, node) => onSelect(node.id)}
      // Nodes are controlled (laid out from the draft): only selection changes are taken, which is also
      // how a keyboard selection (Tab to a node, Enter) arrives.
      onNodesChange={(changes) => {
        const picked = changes.find((c) => c.type === 'select' && c.selected);
        if (picked && picked.type === 'select' && picked.id !== selected) onSelect(picked.id);
      }}
      onPaneClick={() => onSelect(null)}
      onPointerMove={(e) => {
        const now = Date.now();
        if (now - lastCursor.current < 50) return;
        lastCursor.current = now;
        onCursor(flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      }}
      onPointerLeave={() => onCursor(null)}
    >
      <Background />
      <Controls showInteractive={false} />
      <ViewportPortal>
        {cursors.map((p) => (
          <div key={p.clientId} aria-hidden style={{ position: 'absolute', transform: `translate(${p.cursor?.x ?? 0}px, ${p.cursor?.y ?? 0}px)`, pointerEvents: 'none', zIndex: 10 }}>
            <svg width="14" height="18" viewBox="0 0 14 18">
              <path d="M0 0 L14 10 L7 11 L4 18 Z" fill={p.user.color} />
            </svg>
            <span style={{ background: p.user.color, color: '#fff', fontSize: 11, padding: '1px 4px', borderRadius: 4 }}>{p.user.name}</span>
          </div>
        ))}
      </ViewportPortal>
    </ReactFlow>
  );
}
