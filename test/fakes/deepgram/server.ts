import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * A fake of Deepgram's speech-to-text API: `POST /v1/listen` (pre-recorded: raw audio body,
 * `Authorization: Token <key>`, JSON `{ metadata, results.channels[].alternatives[] }`), `GET /v1/projects`
 * (key check), and live `wss /v1/listen` (binary audio in, `Results` messages with `is_final` /
 * `speech_final` out, `CloseStream` → final `Results`, `Metadata`, close). Errors as `{ err_code, err_msg,
 * request_id }`. It cannot recognise speech: tests set `transcript`, and the fake checks that the audio is
 * real (a PCM WAV must hold non-silent samples) and measures its duration from the header.
 */
export interface FakeDeepgram {
  url: string;
  transcript: string;
  requests: { method: string; url: string; contentType: string; bytes: number; sha256: string }[];
  liveSessions: { url: string; bytes: number; messages: string[] }[];
  close(): Promise<void>;
}

const err = (res: ServerResponse, status: number, code: string, msg: string) => {
  res.writeHead(status, { 'content-type': 'application/json', 'dg-request-id': randomUUID() });
  res.end(JSON.stringify({ err_code: code, err_msg: msg, request_id: randomUUID() }));
};

/** Duration and loudness of 16-bit PCM WAV audio (what the fake needs to judge an upload). */
export function inspectWav(b: Buffer): { durationSec: number; rms: number } | undefined {
  if (b.length < 44 || b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let off = 12;
  let byteRate = 0;
  let bits = 16;
  while (off + 8 <= b.length) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      byteRate = b.readUInt32LE(off + 16);
      bits = b.readUInt16LE(off + 22);
    }
    if (id === 'data') {
      const start = off + 8;
      const len = size === 0 || size === 0xffffffff || start + size > b.length ? b.length - start : size;
      let sum = 0;
      const n = bits === 16 ? Math.floor(len / 2) : 0;
      for (let i = 0; i < n; i++) sum += b.readInt16LE(start + i * 2) ** 2;
      return { durationSec: byteRate ? len / byteRate : 0, rms: n ? Math.sqrt(sum / n) : 0 };
    }
    off += 8 + size + (size % 2);
  }
  return undefined;
}

function words(transcript: string, duration: number) {
  const list = transcript.split(/\s+/).filter(Boolean);
  const step = list.length ? duration / list.length : 0;
  return list.map((w, i) => ({ word: w.toLowerCase().replace(/[^\w']/g, ''), start: i * step, end: (i + 1) * step, confidence: 0.98, punctuated_word: w }));
}

export async function startFakeDeepgram(options: { keys: string[] }): Promise<FakeDeepgram> {
  const authorized = (req: IncomingMessage) => {
    const auth = String(req.headers.authorization ?? '');
    const proto = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    const key = auth.startsWith('Token ') ? auth.slice(6) : proto[0] === 'token' ? (proto[1] ?? '') : '';
    return options.keys.includes(key);
  };
  const fake: FakeDeepgram = {
    url: '',
    transcript: '',
    requests: [],
    liveSessions: [],
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://fake');
      fake.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', contentType: String(req.headers['content-type'] ?? ''), bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
      if (!authorized(req)) return err(res, 401, 'INVALID_AUTH', 'Invalid credentials.');
      if (req.method === 'GET' && url.pathname === '/v1/projects') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ projects: [{ project_id: 'proj-fake', name: 'Fake project' }] }));
      }
      if (req.method !== 'POST' || url.pathname !== '/v1/listen') return err(res, 404, 'NOT_FOUND', 'Not found.');
      if (body.length === 0) return err(res, 400, 'Bad Request', 'Bad Request: failed to process audio: corrupt or unsupported data');
      const wav = inspectWav(body);
      if (String(req.headers['content-type']).includes('wav') && !wav) return err(res, 400, 'Bad Request', 'Bad Request: failed to process audio: corrupt or unsupported data');
      const duration = wav?.durationSec ?? 1;
      // Silence transcribes to nothing, as the real service does.
      const transcript = wav && wav.rms < 50 ? '' : fake.transcript;
      res.writeHead(200, { 'content-type': 'application/json', 'dg-request-id': randomUUID() });
      res.end(
        JSON.stringify({
          metadata: { transaction_key: 'deprecated', request_id: randomUUID(), sha256: createHash('sha256').update(body).digest('hex'), created: new Date().toISOString(), duration, channels: 1, models: ['fake-model-uuid'], model_info: { 'fake-model-uuid': { name: url.searchParams.get('model') ?? 'nova-3', version: 'fake', arch: 'nova-3' } } },
          results: { channels: [{ alternatives: [{ transcript, confidence: transcript ? 0.98 : 0, words: words(transcript, duration) }] }] },
        }),
      );
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/v1/listen' || !authorized(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = { url: req.url ?? '', bytes: 0, messages: [] as string[] };
      fake.liveSessions.push(session);
      const all = fake.transcript.split(/\s+/).filter(Boolean);
      let start = 0;
      const results = (text: string, isFinal: boolean) =>
        JSON.stringify({ type: 'Results', channel_index: [0, 1], duration: 0.5, start, is_final: isFinal, speech_final: isFinal, channel: { alternatives: [{ transcript: text, confidence: 0.97, words: [] }] }, metadata: { request_id: 'fake', model_info: { name: 'nova-3', version: 'fake', arch: 'nova-3' }, model_uuid: 'fake' }, from_finalize: false });
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          session.bytes += (data as Buffer).length;
          // One more word of the interim transcript per chunk.
          const shown = Math.min(all.length, Math.ceil(session.bytes / 4096));
          ws.send(results(all.slice(0, shown).join(' '), false));
          start += 0.5;
          return;
        }
        const msg = String(data);
        session.messages.push(msg);
        if (JSON.parse(msg).type === 'CloseStream') {
          ws.send(results(session.bytes > 0 ? fake.transcript : '', true));
          ws.send(JSON.stringify({ type: 'Metadata', transaction_key: 'deprecated', request_id: randomUUID(), sha256: 'fake', created: new Date().toISOString(), duration: start, channels: 1 }));
          ws.close(1000);
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
