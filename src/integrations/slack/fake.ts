import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Slack Web API fake (api.slack.com/web): methods under /api/<method>, answers `{ ok, ... }` with HTTP 200 even
 * for errors (`invalid_auth`, `channel_not_found`), cursor pagination in `response_metadata.next_cursor`,
 * 429 + Retry-After for rate limits, token rotation through oauth.v2.access.
 */
export interface SlackFake extends FakeService {
  channels: { id: string; name: string; is_private: boolean; is_archived: boolean; num_members: number }[];
  users: { id: string; name: string; real_name: string; profile: { email: string; display_name: string } }[];
  history: Map<string, { type: 'message'; user?: string; bot_id?: string; text: string; ts: string }[]>;
  posted: { channel: string; text: string; thread_ts?: string }[];
}

export async function startSlackFake(): Promise<SlackFake> {
  const state = {
    channels: Array.from({ length: 5 }, (_, i) => ({ id: `C00${i}`, name: i === 0 ? 'general' : `team-${i}`, is_private: false, is_archived: i === 4, num_members: 3 + i })),
    users: [{ id: 'U001', name: 'ada', real_name: 'Ada Lovelace', profile: { email: 'ada@example.com', display_name: 'ada' } }],
    history: new Map([['C000', [{ type: 'message' as const, user: 'U001', text: 'hello', ts: '1700000000.000100' }]]]),
    posted: [] as SlackFake['posted'],
  };
  const fake = await startFakeService({
    tokenPath: '/api/oauth.v2.access',
    tokenAnswer: (access, refresh) => ({ ok: true, access_token: access, token_type: 'bot', expires_in: 43200, refresh_token: refresh }),
    unauthorized: (reply) => reply.code(200).send({ ok: false, error: 'invalid_auth' }),
    routes(app) {
      const args = (req: { query: unknown; body: unknown }) => ({ ...(req.query as Record<string, string>), ...((req.body as Record<string, unknown>) ?? {}) }) as Record<string, string | undefined>;
      app.post('/api/auth.revoke', async () => ({ ok: true, revoked: true }));
      app.post('/api/auth.test', async () => ({ ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'atom', team_id: 'T1', user_id: 'U0BOT' }));
      app.post('/api/chat.postMessage', async (req) => {
        const a = args(req);
        if (!a['text']) return { ok: false, error: 'no_text' };
        const ch = state.channels.find((c) => c.id === a['channel'] || c.name === a['channel']);
        if (!ch) return { ok: false, error: 'channel_not_found' };
        if (ch.is_archived) return { ok: false, error: 'is_archived' };
        const ts = `${Math.floor(Date.now() / 1000)}.${String(state.posted.length).padStart(6, '0')}`;
        state.posted.push({ channel: ch.id, text: a['text'], ...(a['thread_ts'] ? { thread_ts: a['thread_ts'] } : {}) });
        return { ok: true, channel: ch.id, ts, message: { text: a['text'], ts } };
      });
      app.get('/api/conversations.list', async (req) => {
        const a = args(req);
        const limit = Math.min(Number(a['limit'] ?? 100), 2); // small pages to exercise the cursor
        const start = a['cursor'] ? Number(Buffer.from(a['cursor'], 'base64').toString()) : 0;
        const visible = state.channels.filter((c) => a['exclude_archived'] !== 'true' || !c.is_archived);
        const page = visible.slice(start, start + limit);
        const next = start + limit < visible.length ? Buffer.from(String(start + limit)).toString('base64') : '';
        return { ok: true, channels: page, response_metadata: { next_cursor: next } };
      });
      app.get('/api/users.lookupByEmail', async (req) => {
        const u = state.users.find((x) => x.profile.email === args(req)['email']);
        return u ? { ok: true, user: u } : { ok: false, error: 'users_not_found' };
      });
      app.get('/api/conversations.history', async (req) => {
        const a = args(req);
        const msgs = state.history.get(a['channel'] ?? '');
        if (!msgs) return { ok: false, error: 'channel_not_found' };
        // Newest first, only after `oldest` (exclusive), as documented.
        const all = msgs.filter((m) => !a['oldest'] || Number(m.ts) > Number(a['oldest'])).sort((x, y) => Number(y.ts) - Number(x.ts));
        const limit = Number(a['limit'] ?? 100);
        const start = a['cursor'] ? Number(a['cursor']) : 0;
        const page = all.slice(start, start + Math.min(limit, 2));
        const more = start + page.length < all.length;
        return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + page.length) : '' } };
      });
    },
  });
  return Object.assign(fake, state);
}
