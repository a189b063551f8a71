import { aiServices, providers } from '../ai/index.js';
import { effectiveBaseUrl } from '../ai/providers/language-model.js';
import { providerFetch } from '../ai/providers/outbound.js';
import { AppError, type AppContext } from '../platform/index.js';
import { audioMime, readWav, sniffAudio } from './audio-format.js';
import { transcribeWithDeepgram, type Transcript } from './deepgram.js';
import { transcribeWithWhisper } from './whisper.js';

export interface TranscribeResult extends Transcript {
  provider: string;
  model: string;
  format: string;
}

// Which key transcribes, in order: Deepgram first, then OpenAI-compatible Whisper servers.
const order = ['deepgram', 'openai', 'groq', 'custom'] as const;

/** Speech to text with the caller's own key (or the workspace's), recorded in AI usage per audio minute. */
export function createTranscriber(ctx: AppContext) {
  const ai = aiServices(ctx);
  const timeoutMs = Math.max(ctx.config.ATOM_AI_PROBE_TIMEOUT_MS, 60_000);
  // Key base URLs are member input: transcription goes through the SSRF guard like every provider call.
  const fetch = providerFetch(ctx.config.ATOM_SSRF_ALLOW);

  async function transcribe(q: { workspaceId: string; userId: string; audio: Buffer; filename: string; language?: string | undefined; provider?: (typeof order)[number] | undefined }): Promise<TranscribeResult> {
    const format = sniffAudio(q.audio);
    if (!format) throw new AppError('voice.audio.unsupported', 'The upload is not WAV, OGG, WebM or MP3 audio.', { status: 415, fields: [{ field: 'body.audio', message: 'must be webm, ogg, wav or mp3 audio' }] });
    const wav = format === 'wav' ? readWav(q.audio) : undefined;
    if (format === 'wav' && (!wav || wav.data.length === 0)) throw new AppError('voice.audio.empty', 'The WAV file holds no audio.', { status: 422, fields: [{ field: 'body.audio', message: 'has no samples' }] });
    await ai.usage.assertWithinBudget(q.workspaceId, q.userId);

    for (const provider of q.provider ? [q.provider] : order) {
      const creds = await ai.keys.credentialsFor(q.workspaceId, q.userId, provider);
      if (!creds || !providers[provider].capabilities.includes('transcribe')) continue;
      const mime = audioMime[format];
      const model = provider === 'deepgram' ? ctx.config.ATOM_DEEPGRAM_MODEL : ctx.config.ATOM_WHISPER_MODEL;
      const t =
        provider === 'deepgram'
          ? await transcribeWithDeepgram({ baseUrl: creds.baseUrl ?? ctx.config.ATOM_DEEPGRAM_BASE_URL, apiKey: creds.apiKey, model, audio: q.audio, mime, language: q.language, timeoutMs, fetch })
          : await transcribeWithWhisper({ baseUrl: effectiveBaseUrl(creds), apiKey: creds.apiKey, model, audio: q.audio, mime, filename: q.filename || `audio.${format}`, language: q.language, timeoutMs, fetch });
      const seconds = t.durationSec ?? wav?.durationSec ?? 0;
      await ai.usage.record({ workspaceId: q.workspaceId, userId: q.userId, provider, model, feature: 'transcribe', inputTokens: 0, outputTokens: 0, audioSeconds: seconds });
      ctx.logger.info({ provider, model, format, audioSeconds: Number(seconds.toFixed(2)), chars: t.text.length }, 'voice transcribed');
      return { ...t, durationSec: t.durationSec ?? wav?.durationSec ?? null, provider, model, format };
    }
    throw new AppError('voice.no_provider', 'No speech-to-text key is set up: add a Deepgram or OpenAI key in Settings → AI (the browser can still transcribe on its own).', { status: 409 });
  }

  return { transcribe };
}

export type Transcriber = ReturnType<typeof createTranscriber>;
