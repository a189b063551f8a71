/** Voice: speech to text with the user's Deepgram or OpenAI-compatible key, feeding the chat agent. */
export { voiceRoutes } from './routes.js';
export { createTranscriber, type Transcriber, type TranscribeResult } from './transcriber.js';
