import { Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { onLiveEvent } from '../lib/events';
import { fetchMe, ME_QUERY_KEY } from '../pages/auth/authApi';
import { getWorkflow } from '../pages/workflows/workflowsApi';
import { addComment, commentsKey, deleteComment, editComment, listComments, threadsOf, type Comment } from './CommentsApi';
import { CommentsComposer } from './CommentsComposer';

/** Step ids of a definition, in order (steps nest in branches and loops). */
function stepIdsOf(def: unknown, out: string[] = []): string[] {
  if (Array.isArray(def)) for (const v of def) stepIdsOf(v, out);
  else if (def && typeof def === 'object') {
    const o = def as Record<string, unknown>;
    if (typeof o['id'] === 'string' && typeof o['type'] === 'string' && !out.includes(o['id'])) out.push(o['id']);
    for (const v of Object.values(o)) if (v && typeof v === 'object') stepIdsOf(v, out);
  }
  return out;
}

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

function CommentItem({ c, mine, workflowId, onReply }: { c: Comment; mine: boolean; workflowId: string; onReply?: () => void }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: commentsKey(workflowId) });
  const onError = (e: unknown) => notifications.show({ color: 'red', message: (e as Error).message });
  const edit = useMutation({ mutationFn: (v: { body: string; mentions: string[] }) => editComment(c.id, v), onSuccess: () => (setEditing(false), refresh()), onError });
  const remove = useMutation({ mutationFn: () => deleteComment(c.id), onSuccess: refresh, onError });
  return (
    <article id={`comment-${c.id}`} aria-label={`Comment by ${c.author.name}`} data-testid="comment">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {c.author.name}
        </Text>
        <Text size="xs" c="dimmed">
          {when(c.createdAt)}
          {c.editedAt ? ' (edited)' : ''}
        </Text>
        {c.stepId && !c.parentId && (
          <Badge size="xs" variant="light">
            step {c.stepId}
          </Badge>
        )}
      </Group>
      {c.deleted ? (
        <Text size="sm" fs="italic" c="dimmed">
          Comment deleted.
        </Text>
      ) : editing ? (
        <CommentsComposer workflowId={workflowId} label="Edit comment" submitLabel="Save" initial={{ body: c.body, mentions: c.mentions }} busy={edit.isPending} onSubmit={(body, mentions) => edit.mutate({ body, mentions })} onCancel={() => setEditing(false)} />
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {c.body}
        </Text>
      )}
      {!c.deleted && !editing && (
        <Group gap={4}>
          {onReply && (
            <Button size="compact-xs" variant="subtle" onClick={onReply}>
              Reply
            </Button>
          )}
          {mine && (
            <>
              <Button size="compact-xs" variant="subtle" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button size="compact-xs" variant="subtle" onClick={() => remove.mutate()} loading={remove.isPending}>
                Delete
              </Button>
            </>
          )}
        </Group>
      )}
    </article>
  );
}

/** Comments on a workflow and its steps: threads, replies, @mentions, edit and delete your own. */
export function CommentsPanel({ workflowId }: { workflowId: string }) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 });
  const wf = useQuery({ queryKey: ['workflow', workflowId], queryFn: () => getWorkflow(workflowId) });
  const comments = useQuery({ queryKey: commentsKey(workflowId), queryFn: () => listComments(workflowId), refetchInterval: 10_000 });
  const [about, setAbout] = useState<string>('');
  const [replyTo, setReplyTo] = useState<string | undefined>();
  const steps = useMemo(() => stepIdsOf((wf.data?.draft as { steps?: unknown } | undefined)?.steps ?? []), [wf.data]);
  const threads = useMemo(() => threadsOf(comments.data?.items ?? []), [comments.data]);
  const refresh = () => void client.invalidateQueries({ queryKey: commentsKey(workflowId) });
  const onError = (e: unknown) => notifications.show({ color: 'red', message: (e as Error).message });
  const add = useMutation({ mutationFn: (v: Parameters<typeof addComment>[1]) => addComment(workflowId, v), onSuccess: () => (setReplyTo(undefined), refresh()), onError });
  const canWrite = me.data?.workspace?.permissions.includes('comments:write') ?? false;
  const myId = me.data?.user.id;

  // Someone else's comment shows up at once (the shell holds the tab's live stream).
  useEffect(
    () =>
      onLiveEvent((e) => {
        if (e.type.startsWith('comment.') && e.resource.kind === 'workflow' && e.resource.id === workflowId) void client.invalidateQueries({ queryKey: commentsKey(workflowId) });
      }),
    [client, workflowId],
  );

  // Opening a link from a notification (…#comment-<id>) scrolls to that comment once it is there.
  const loaded = comments.data !== undefined;
  useEffect(() => {
    if (loaded && location.hash.startsWith('#comment-')) document.getElementById(location.hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [loaded]);

  return (
    <Card withBorder component="section" aria-labelledby="comments-title" data-testid="comments-panel">
      <Title order={2} size="h3" id="comments-title" mb="sm">
        Comments
      </Title>
      <Stack gap="md">
        {comments.isPending ? (
          <Text size="sm">Loading…</Text>
        ) : threads.length === 0 ? (
          <Text size="sm" c="dimmed">
            No comments yet.
          </Text>
        ) : (
          threads.map(({ root, replies }) => (
            <Stack key={root.id} gap={6}>
              <CommentItem c={root} mine={root.author.id === myId} workflowId={workflowId} {...(canWrite ? { onReply: () => setReplyTo(root.id) } : {})} />
              {replies.length > 0 && (
                <Stack gap={6} pl="md" style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}>
                  {replies.map((r) => (
                    <CommentItem key={r.id} c={r} mine={r.author.id === myId} workflowId={workflowId} />
                  ))}
                </Stack>
              )}
              {replyTo === root.id && (
                <CommentsComposer workflowId={workflowId} label={`Reply to ${root.author.name}`} submitLabel="Reply" busy={add.isPending} onSubmit={(body, mentions) => add.mutate({ body, mentions, parentId: root.id })} onCancel={() => setReplyTo(undefined)} />
              )}
            </Stack>
          ))
        )}
        {canWrite && (
          <CommentsComposer
            workflowId={workflowId}
            label="New comment"
            submitLabel="Comment"
            busy={add.isPending && !replyTo}
            onSubmit={(body, mentions) => add.mutate({ body, mentions, ...(about ? { stepId: about } : {}) })}
            extra={
              steps.length > 0 ? (
                <Select
                  size="xs"
                  aria-label="Comment about"
                  data={[{ value: '', label: 'The whole workflow' }, ...steps.map((s) => ({ value: s, label: `Step ${s}` }))]}
                  value={about}
                  onChange={(v) => setAbout(v ?? '')}
                  allowDeselect={false}
                />
              ) : undefined
            }
          />
        )}
      </Stack>
    </Card>
  );
}
