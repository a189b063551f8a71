import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { AnalyticsPanel } from './AnalyticsPanel';
import { DocumentsPanel } from './DocumentsPanel';
import { SearchPanel } from './SearchPanel';
import { SourcesPanel } from './SourcesPanel';

const tabs = ['search', 'documents', 'sources', 'analytics'] as const;
type Tab = (typeof tabs)[number];

/** Memory: search across sources, the documents (with uploads), the sources and their syncs, and the analytics. */
export default function MemoryPage() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = tabs.includes(asked as Tab) ? (asked as Tab) : 'search';
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Memory</Title>
        <Text c="dimmed" mt="xs">Everything Atom remembers from your uploads, folders, Google Drive and OneDrive — you only see what each source shares with you.</Text>
      </div>
      <Tabs
        value={tab}
        onChange={(v) => {
          // Keep other parameters (e.g. the connection just made) only on the tab that uses them.
          setParams(v && v !== 'search' ? { tab: v } : {}, { replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label="Memory sections">
          <Tabs.Tab value="search">Search</Tabs.Tab>
          <Tabs.Tab value="documents">Documents</Tabs.Tab>
          <Tabs.Tab value="sources">Sources</Tabs.Tab>
          <Tabs.Tab value="analytics">Analytics</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="search" pt="md"><SearchPanel /></Tabs.Panel>
        <Tabs.Panel value="documents" pt="md"><DocumentsPanel /></Tabs.Panel>
        <Tabs.Panel value="sources" pt="md"><SourcesPanel /></Tabs.Panel>
        <Tabs.Panel value="analytics" pt="md"><AnalyticsPanel /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
