import { Alert, Anchor, Box, Button, Code, ColorSwatch, CopyButton, Group, Loader, Select, SimpleGrid, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { emptyFilters, exportUrl, fetchAuditPage, fetchMembers, filterQuery, filtersFromSearch, verifyAuditChain, type AuditEntry, type AuditFilters, type Member } from './AuditApi';

// A coloured dot beside plain text: the word keeps full contrast on striped and hovered rows.
const outcomeColor: Record<AuditEntry['outcome'], string> = { success: 'teal', failure: 'red', denied: 'orange' };

function VerifyChain() {
  const verify = useMutation({ mutationFn: verifyAuditChain });
  const report = verify.data;
  return (
    <>
      <Button variant="light" onClick={() => verify.mutate()} loading={verify.isPending}>
        Verify chain
      </Button>
      {verify.error && (
        <Alert color="red" title="Could not verify" mt="sm" w="100%">
          {verify.error.message}
        </Alert>
      )}
      {report?.ok && (
        <Alert color="green" title="Chain intact" mt="sm" w="100%" data-testid="verify-result">
          {report.checked} entries checked (#{report.firstSeq} to #{report.headSeq}); no entry was altered or removed. Newest hash:{' '}
          <Code>{report.headHash?.slice(0, 16) ?? '—'}…</Code>
          {report.headHash && (
            <CopyButton value={report.headHash}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="subtle" ml="xs" onClick={copy}>
                  {copied ? 'Copied' : 'Copy full hash'}
                </Button>
              )}
            </CopyButton>
          )}
          <Text size="xs" mt={4}>
            Keep this hash somewhere else (a ticket, your monitoring): if the whole log were ever rewritten, it would no longer match.
          </Text>
        </Alert>
      )}
      {report && !report.ok && report.firstBroken && (
        <Alert color="red" title={`Chain broken at entry #${report.firstBroken.seq}`} mt="sm" w="100%" data-testid="verify-result">
          {report.firstBroken.message} ({report.checked} entries before it verified.)
        </Alert>
      )}
    </>
  );
}

const targetLabel: Record<string, string> = { workflow: 'workflow', workflow_run: 'run', connection: 'connection', user: 'member', api_token: 'API token', workflow_secret: 'secret' };

type RowProps = { entry: AuditEntry; index: number; measure: (el: HTMLTableRowElement | null) => void };

