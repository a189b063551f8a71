import type { ProviderFetch } from '../ai/providers/outbound.js';
import { baseUrlRefused } from '../ai/providers/outbound.js';
import { AppError } from '../platform/index.js';
import type { Transcript } from './deepgram.js';

/**
 * OpenAI-compatible transcription (OpenAI Whisper, Groq, local servers): `POST {base}/audio/transcriptions`,
 * multipart with `file` and `model`, answer `{ text }`.
 */
export async function transcribeWithWhisper(q: { baseUrl: string; apiKey: string; model: string; audio: Buffer; mime: string; filename: string; language?: string | undefined; timeoutMs: number; fetch: ProviderFetch }): Promise<Transcript> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(q.audio)], { type: q.mime }), q.filename);
  form.set('model', q.model);
  form.set('response_format', 'json');
  if (q.language) form.set('language', q.language);
  const url = `${q.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`;
  let res: Response;
  try {
    res = await q.fetch(url, { method: 'POST', headers: q.apiKey ? { authorization: `Bearer ${q.apiKey}` } : {}, body: form, signal: AbortSignal.timeout(q.timeoutMs) });
  } catch (cause) {
    const refused = baseUrlRefused(cause, 'baseUrl');
    if (refused) throw refused;
    throw new AppError('voice.whisper.unreachable', `The transcription server could not be reached at ${new URL(url).origin}.`, { status: 502, cause });
  }
  if (res.status === 401 || res.status === 403) throw new AppError('voice.whisper.rejected_key', 'The transcription provider rejected the key.', { status: 422 });
  if (res.status === 429) throw new AppError('voice.whisper.rate_limited', 'The transcription provider is rate-limiting this key; try again in a moment.', { status: 429 });
  if (!res.ok) throw new AppError('voice.whisper.failed', `The transcription provider answered ${res.status}.`, { status: res.status === 400 ? 422 : 502 });
  const j = (await res.json()) as { text?: string; duration?: number };
  return { text: (j.text ?? '').trim(), confidence: null, durationSec: j.duration ?? null };
}
