import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeDeepgram, type FakeDeepgram } from '../../test/fakes/deepgram/server.js';
import { startFakeOpenAI } from '../../test/fakes/openai/server.js';
import { createConversationStore } from '../ai/chat/conversation-repository.js';
import { createTestApp } from '../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../test/support/principal.js';
import { parseEventStream } from '../ai/index.js';

const DG_KEY = 'dg-secret-key-0123456789abcdef';
const OA_KEY = 'sk-voice-openai-key-0123456789';
const SPOKEN = 'What is on my calendar tomorrow';
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use'] });
const whisperUser = asPrincipal({ userId: 'u2', workspaceId: 'ws2', permissions: ['ai:use'] });

const multipart = (file: { name: string; content: Buffer; type: string }, fields: Record<string, string> = {}) => {
  const boundary = `----atomvoice${Math.random().toString(16).slice(2)}`;
  const parts = [
    ...Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="audio"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
};
const upload = (url: string, headers: Record<string, string>, file: { name: string; content: Buffer; type: string }, fields: Record<string, string> = {}) => {
  const body = multipart(file, fields);
  return t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': body.contentType }, payload: body.payload });
};

let t: Awaited<ReturnType<typeof createTestApp>>;
let deepgram: FakeDeepgram;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
let wav: Buffer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'atom-voice-'));
  // A real spoken recording: espeak-ng writes a 22.05 kHz 16-bit mono PCM WAV.
  execFileSync('/usr/bin/espeak-ng', ['-w', path.join(dir, 'command.wav'), SPOKEN]);
  wav = readFileSync(path.join(dir, 'command.wav'));
  t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  deepgram = await startFakeDeepgram({ keys: [DG_KEY] });
  openai = await startFakeOpenAI({ keys: [OA_KEY] });
  deepgram.transcript = SPOKEN;
  const addKey = (headers: Record<string, string>, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/ai/keys', headers, payload });
  expect((await addKey(me, { provider: 'deepgram', apiKey: 'dg-wrong-0000000000000', baseUrl: deepgram.url })).statusCode).toBe(422);
  expect((await addKey(me, { provider: 'deepgram', apiKey: DG_KEY, baseUrl: deepgram.url })).statusCode).toBe(201);
  expect((await addKey(me, { provider: 'openai', apiKey: OA_KEY, baseUrl: `${openai.url}/v1` })).statusCode).toBe(201);
  expect((await addKey(whisperUser, { provider: 'openai', apiKey: OA_KEY, baseUrl: `${openai.url}/v1` })).statusCode).toBe(201);
});
afterAll(async () => {
  await t.cleanup();
  await Promise.all([deepgram.close(), openai.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('voice', () => {
  it('transcribes an espeak-ng WAV through Deepgram pre-recorded /v1/listen', async () => {
    const res = await upload('/api/voice/transcribe', me, { name: 'command.wav', content: wav, type: 'audio/wav' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ text: SPOKEN, provider: 'deepgram', model: 'nova-3', format: 'wav' });
    // espeak speaks this sentence in about two seconds; the duration is read from the WAV header.
    expect(body.durationSec).toBeGreaterThan(1);
    expect(body.durationSec).toBeLessThan(5);
    const req = deepgram.requests.at(-1)!;
    expect(req.url).toMatch(/^\/v1\/listen\?model=nova-3&smart_format=true/);
    expect(req.contentType).toBe('audio/wav');
    expect(req.sha256).toBe(createHash('sha256').update(wav).digest('hex'));
    const usage = await t.ctx.db.selectFrom('ai_usage').selectAll().where('feature', '=', 'transcribe').executeTakeFirstOrThrow();
    expect(usage).toMatchObject({ provider: 'deepgram', model: 'nova-3', priced: 1 });
    expect(Number(usage.cost_usd)).toBeCloseTo((body.durationSec / 60) * 0.0043, 8);
  });

  it('sends a spoken command end to end: espeak WAV → Deepgram → the chat agent as a voice message', async () => {
    openai.script((req) => {
      expect(req.body).toContain(SPOKEN);
      return { text: 'Tomorrow you have the design review at 10:00.' };
    });
    const res = await upload('/api/voice/command', me, { name: 'command.wav', content: wav, type: 'audio/wav' });
    expect(res.statusCode).toBe(200);
    const events = parseEventStream(res.body);
    expect(events[0]).toEqual({ event: 'transcript', data: { text: SPOKEN, provider: 'deepgram' } });
    expect(events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('')).toBe('Tomorrow you have the design review at 10:00.');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'answered' } });
    const conversationId = String(events.find((e) => e.event === 'conversation')!.data.conversationId);
    const conv = (await t.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}`, headers: me })).json();
    expect(conv.messages[0]).toMatchObject({ role: 'user', text: SPOKEN, via: 'voice' });
  });

  it('a spoken command to a conversation still answering an earlier message gets the refusal as the stream\'s error event, stores nothing; a colleague or another workspace gets 404', async () => {
    openai.script({ text: 'First.' });
    const first = parseEventStream((await upload('/api/voice/command', me, { name: 'command.wav', content: wav, type: 'audio/wav' })).body);
    const conversationId = String(first.find((e) => e.event === 'conversation')!.data.conversationId);
    const count = async () => ((await t.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}`, headers: me })).json() as { messages: unknown[] }).messages.length;
    const before = await count();
    const store = createConversationStore(t.ctx);
    const { lease } = await store.claimTurn('ws1', 'u1', conversationId);
    const res = await upload('/api/voice/command', me, { name: 'command.wav', content: wav, type: 'audio/wav' }, { conversationId });
    expect(res.statusCode).toBe(200);
    expect(parseEventStream(res.body).map((e) => e.event)).toEqual(['transcript', 'error']);
    expect(parseEventStream(res.body)[1]?.data).toMatchObject({ code: 'ai.chat.turn_in_progress' });
    expect(await count()).toBe(before);
    await store.endTurn('ws1', conversationId, lease);
    const colleague = asPrincipal({ userId: 'u3', workspaceId: 'ws1', permissions: ['ai:use'] });
    for (const who of [colleague, whisperUser]) expect((await upload('/api/voice/command', who, { name: 'command.wav', content: wav, type: 'audio/wav' }, { conversationId })).statusCode).toBe(404);
    // The owner of the conversation in a role without the assistant: refused before anything is transcribed.
    const narrow = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['memory:read'] });
    expect((await upload('/api/voice/command', narrow, { name: 'command.wav', content: wav, type: 'audio/wav' }, { conversationId })).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });

  it('falls back to OpenAI-compatible Whisper when the user has no Deepgram key', async () => {
    openai.transcript = 'remind me to call Dana';
    const res = await upload('/api/voice/transcribe', whisperUser, { name: 'note.wav', content: wav, type: 'audio/wav' }, { language: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ text: 'remind me to call Dana', provider: 'openai', model: 'whisper-1' });
    const req = openai.requests.at(-1)!;
    expect(req.url).toBe('/v1/audio/transcriptions');
    expect(req.body).toContain('name="model"');
    expect(req.body).toContain('whisper-1');
  });

  it('refuses what is not audio, names the field, and reports silence as no speech', async () => {
    const text = await upload('/api/voice/transcribe', me, { name: 'notes.txt', content: Buffer.from('hello there, not audio'), type: 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().errors[0].field).toBe('body.audio');
    const notMultipart = await t.app.inject({ method: 'POST', url: '/api/voice/transcribe', headers: me, payload: { audio: 'x' } });
    expect(notMultipart.statusCode).toBe(400);

    // The header of the espeak file with silent samples.
    const silent = Buffer.concat([wav.subarray(0, 44), Buffer.alloc(22050 * 2)]);
    silent.writeUInt32LE(22050 * 2, 40);
    const res = await upload('/api/voice/command', me, { name: 'silence.wav', content: silent, type: 'audio/wav' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('voice.no_speech');
  });

  it('says before any microphone is opened that live transcription has no Deepgram key (the web app then offers the browser\'s)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/voice/live-session', headers: whisperUser, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'voice.no_provider' });
    expect(res.json().detail).toContain('Deepgram key');
  });

  it('relays push-to-talk audio to Deepgram live and returns partial and final transcripts', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const session = await t.app.inject({ method: 'POST', url: '/api/voice/live-session', headers: me, payload: { encoding: 'linear16', sampleRate: 22050 } });
    expect(session.statusCode).toBe(201);
    const url = `ws://127.0.0.1:${port}${session.json().url}`;
    const messages: { type: string; text?: string }[] = [];
    const ws = new WebSocket(url);
    const done = new Promise<void>((resolve, reject) => {
      ws.on('message', (d) => messages.push(JSON.parse(String(d)) as { type: string; text?: string }));
      ws.on('close', () => resolve());
      ws.on('error', reject);
    });
    await new Promise((r) => ws.once('open', r));
    const pcm = wav.subarray(44);
    for (let i = 0; i < pcm.length; i += 8192) ws.send(pcm.subarray(i, i + 8192));
    await new Promise((r) => setTimeout(r, 100));
    ws.send(JSON.stringify({ type: 'stop' }));
    await done;
    expect(messages.some((m) => m.type === 'partial' && m.text && m.text.length < SPOKEN.length)).toBe(true);
    expect(messages.at(-1)).toEqual({ type: 'transcript', text: SPOKEN });
    const live = deepgram.liveSessions.at(-1)!;
    expect(live.url).toContain('encoding=linear16');
    expect(live.url).toContain('sample_rate=22050');
    expect(live.bytes).toBe(pcm.length);
    expect(live.messages).toEqual(['{"type":"CloseStream"}']);

    // A ticket opens one socket only.
    const again = new WebSocket(url);
    const status = await new Promise<number>((resolve) => again.on('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0)));
    expect(status).toBe(401);
  });

  it('keeps the speech keys out of logs and responses', async () => {
    const keys = await t.app.inject({ method: 'GET', url: '/api/ai/keys', headers: me });
    expect(keys.body).not.toContain(DG_KEY);
    expect(t.logs.text).not.toContain(DG_KEY);
    expect(t.logs.text).not.toContain(OA_KEY);
  });
});