function EntryRow({ entry, members, open, toggle, index, measure }: RowProps & { members: Map<string, Member>; open: boolean; toggle: () => void }) {
  const person = entry.actor.id ? members.get(entry.actor.id) : undefined;
  return (
    <Table.Tr onClick={toggle} style={{ cursor: 'pointer' }} data-index={index} ref={measure}>
      <Table.Td>
        <UnstyledButton
          aria-expanded={open}
          aria-label={`${new Date(entry.occurredAt).toLocaleString()}, details of entry ${entry.seq}`}
          onClick={(e) => {
            e.stopPropagation();
            toggle();
          }}
        >
          <Text size="sm" title={entry.occurredAt}>
            {new Date(entry.occurredAt).toLocaleString()}
          </Text>
        </UnstyledButton>
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={entry.actor.id ?? undefined}>
          {person ? person.name : (entry.actor.id ?? '—')}
        </Text>
        <Text size="xs" c="dimmed">
          {person ? `${person.email} · ` : ''}
          {entry.actor.type === 'token' ? 'API token' : entry.actor.type}
        </Text>
      </Table.Td>
      <Table.Td>
        <Code>{entry.action}</Code>
      </Table.Td>
      <Table.Td data-target-id={entry.target?.id}>
        {entry.target && entry.target.name !== undefined ? (
          <>
            {/* The name people know it by; the id (what the record keeps) on hover and below. */}
            <Text size="sm" title={`${entry.target.type} ${entry.target.id}`}>
              {entry.target.name ?? (entry.target.type === 'user' ? 'Former member' : 'Deleted or unknown')}
            </Text>
            <Text size="xs" c="dimmed">
              {targetLabel[entry.target.type] ?? entry.target.type.replace(/_/g, ' ')} · {entry.target.id}
            </Text>
          </>
        ) : entry.target ? (
          `${entry.target.type} ${entry.target.id}`
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <ColorSwatch color={`var(--mantine-color-${outcomeColor[entry.outcome]}-6)`} size={10} withShadow={false} aria-hidden="true" />
          <Text size="sm">{entry.outcome}</Text>
        </Group>
      </Table.Td>
      <Table.Td>{entry.ip ?? '—'}</Table.Td>
    </Table.Tr>
  );
}

function DetailsRow({ entry, index, measure }: RowProps) {
  return (
    <Table.Tr data-index={index} ref={measure}>
      <Table.Td colSpan={6}>
        <Text size="xs" c="dimmed">
          #{entry.seq} · {entry.userAgent ?? 'no user agent'} · request {entry.requestId ?? '—'} · hash {entry.hash.slice(0, 16)}…
        </Text>
        <Code block mt={4}>
          {JSON.stringify(entry.details, null, 2)}
        </Code>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The entries as a virtualized table: only the rows in view are in the DOM (spacer rows keep the scroll
 * height), so 100,000 entries scroll smoothly; older pages load as the end comes into view.
 */
function AuditTable({ entries, members, onEnd }: { entries: AuditEntry[]; members: Map<string, Member>; onEnd: () => void }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const rows = useMemo(() => entries.flatMap((e) => (open.has(e.seq) ? [{ e, details: false }, { e, details: true }] : [{ e, details: false }])), [entries, open]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 56,
    overscan: 10,
    getItemKey: (i) => `${rows[i]?.e.seq}${rows[i]?.details ? 'd' : ''}`,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (last && last.index >= rows.length - 1) onEnd();
  }, [last, rows.length, onEnd]);
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (last?.end ?? 0);
  const toggle = (seq: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  return (
    <div ref={scrollRef} style={{ height: '65vh', overflow: 'auto' }} data-testid="audit-scroll">
      <Table striped highlightOnHover aria-label="Audit entries" miw={720}>
        <Table.Thead style={{ position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>IP</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 && (
            <tr aria-hidden="true" style={{ height: top }}>
              <td colSpan={6} />
            </tr>
          )}
          {items.map((v) => {
            const row = rows[v.index];
            if (!row) return null;
            return row.details ? (
              <DetailsRow key={v.key} entry={row.e} index={v.index} measure={virtualizer.measureElement} />
            ) : (
              <EntryRow key={v.key} entry={row.e} members={members} open={open.has(row.e.seq)} toggle={() => toggle(row.e.seq)} index={v.index} measure={virtualizer.measureElement} />
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" style={{ height: bottom }}>
              <td colSpan={6} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** Settings → Audit log: who did what, filterable, with a tamper check and exports. */
export default function AuditLogPage() {
  // The URL holds the applied filters: links from other pages open a filtered view, and back/forward work.
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const setFilters = (f: AuditFilters) => setSearch(filterQuery(f));
  const [draft, setDraft] = useState<AuditFilters>(filters);
  const list = useInfiniteQuery({
    queryKey: ['audit', filterQuery(filters).toString()],
    queryFn: ({ pageParam }) => fetchAuditPage(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  // Names are a nicety: without them (e.g. the list fails) the viewer shows ids.
  const memberList = useQuery({ queryKey: ['members'], queryFn: fetchMembers, staleTime: 60_000 });
  const members = new Map((memberList.data ?? []).map((m) => [m.userId, m]));
  const set = (key: keyof AuditFilters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  const fieldError = (name: string) =>
    list.error instanceof ApiError ? list.error.fields.find((f) => f.field === `query.${name}`)?.message : undefined;

  return (
    <>
      <Title order={1}>Audit log</Title>
      <Text c="dimmed" mt={4}>
        Every sign-in, access change, key, connection, workflow and retention event in this workspace. Entries are chained by hash, so any change or
        removal shows up when you verify the chain.
      </Text>

      <form onSubmit={apply} aria-label="Audit filters">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} mt="md">
          <Select
            label="Actor"
            placeholder="Anyone"
            searchable
            clearable
            data={(memberList.data ?? []).map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` }))}
            value={draft.actor || null}
            onChange={(v) => set('actor')(v ?? '')}
            error={fieldError('actor')}
          />
          <TextInput
            label="Action"
            placeholder="auth.* or workflow.updated"
            value={draft.action}
            onChange={(e) => set('action')(e.currentTarget.value)}
            error={fieldError('action')}
          />
          <TextInput label="Target type" placeholder="workflow" value={draft.targetType} onChange={(e) => set('targetType')(e.currentTarget.value)} />
          <TextInput label="Target id" value={draft.targetId} onChange={(e) => set('targetId')(e.currentTarget.value)} />
          <Select
            label="Outcome"
            data={[
              { value: '', label: 'Any' },
              { value: 'success', label: 'Success' },
              { value: 'failure', label: 'Failure' },
              { value: 'denied', label: 'Denied' },
            ]}
            value={draft.outcome}
            onChange={(v) => set('outcome')(v ?? '')}
            allowDeselect={false}
          />
          <TextInput label="From" type="datetime-local" value={draft.since} onChange={(e) => set('since')(e.currentTarget.value)} error={fieldError('since')} />
          <TextInput label="Until" type="datetime-local" value={draft.until} onChange={(e) => set('until')(e.currentTarget.value)} error={fieldError('until')} />
          <Group align="flex-end">
            <Button type="submit">Apply filters</Button>
            <Button
              variant="subtle"
              onClick={() => {
                setDraft(emptyFilters);
                setFilters(emptyFilters);
              }}
            >
              Clear
            </Button>
          </Group>
        </SimpleGrid>
      </form>

      <Group mt="lg" justify="space-between" align="flex-start">
        <Group gap="xs">
          <VerifyChain />
        </Group>
        <Group gap="xs">
          <Anchor href={exportUrl(filters, 'csv')} download>
            Export CSV
          </Anchor>
          <Anchor href={exportUrl(filters, 'jsonl')} download>
            Export JSON lines
          </Anchor>
        </Group>
      </Group>

      {list.isPending && <Loader mt="lg" aria-label="Loading audit entries" />}
      {list.error && (
        <Alert color="red" title="Could not load the audit log" mt="lg">
          {list.error.message}
        </Alert>
      )}
      {list.isSuccess && entries.length === 0 && (
        <Text mt="lg" c="dimmed">
          No entries match these filters.
        </Text>
      )}
      {entries.length > 0 && (
        <Box mt="lg">
          <AuditTable entries={entries} members={members} onEnd={loadMore} />
        </Box>
      )}
      {list.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Load older entries
        </Button>
      )}
    </>
  );
}
