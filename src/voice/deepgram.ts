import WebSocket from 'ws';
import { baseUrlRefused, guardedSocketOptions, type ProviderFetch } from '../ai/providers/outbound.js';
import { AppError } from '../platform/index.js';

export interface Transcript {
  text: string;
  confidence: number | null;
  durationSec: number | null;
}

const deepgramError = (status: number, body: string) => {
  let msg = '';
  try {
    const j = JSON.parse(body) as { err_msg?: string; err_code?: string };
    msg = j.err_msg ?? j.err_code ?? '';
  } catch {
    msg = '';
  }
  if (status === 401 || status === 403) return new AppError('voice.deepgram.rejected_key', 'Deepgram rejected the key. Check it in Settings → AI.', { status: 422 });
  if (status === 400) return new AppError('voice.deepgram.bad_audio', `Deepgram could not read the audio${msg ? `: ${msg}` : ''}.`, { status: 422 });
  if (status === 429) return new AppError('voice.deepgram.rate_limited', 'Deepgram is rate-limiting this key; try again in a moment.', { status: 429 });
  return new AppError('voice.deepgram.failed', `Deepgram answered ${status}; try again.`, { status: 502 });
};

/**
 * Deepgram pre-recorded transcription: `POST /v1/listen` with the raw audio as the body, the key as
 * `Authorization: Token …`, options in the query.
 */
export async function transcribeWithDeepgram(q: { baseUrl: string; apiKey: string; model: string; audio: Buffer; mime: string; language?: string | undefined; timeoutMs: number; fetch: ProviderFetch }): Promise<Transcript> {
  const url = new URL('/v1/listen', q.baseUrl);
  url.searchParams.set('model', q.model);
  url.searchParams.set('smart_format', 'true');
  url.searchParams.set('punctuate', 'true');
  if (q.language) url.searchParams.set('language', q.language);
  else url.searchParams.set('detect_language', 'true');
  let res: Response;
  try {
    res = await q.fetch(url, { method: 'POST', headers: { authorization: `Token ${q.apiKey}`, 'content-type': q.mime }, body: new Uint8Array(q.audio), signal: AbortSignal.timeout(q.timeoutMs) });
  } catch (cause) {
    const refused = baseUrlRefused(cause, 'baseUrl');
    if (refused) throw refused;
    throw new AppError('voice.deepgram.unreachable', `Deepgram could not be reached at ${url.origin}.`, { status: 502, cause });
  }
  const body = await res.text();
  if (!res.ok) throw deepgramError(res.status, body);
  const j = JSON.parse(body) as { metadata?: { duration?: number }; results?: { channels?: { alternatives?: { transcript?: string; confidence?: number }[] }[] } };
  const alt = j.results?.channels?.[0]?.alternatives?.[0];
  return { text: (alt?.transcript ?? '').trim(), confidence: alt?.confidence ?? null, durationSec: j.metadata?.duration ?? null };
}

export interface LiveTranscriptEvent {
  text: string;
  isFinal: boolean;
  speechFinal: boolean;
}

/**
 * A Deepgram live session over WebSocket (`wss://…/v1/listen`): send audio chunks, receive interim and
 * final `Results`; `finish()` sends `CloseStream` and resolves with the final transcript once Deepgram
 * sends its `Metadata` and closes.
 */
export function openDeepgramLive(q: {
  baseUrl: string;
  apiKey: string;
  model: string;
  encoding?: string | undefined;
  sampleRate?: number | undefined;
  language?: string | undefined;
  /** ATOM_SSRF_ALLOW: the base URL is member input, so the socket goes through the same guard. */
  ssrfAllow: readonly string[];
  onTranscript: (e: LiveTranscriptEvent) => void;
}) {
  const url = new URL('/v1/listen', q.baseUrl.replace(/^http/, 'ws'));
  url.searchParams.set('model', q.model);
  url.searchParams.set('interim_results', 'true');
  url.searchParams.set('smart_format', 'true');
  if (q.encoding) url.searchParams.set('encoding', q.encoding);
  if (q.sampleRate) url.searchParams.set('sample_rate', String(q.sampleRate));
  if (q.language) url.searchParams.set('language', q.language);
  let guard: ReturnType<typeof guardedSocketOptions>;
  try {
    guard = guardedSocketOptions(q.baseUrl, { allow: q.ssrfAllow });
  } catch (err) {
    throw baseUrlRefused(err, 'baseUrl') ?? err;
  }
  const ws = new WebSocket(url, { headers: { authorization: `Token ${q.apiKey}` }, ...guard });
  const finals: string[] = [];
  const pending: Buffer[] = [];
  let failure: Error | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      for (const chunk of pending.splice(0)) ws.send(chunk);
      resolve();
    });
    ws.once('unexpected-response', (_req, res) => reject(deepgramError(res.statusCode ?? 502, '')));
    ws.once('error', (err) => reject(baseUrlRefused(err, 'baseUrl') ?? new AppError('voice.deepgram.unreachable', 'Deepgram live transcription could not be reached.', { status: 502, cause: err })));
  });
  opened.catch((err: Error) => (failure = err));
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const msg = JSON.parse(String(data)) as { type?: string; is_final?: boolean; speech_final?: boolean; channel?: { alternatives?: { transcript?: string }[] } };
    if (msg.type !== 'Results') return;
    const text = (msg.channel?.alternatives?.[0]?.transcript ?? '').trim();
    if (msg.is_final && text) finals.push(text);
    q.onTranscript({ text, isFinal: msg.is_final === true, speechFinal: msg.speech_final === true });
  });
  return {
    opened,
    send(chunk: Buffer) {
      if (ws.readyState === WebSocket.OPEN) ws.send(chunk);
      else if (ws.readyState === WebSocket.CONNECTING) pending.push(chunk);
    },
    async finish(): Promise<string> {
      await opened;
      ws.send(JSON.stringify({ type: 'CloseStream' }));
      await closed;
      if (failure) throw failure;
      return finals.join(' ').trim();
    },
    abort() {
      ws.terminate();
    },
  };
}
