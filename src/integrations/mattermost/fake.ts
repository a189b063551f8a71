import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Mattermost API v4 fake (api.mattermost.com): Bearer personal access token; errors `{ id, message,
 * detailed_error, request_id, status_code }` (401 api.context.session_expired.app_error, 403
 * api.context.permissions.app_error, 404 app.channel.get.existing.app_error, 400 model.post.is_valid...).
 * Lists page with `page` (from 0) and `per_page`; a channel's posts come as `{ order, posts }`, `since` (ms) returns
 * those created or changed after it.
 */
export interface MattermostPost {
  id: string;
  channel_id: string;
  user_id: string;
  message: string;
  create_at: number;
  update_at: number;
  root_id: string;
}

export interface MattermostFake extends FakeService {
  posts: MattermostPost[];
  /** Someone posts in a channel. */
  say(channelId: string, message: string, userId?: string): MattermostPost;
}

const error = (status: number, id: string, message: string) => ({ id, message, detailed_error: '', request_id: 'req1', status_code: status });

export async function startMattermostFake(): Promise<MattermostFake> {
  const posts: MattermostPost[] = [];
  const channels = Array.from({ length: 230 }, (_, i) => ({ id: `ch${String(i + 1).padStart(24, '0')}`, team_id: 'team1', name: `channel-${i + 1}`, display_name: `Channel ${i + 1}`, type: 'O' }));
  let clock = Date.UTC(2026, 0, 1);
  let n = 0;
  const say = (channelId: string, message: string, userId = 'user-ada') => {
    clock += 1000;
    const p = { id: `post${String(++n).padStart(22, '0')}`, channel_id: channelId, user_id: userId, message, create_at: clock, update_at: clock, root_id: '' };
    posts.push(p);
    return p;
  };
  const channelOf = (id: string) => channels.find((c) => c.id === id);
  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).send(error(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.')),
    routes(app) {
      app.get('/api/v4/users/me', async () => ({ id: 'user-bot', username: 'atom-bot', email: 'bot@example.com' }));
      app.get('/api/v4/users/me/teams', async () => [{ id: 'team1', name: 'eng', display_name: 'Engineering' }, { id: 'team2', name: 'ops', display_name: 'Operations' }]);
      app.get('/api/v4/teams/:team/channels', async (req, reply) => {
        if ((req.params as { team: string }).team !== 'team1') return reply.code(403).send(error(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.'));
        const q = req.query as Record<string, string>;
        const per = Math.min(Number(q['per_page'] ?? 60), 200);
        const page = Number(q['page'] ?? 0);
        return channels.slice(page * per, (page + 1) * per);
      });
      app.post('/api/v4/posts', async (req, reply) => {
        const b = (req.body ?? {}) as { channel_id?: string; message?: string; root_id?: string };
        if (!b.channel_id || !channelOf(b.channel_id)) return reply.code(404).send(error(404, 'app.channel.get.existing.app_error', 'Unable to find the existing channel.'));
        if (!b.message) return reply.code(400).send(error(400, 'model.post.is_valid.msg.app_error', 'Invalid message.'));
        const p = say(b.channel_id, b.message, 'user-bot');
        p.root_id = b.root_id ?? '';
        return reply.code(201).send(p);
      });
      app.get('/api/v4/channels/:channel/posts', async (req, reply) => {
        const { channel } = req.params as { channel: string };
        if (!channelOf(channel)) return reply.code(404).send(error(404, 'app.channel.get.existing.app_error', 'Unable to find the existing channel.'));
        const q = req.query as Record<string, string>;
        const since = q['since'] ? Number(q['since']) : undefined;
        const per = Math.min(Number(q['per_page'] ?? 60), 200);
        const mine = posts.filter((p) => p.channel_id === channel && (since === undefined || p.update_at > since)).reverse();
        const shown = since === undefined ? mine.slice(0, per) : mine;
        return { order: shown.map((p) => p.id), posts: Object.fromEntries(shown.map((p) => [p.id, p])), next_post_id: '', prev_post_id: '' };
      });
    },
  });
  return Object.assign(fake, { posts, say });
}
