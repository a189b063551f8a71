import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { aiServices, chatAgent, modelRefSchema } from '../ai/index.js';
import { AppError, errors, isAppError, type AppContext } from '../platform/index.js';
import { requirePrincipal, type Authenticator } from '../platform/http/index.js';
import { openEventStream } from '../ai/chat/event-stream.js';
import { chatErrorOf } from '../ai/chat/agent.js';
import { followAccess } from '../ai/chat/follow-access.js';
import { createLiveRelay, LIVE_PATH } from './live-relay.js';
import { createTranscriber } from './transcriber.js';

const transcriptSchema = z.object({
  text: z.string(),
  provider: z.string(),
  model: z.string(),
  format: z.string(),
  durationSec: z.number().nullable(),
  confidence: z.number().nullable(),
});

/** Reads the multipart upload: one audio file part (`audio` or `file`) and plain fields. */
async function readUpload(request: FastifyRequest): Promise<{ audio: Buffer; filename: string; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw errors.badRequest('Send the audio as multipart/form-data.', [{ field: 'body', message: 'must be multipart/form-data' }], 'voice.upload.not_multipart');
  const fields: Record<string, string> = {};
  let audio: Buffer | undefined;
  let filename = '';
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (audio || (part.fieldname !== 'audio' && part.fieldname !== 'file')) {
          await part.toBuffer();
          continue;
        }
        audio = await part.toBuffer();
        filename = part.filename;
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) throw err;
    // A body cut off mid-part is the client's fault (busboy's error carries no status).
    throw errors.badRequest(`The upload could not be read: ${(err as Error).message}.`, [{ field: 'body', message: 'is not a complete multipart/form-data body' }], 'voice.upload.malformed');
  }
  if (!audio || audio.length === 0) throw errors.badRequest('The request holds no audio.', [{ field: 'body.audio', message: 'an audio file part is required' }], 'voice.upload.no_audio');
  return { audio, filename, fields };
}

const providerField = z.enum(['deepgram', 'openai', 'groq', 'custom']).optional();
const languageField = z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, { error: 'must be a language code such as en or en-US' }).optional();

/** Speech to text (`/api/voice`): one-shot transcription, voice commands for the agent, live push-to-talk. */
export function voiceRoutes(ctx: AppContext, options: { authenticator: Authenticator }): FastifyPluginAsyncZod {
  const transcriber = createTranscriber(ctx);
  const live = createLiveRelay(ctx);
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: ctx.config.ATOM_VOICE_MAX_BYTES, files: 1, fields: 10 }, throwFileSizeLimit: true });
    app.server.on('upgrade', (req, socket, head) => void live.handleUpgrade(req, socket, head));
    ctx.lifecycle.onShutdown('voice-live', () => live.close());

    app.post('/transcribe', {
      schema: {
        tags: ['voice'],
        summary: 'Transcribe an audio upload (webm, ogg, wav, mp3) with your Deepgram or OpenAI-compatible key',
        consumes: ['multipart/form-data'],
        response: { 200: transcriptSchema },
      },
      config: { permission: 'ai:use' },
    }, async (request) => {
      const p = requirePrincipal(request);
      const up = await readUpload(request);
      const opts = z.object({ provider: providerField, language: languageField }).safeParse(up.fields);
      if (!opts.success) throw errors.badRequest('Invalid field.', opts.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })));
      return transcriber.transcribe({ workspaceId: p.workspaceId, userId: p.userId, audio: up.audio, filename: up.filename, language: opts.data.language, provider: opts.data.provider });
    });

    app.post('/command', {
      schema: {
        tags: ['voice'],
        summary: 'A spoken command: transcribe it, then stream the assistant\'s answer (SSE, first event `transcript`)',
        consumes: ['multipart/form-data'],
        response: { 200: z.string().describe('text/event-stream') },
      },
      config: { permission: 'ai:use' },
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      const up = await readUpload(request);
      const opts = z.object({ provider: providerField, language: languageField, conversationId: z.string().optional(), model: modelRefSchema.optional() }).safeParse(up.fields);
      if (!opts.success) throw errors.badRequest('Invalid field.', opts.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })));
      const agent = chatAgent(ctx);
      if (opts.data.conversationId) await agent.store.get(p.workspaceId, p.userId, opts.data.conversationId);
      const t = await transcriber.transcribe({ workspaceId: p.workspaceId, userId: p.userId, audio: up.audio, filename: up.filename, language: opts.data.language, provider: opts.data.provider });
      if (!t.text) throw new AppError('voice.no_speech', 'No speech was recognised in the recording.', { status: 422 });
      const stream = openEventStream(reply);
      stream.send({ type: 'transcript', text: t.text, provider: t.provider });
      // As for a typed turn: later tool calls use the member's rights now; a removal ends the answer.
      const follow = followAccess(ctx, options.authenticator, request, p, () => stream.end());
      try {
        await agent.send(follow.principal, { conversationId: opts.data.conversationId, message: t.text, via: 'voice', model: opts.data.model }, stream.send);
      } catch (err) {
        // The stream is open (the transcript went first), so a refusal, such as another turn still running in
        // that conversation (409), arrives as the stream's error event.
        if (!isAppError(err)) request.log.error({ err }, 'voice turn failed');
        const e = chatErrorOf(err);
        stream.send({ type: 'error', code: e.code, message: e.message });
      } finally {
        follow.stop();
      }
      stream.end();
    });

    app.post('/live-session', {
      schema: {
        tags: ['voice'],
        summary: 'A single-use ticket (60 s) to open the push-to-talk WebSocket relayed to Deepgram live',
        body: z.object({
          encoding: z.enum(['linear16', 'opus', 'flac', 'mulaw']).optional().describe('omit for containerised audio (webm/ogg)'),
          sampleRate: z.number().int().min(8000).max(48000).optional(),
          language: languageField,
        }),
        response: { 201: z.object({ url: z.string(), expiresAt: z.string() }) },
      },
      config: { permission: 'ai:use' },
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      // Re-authenticates the request that minted the ticket (its session or token, with the current role).
      const stillAllowed = async () => {
        const now = await options.authenticator(request).catch(() => undefined);
        return Boolean(now && now.userId === p.userId && now.workspaceId === p.workspaceId && now.permissions.has('ai:use'));
      };
      // Said before the microphone is opened, so the web app can offer the browser's own recognition at once.
      if (!(await aiServices(ctx).keys.credentialsFor(p.workspaceId, p.userId, 'deepgram'))) {
        throw new AppError('voice.no_provider', 'Live transcription needs a Deepgram key (Settings → AI); the browser\'s own speech recognition can be used instead.', { status: 409 });
      }
      const { ticket, expiresAt } = live.mint(p, stillAllowed, request.body);
      return reply.status(201).send({ url: `${LIVE_PATH}?ticket=${ticket}`, expiresAt });
    });
  };
}
