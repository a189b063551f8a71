import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { aiServices } from '../ai/index.js';
import { isAppError, type AppContext } from '../platform/index.js';
import type { Principal } from '../platform/http/index.js';
import { concernsMember, onAccessChange } from '../realtime/index.js';
import { openDeepgramLive } from './deepgram.js';

export const LIVE_PATH = '/api/voice/live';
const TICKET_TTL_MS = 60_000;

/** Close code when the holder's access changed (4000-4999: the application's own, as the collab socket). */
export const LIVE_ACCESS_CHANGED_CLOSE = 4003;

interface Ticket {
  principal: Principal;
  /** Whether the holder may still use voice now (membership, role and credentials as of this moment). */
  stillAllowed: () => Promise<boolean>;
  encoding?: string | undefined;
  sampleRate?: number | undefined;
  language?: string | undefined;
  expires: number;
}

/**
 * Push-to-talk: the browser streams microphone audio to Atom over a WebSocket, Atom relays it to
 * Deepgram live with the user's key (which never reaches the browser) and relays partial and final
 * transcripts back. A WebSocket cannot carry the session cookie's CSRF token, so the socket is opened
 * with a single-use ticket minted by an authenticated POST.
 */
export function createLiveRelay(ctx: AppContext) {
  const tickets = new Map<string, Ticket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const ai = aiServices(ctx);

  function mint(principal: Principal, stillAllowed: () => Promise<boolean>, options: Omit<Ticket, 'principal' | 'stillAllowed' | 'expires'>): { ticket: string; expiresAt: string } {
    const now = Date.now();
    for (const [k, t] of tickets) if (t.expires < now) tickets.delete(k);
    const ticket = randomBytes(24).toString('base64url');
    tickets.set(ticket, { principal, stillAllowed, ...options, expires: now + TICKET_TTL_MS });
    return { ticket, expiresAt: new Date(now + TICKET_TTL_MS).toISOString() };
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://atom');
    if (url.pathname !== LIVE_PATH) return false;
    const key = url.searchParams.get('ticket') ?? '';
    const ticket = tickets.get(key);
    tickets.delete(key);
    if (!ticket || ticket.expires < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return true;
    }
    wss.handleUpgrade(req, socket, head, (ws) => void relay(ws, ticket));
    return true;
  }

  async function relay(client: WebSocket, t: Ticket) {
    const send = (m: Record<string, unknown>) => client.readyState === client.OPEN && client.send(JSON.stringify(m));
    const fail = (code: string, message: string) => {
      send({ type: 'error', code, message });
      client.close(1011, code.slice(0, 100));
    };
    const { workspaceId, userId } = t.principal;
    // Removal or demotion ends the socket on the next change event, as for co-editing sockets and chats:
    // the relay spends the workspace's Deepgram budget, so it must not outlive the holder's right to it.
    let ended = false;
    const revoke = () => {
      if (ended) return;
      ended = true;
      send({ type: 'error', code: 'auth.access_changed', message: 'Your access changed; voice input stopped.' });
      client.close(LIVE_ACCESS_CHANGED_CLOSE, 'access changed');
    };
    const stopFollowing = onAccessChange(ctx, (event) => {
      if (concernsMember(event, t.principal)) void t.stillAllowed().then((ok) => ok || revoke());
    });
    client.on('close', () => {
      ended = true;
      stopFollowing();
    });
    // The ticket may have been minted before a removal that happened in its 60 s.
    if (!(await t.stillAllowed())) return revoke();
    try {
      await ai.usage.assertWithinBudget(workspaceId, userId);
    } catch (err) {
      return fail(isAppError(err) ? err.code : 'voice.live.failed', isAppError(err) ? err.message : 'Live transcription failed.');
    }
    const creds = await ai.keys.credentialsFor(workspaceId, userId, 'deepgram');
    if (!creds) return fail('voice.no_provider', 'Live transcription needs a Deepgram key; the browser speech recognition can be used instead.');
    const started = Date.now();
    const model = ctx.config.ATOM_DEEPGRAM_MODEL;
    let live: ReturnType<typeof openDeepgramLive>;
    try {
      live = openDeepgramLive({
        baseUrl: creds.baseUrl ?? ctx.config.ATOM_DEEPGRAM_BASE_URL,
        apiKey: creds.apiKey,
        model,
        encoding: t.encoding,
        sampleRate: t.sampleRate,
        language: t.language,
        ssrfAllow: ctx.config.ATOM_SSRF_ALLOW,
        onTranscript: (e) => send({ type: e.isFinal ? 'final' : 'partial', text: e.text }),
      });
    } catch (err) {
      // The SSRF guard refused the key's base URL before any connection.
      return fail(isAppError(err) ? err.code : 'voice.live.failed', isAppError(err) ? err.message : 'Live transcription failed.');
    }
    live.opened.catch((err: unknown) => fail(isAppError(err) ? err.code : 'voice.live.failed', isAppError(err) ? err.message : 'Deepgram could not be reached.'));
    client.on('message', (data, isBinary) => {
      if (isBinary) return live.send(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
      const msg = String(data);
      if (!msg.includes('"stop"')) return;
      void live
        .finish()
        .then(async (text) => {
          const seconds = (Date.now() - started) / 1000;
          await ai.usage.record({ workspaceId, userId, provider: 'deepgram', model, feature: 'transcribe', inputTokens: 0, outputTokens: 0, audioSeconds: seconds });
          send({ type: 'transcript', text });
          client.close(1000, 'done');
        })
        .catch((err: unknown) => fail(isAppError(err) ? err.code : 'voice.live.failed', isAppError(err) ? err.message : 'Live transcription failed.'));
    });
    client.on('close', () => live.abort());
  }

  return {
    mint,
    handleUpgrade,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}
