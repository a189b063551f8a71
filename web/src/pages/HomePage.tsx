import { Button, Group, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { StatusCard } from '../components/StatusCard';
import { AttentionCard, MemorySyncCard, RecentRunsCard } from './home/HomeCards';
import { OnboardingChecklist } from './home/OnboardingChecklist';
import { RecommendationsCard } from './home/RecommendationsCard';

/** Home: the chat box first, then what needs attention. */
export default function HomePage() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) void navigate(`/chat?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <>
      <Title order={1}>What should Atom do?</Title>
      <Text c="dimmed" mt={4}>
        Ask about your documents, or describe an automation: “every weekday at 9, summarise new files in Finance and post to #finance”.
      </Text>
      <form onSubmit={submit}>
        <Group mt="md" align="flex-end" wrap="nowrap">
          <TextInput
            flex={1}
            size="md"
            label="Message Atom"
            placeholder="Ask or describe a workflow…"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
          />
          <Button type="submit" size="md">
            Send
          </Button>
        </Group>
      </form>
      <OnboardingChecklist />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt="xl">
        <RecommendationsCard />
        <RecentRunsCard />
        <AttentionCard />
        <MemorySyncCard />
        <StatusCard />
      </SimpleGrid>
    </>
  );
}
