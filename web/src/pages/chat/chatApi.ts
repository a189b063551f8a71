import type { CancelledCall, ConversationDetail, ConversationList } from '../../../../src/shared/chat';
import { api, ApiError } from '../../lib/api';
import type { ChatEvent } from './common';

export const listConversations = () => api<ConversationList>('/api/conversations?limit=100');
export const getConversation = (id: string) => api<ConversationDetail>(`/api/conversations/${id}`);
export const deleteConversation = (id: string) => api<void>(`/api/conversations/${id}`, { method: 'DELETE' });
export const cancelPending = (id: string) => api<CancelledCall>(`/api/chat/pending/${id}/cancel`, { method: 'POST' });
export const liveSession = (body: { encoding?: string; sampleRate?: number }) => api<{ url: string; expiresAt: string }>('/api/voice/live-session', { method: 'POST', body });

/** Splits a server-sent-events buffer into complete events; returns the unfinished tail. */
export function takeEvents(buffer: string): { events: ChatEvent[]; rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks
    .filter((b) => b.trim())
    .map((b) => {
      const event = /^event: (.*)$/m.exec(b)?.[1] ?? 'message';
      const data = b
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown } as ChatEvent;
    });
  return { events, rest };
}

let csrfToken: string | null | undefined;
/** The session's CSRF token (GET /api/auth/csrf), fetched once: streamed POSTs bypass the JSON helper. */
async function csrf(): Promise<Record<string, string>> {
  csrfToken ??= (await api<{ csrfToken: string | null }>('/api/auth/csrf').catch(() => ({ csrfToken: null }))).csrfToken;
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** POSTs and reads the answer as a stream of chat events (fetch + ReadableStream, so it can POST). */
export async function streamChat(path: string, body: unknown, onEvent: (e: ChatEvent) => void, signal?: AbortSignal): Promise<void> {
  const init: RequestInit = { method: 'POST', credentials: 'same-origin', headers: { accept: 'text/event-stream', ...(await csrf()) } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  if (signal) init.signal = signal;
  const res = await fetch(path, init);
  if (!res.ok || !res.body) {
    const p = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new ApiError(res.status, p.code ?? 'http.error', p.detail ?? `The server answered ${res.status}.`);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const { events, rest } = takeEvents(buffer + value);
    buffer = rest;
    events.forEach(onEvent);
  }
}
