import '@xyflow/react/dist/style.css';
import { Alert, Anchor, Badge, Box, Button, Group, Paper, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, ViewportPortal, useReactFlow, type Edge, type NodeTypes } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { addStep, setWorkflowField, type DefinitionJson, type StepJson } from '../../../../../src/collab/model';
import { Presence } from '../../../components/Presence';
import { fetchMe, ME_QUERY_KEY } from '../../auth/authApi';
import { getWorkflow, listVersions } from '../workflowsApi';
import { draftState, listActions, saveDraft, validateDraft, type ValidationIssue } from './editorApi';
import { childListsOf, issueTarget, layoutGraph, NODE_HEIGHT, NODE_WIDTH, walkSteps } from './graph';
import { JsonField } from './SchemaFields';
import { StepNode, type StepFlowNode } from './StepNode';
import { StepPanel } from './StepPanel';
import { freshStepId, stepTypes } from './stepTypes';
import { useDraft, type Peer } from './useDraft';

const nodeTypes: NodeTypes = { step: StepNode };
const TRIGGER = '__trigger';

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
  const [selected, setSelected] = useState<string | null>(null);
  const [newType, setNewType] = useState<string>('transform');
  const [message, setMessage] = useState('');

  useEffect(() => setPresence({ selected }), [selected]);

  const issues = useServerValidation(workflowId, definition);
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
          <Badge variant="filled" style={{ background: status === 'connected' ? '#1b5e20' : '#8a4b00', color: '#fff' }} data-testid="collab-status">
            {status === 'connected' ? 'Live' : 'Offline — edits are kept on this device and will sync'}
          </Badge>
          {/* Who else is on this workflow (editor or detail page); which step each has selected shows on the canvas. */}
          {me.data && <Presence kind="workflow" id={workflowId} state={canWrite ? 'editing' : 'viewing'} />}
          <Anchor component={Link} to={`/workflows/w/${workflowId}`}>
            Versions and runs
          </Anchor>
        </Group>
      </Group>
      {!canWrite && me.data && <Alert color="blue">Your role can view this workflow but not change it.</Alert>}
      {byStep.general.length > 0 && (
        <Alert color="red" title="Problems in this draft" data-testid="general-issues">
          {byStep.general.map((i) => (
            <Text key={`${i.field}${i.message}`} size="sm">
              {i.field}: {i.message}
            </Text>
          ))}
        </Alert>
      )}
      <Group gap="xs" align="flex-end">
        <Select label="New step type" data={stepTypes.map((t) => ({ value: t.type, label: t.label }))} value={newType} onChange={(v) => v && setNewType(v)} disabled={!canWrite} w={220} />
        <Button onClick={add} disabled={!canWrite || !definition}>
          Add step
        </Button>
        <Text size="xs" c="dimmed" maw={360}>
          Adds after the selected step, into the selected empty list, or at the end.
        </Text>
      </Group>
      <Box style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 360px', gap: 12 }}>
        <Paper withBorder style={{ height: 620 }} aria-label="Workflow graph" role="region">
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
        <TextInput label="Version message" placeholder="What changed" value={message} onChange={(e) => setMessage(e.currentTarget.value)} disabled={!canWrite} w={360} />
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
      <Table data-testid="editor-versions">
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
              <Table.Td>{state.data?.versions.find((x) => x.version === v.version)?.authors.map((a) => a.name).join(', ') ?? '—'}</Table.Td>
              <Table.Td>{new Date(v.createdAt).toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
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
        issues: n.step ? Object.entries(issues.get(n.step.id) ?? {}).map(([f, m]) => `${f}: ${m}`) : [],
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
