import type { Authenticator } from '../platform/http/index.js';
import type { AtomModule } from '../platform/index.js';
import { voiceRoutes } from './routes.js';
/** Voice: speech to text with the user's Deepgram or OpenAI-compatible key, feeding the chat agent. */
export { voiceRoutes } from './routes.js';
export { createTranscriber, type Transcriber, type TranscribeResult } from './transcriber.js';

/** Voice as src/app.ts composes it (/api/voice); a live transcription socket re-checks its caller with the plain authenticator. */
export const voiceModule: AtomModule<object, { authenticator: Authenticator }> = {
  name: 'voice',
  routes: (ctx, deps) => [{ plugin: voiceRoutes(ctx, { authenticator: deps.authenticator }), prefix: '/api/voice' }],
};
