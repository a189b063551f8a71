import { Alert, Button, Card, Grid, Group, NavLink, ScrollArea, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { isNetworkError } from '../../lib/api';
import { mutate as queueMutation, onQueueChange, readQueue } from '../../lib/offline-queue';
import { cancelPending, getConversation, listConversations, streamChat } from './chatApi';
import type { ChatEvent, Citation, ToolActivity, WorkflowCardData } from './common';
import { CitationList, linkify, MessageText } from './MessageText';
import { ToolCard } from './ToolCard';
import { VoiceButton } from './VoiceButton';
import { WorkflowCard } from './WorkflowCard';

interface Turn {
  role: 'user' | 'assistant';
  text: string;
  citations: Citation[];
  tools: ToolActivity[];
  /** Workflows drafted in this turn. */
  cards?: WorkflowCardData[];
  /** The turn failed: its message, shown where it happened (and kept in the conversation). */
  error?: string | undefined;
  via?: string;
  /** Id in the offline queue while the message waits for the network. */
  queuedId?: string | undefined;
  /** A queued message that has since been sent. */
  delivered?: boolean;
}

const CHAT_LABEL = 'Chat message';

/** Chat with Atom: streamed answers with sources, tool cards to confirm actions, push-to-talk. */
export default function ChatPage() {
  const params = useParams();
  const conversationId = params['*'] || undefined;
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['conversations'], queryFn: listConversations });
  const [turns, setTurns] = useState<Turn[]>([]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  // Queued messages leave the offline queue once sent: show them delivered and pick up the new conversation.
  useEffect(
    () =>
      onQueueChange((queue) => {
        const waiting = new Set(queue.map((q) => q.id));
        setTurns((prev) => {
          if (!prev.some((t) => t.queuedId && !waiting.has(t.queuedId))) return prev;
          void client.invalidateQueries({ queryKey: ['conversations'] });
          return prev.map((t) => (t.queuedId && !waiting.has(t.queuedId) ? { ...t, queuedId: undefined, delivered: true } : t));
        });
      }),
    [client],
  );

  useEffect(() => {
    if (!conversationId) return setTurns([]);
    void getConversation(conversationId).then(({ messages, pending }) => {
      const out: Turn[] = [];
      for (const m of messages) {
        if (m.role === 'user') out.push({ role: 'user', text: m.text, citations: [], tools: [], via: m.via });
        else if (m.role === 'tool' && m.card) {
          const last = out.at(-1);
          if (last?.role === 'assistant') last.cards = [...(last.cards ?? []), m.card];
        } else if (m.role === 'assistant') {
          const last = out.at(-1);
          const turn = last?.role === 'assistant' ? last : (out.push({ role: 'assistant', text: '', citations: [], tools: [] }), out.at(-1)!);
          if (m.via === 'error') {
            turn.error = m.text;
            continue;
          }
          turn.text += m.text;
          turn.citations.push(...m.citations);
          for (const c of m.toolCalls) {
            const waiting = pending.find((p) => p.toolCallId === c.toolCallId);
            turn.tools.push({ toolCallId: c.toolCallId, name: c.toolName, status: waiting ? 'awaiting' : 'done', summary: c.toolName, ...(waiting ? { pendingId: waiting.id, target: waiting.target } : {}) });
          }
        }
      }
      setTurns(out);
    });
  }, [conversationId]);

  const apply = (e: ChatEvent) => {
    if (e.event === 'conversation' && e.data.conversationId !== conversationId) {
      void client.invalidateQueries({ queryKey: ['conversations'] });
      void navigate(`/chat/${e.data.conversationId}`, { replace: true });
    }
    setTurns((prev) => {
      const next = [...prev];
      let last = next.at(-1);
      if (!last || last.role !== 'assistant') {
        last = { role: 'assistant', text: '', citations: [], tools: [] };
        next.push(last);
      }
      const t = { ...last, tools: [...last.tools] };
      next[next.length - 1] = t;
      if (e.event === 'delta') t.text += e.data.text;
      if (e.event === 'citations') t.citations = e.data.citations;
      if (e.event === 'card') t.cards = [...(t.cards ?? []), e.data.card];
      if (e.event === 'error') t.error = e.data.message;
      if (e.event === 'tool') {
        const i = t.tools.findIndex((x) => x.toolCallId === e.data.toolCallId);
        const a: ToolActivity = { toolCallId: e.data.toolCallId, name: e.data.name, status: e.data.status, summary: e.data.summary };
        if (i >= 0) t.tools[i] = a;
        else t.tools.push(a);
      }
      if (e.event === 'confirm') t.tools.push({ toolCallId: e.data.toolCallId, name: e.data.name, status: 'awaiting', summary: e.data.summary, pendingId: e.data.pendingId, target: e.data.target });
      return next;
    });
  };

  async function run(path: string, body: unknown, onUnreachable?: () => void) {
    setBusy(true);
    setError(undefined);
    let started = false;
    try {
      await streamChat(path, body, (e) => {
        started = true;
        apply(e);
      });
    } catch (err) {
      if (onUnreachable && !started && isNetworkError(err)) onUnreachable();
      else setError(err instanceof Error ? err.message : 'The assistant could not answer.');
    } finally {
      setBusy(false);
    }
  }

  /** Offline (or the server is unreachable): the message waits in the offline queue and is sent when back. */
  async function queue(text: string, via: 'text' | 'voice') {
    const body = { message: text, via, ...(conversationId ? { conversationId } : {}) };
    const before = new Set(readQueue().map((q) => q.id));
    const r = await queueMutation('/api/chat', { method: 'POST', body }, CHAT_LABEL);
    const queuedId = r.queued ? readQueue().find((q) => !before.has(q.id))?.id : undefined;
    setTurns((prev) => [...prev, { role: 'user', text, citations: [], tools: [], via, ...(queuedId ? { queuedId } : { delivered: true }) }]);
    if (!r.queued) void client.invalidateQueries({ queryKey: ['conversations'] });
  }

  function send(text: string, via: 'text' | 'voice' = 'text') {
    if (!text.trim() || busy) return;
    setInput('');
    if (!navigator.onLine) {
      void queue(text, via);
      return;
    }
    setTurns((prev) => [...prev, { role: 'user', text, citations: [], tools: [], via }, { role: 'assistant', text: '', citations: [], tools: [] }]);
    void run('/api/chat', { message: text, via, ...(conversationId ? { conversationId } : {}) }, () => {
      // The stream never started (server down): drop the two optimistic turns and queue the message instead.
      setTurns((prev) => prev.slice(0, -2));
      void queue(text, via);
    });
  }

  // The home page's box opens /chat?q=…: that message is sent once, as if typed here.
  const [search] = useSearchParams();
  const asked = useRef(false);
  const q = search.get('q');
  useEffect(() => {
    if (!q || conversationId || asked.current) return;
    asked.current = true;
    send(q);
  }, [q, conversationId]);

  const setToolStatus = (pendingId: string, status: ToolActivity['status']) =>
    setTurns((prev) => prev.map((t) => ({ ...t, tools: t.tools.map((a) => (a.pendingId === pendingId ? { ...a, status } : a)) })));

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">
            Conversations
          </Title>
          <Button size="xs" variant="light" onClick={() => void navigate('/chat')}>
            New
          </Button>
        </Group>
        <ScrollArea h="70vh">
          {list.data?.conversations.map((c) => (
            <NavLink key={c.id} label={c.title} active={c.id === conversationId} onClick={() => void navigate(`/chat/${c.id}`)} />
          ))}
        </ScrollArea>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        <Title order={1} size="h3" mb="sm">
          Chat
        </Title>
        <Stack gap="sm" aria-live="polite">
          {turns.length === 0 && <Text c="dimmed">Ask about your documents, or ask Atom to do something: “email Bob the Q3 numbers”, “every weekday at 9am post a summary to #team”.</Text>}
          {turns.map((t, i) => (
            <Card key={i} withBorder={t.role === 'assistant'} bg={t.role === 'user' ? 'var(--mantine-color-gray-light)' : undefined} padding="sm">
              <Text size="xs" c="dimmed">
                {t.role === 'user' ? (t.via === 'voice' ? 'You (voice)' : 'You') : 'Atom'}
                {t.queuedId && ' · queued: will be sent when you are back online'}
                {t.delivered && ' · delivered'}
              </Text>
              {t.tools.map((a) => (
                <ToolCard
                  key={a.toolCallId}
                  activity={a}
                  busy={busy}
                  onConfirm={() => a.pendingId && void run(`/api/chat/pending/${a.pendingId}/confirm`, undefined).then(() => setToolStatus(a.pendingId!, 'done'))}
                  onCancel={() => a.pendingId && void cancelPending(a.pendingId).then(() => setToolStatus(a.pendingId!, 'cancelled'))}
                />
              ))}
              <MessageText text={t.text} citations={t.citations} />
              {t.cards?.map((c) => <WorkflowCard key={c.workflowId} card={c} />)}
              <CitationList citations={t.citations} />
              {t.error && (
                <Alert color="red" mt="xs" title="This answer failed">
                  {linkify(t.error)}
                </Alert>
              )}
            </Card>
          ))}
          {error && (
            <Alert color="red" title="The message was not sent">
              {linkify(error)}
            </Alert>
          )}
          <Group align="flex-end" wrap="nowrap">
            <Textarea
              style={{ flex: 1 }}
              autosize
              minRows={2}
              placeholder="Message Atom…"
              aria-label="Message"
              value={input}
              onChange={(e) => setInput(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  send(input);
                }
              }}
            />
            <VoiceButton onPartial={setInput} onFinal={(text) => send(text, 'voice')} />
            <Button onClick={() => send(input)} loading={busy}>
              Send
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
