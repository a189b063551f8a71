import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Discord REST fake (discord.com/developers/docs/reference, API v10): `Authorization: Bot <token>`, JSON error
 * bodies `{ message, code }` (401 "401: Unauthorized" code 0, 404 "Unknown Channel" 10003, 403 "Missing Access"
 * 50001, 400 "Invalid Form Body" 50035 with `errors`), 429 `{ message, retry_after, global }` with Retry-After.
 * Channel messages page newest first with `limit` (1-100) and `before` / `after` snowflakes.
 */
export interface DiscordMessage {
  id: string;
  channel_id: string;
  content: string;
  timestamp: string;
  author: { id: string; username: string; bot?: boolean };
  embeds: unknown[];
}

export interface DiscordFake extends FakeService {
  messages: DiscordMessage[];
  /** Adds a message as a person would post it; returns it. */
  post(channelId: string, content: string, author?: string): DiscordMessage;
}

// Snowflakes grow with time; a big base keeps them as long as real ones (19 digits).
let next = 1_200_000_000_000_000_000n;
const snowflake = () => String(++next);

export async function startDiscordFake(): Promise<DiscordFake> {
  const messages: DiscordMessage[] = [];
  const channels = [
    { id: '111', guild_id: 'g001', name: 'general', type: 0, position: 0 },
    { id: '112', guild_id: 'g001', name: 'alerts', type: 0, position: 1 },
    { id: '113', guild_id: 'g001', name: 'Voice', type: 2, position: 2 },
  ];
  const guilds = Array.from({ length: 250 }, (_, i) => ({ id: `g${String(i + 1).padStart(3, '0')}`, name: `Guild ${i + 1}`, owner: i === 0, permissions: '2048' }));
  const post = (channelId: string, content: string, author = 'ada'): DiscordMessage => {
    const m = { id: snowflake(), channel_id: channelId, content, timestamp: new Date().toISOString(), author: { id: `u-${author}`, username: author }, embeds: [] };
    messages.push(m);
    return m;
  };
  const unknownChannel = { message: 'Unknown Channel', code: 10003 };
  const fake = await startFakeService({
    readToken: (req) => /^Bot (.+)$/.exec(req.headers.authorization ?? '')?.[1],
    unauthorized: (reply) => reply.code(401).send({ message: '401: Unauthorized', code: 0 }),
    routes(app) {
      app.get('/api/v10/users/@me', async () => ({ id: 'bot1', username: 'atom-bot', bot: true }));
      app.get('/api/v10/users/@me/guilds', async (req) => {
        const q = req.query as Record<string, string>;
        const limit = Math.min(Number(q['limit'] ?? 200), 200);
        const after = q['after'];
        return guilds.filter((g) => !after || g.id > after).slice(0, limit);
      });
      app.get('/api/v10/guilds/:guild/channels', async (req, reply) => {
        const { guild } = req.params as { guild: string };
        if (guild !== 'g001') return reply.code(404).send({ message: 'Unknown Guild', code: 10004 });
        return channels;
      });
      app.get('/api/v10/channels/:channel/messages', async (req, reply) => {
        const { channel } = req.params as { channel: string };
        if (!channels.some((c) => c.id === channel)) return reply.code(404).send(unknownChannel);
        const q = req.query as Record<string, string>;
        const limit = Number(q['limit'] ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply.code(400).send({ message: 'Invalid Form Body', code: 50035, errors: { limit: { _errors: [{ code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 100.' }] } } });
        let list = messages.filter((m) => m.channel_id === channel);
        if (q['after']) list = list.filter((m) => BigInt(m.id) > BigInt(q['after']!)).slice(0, limit);
        else if (q['before']) list = list.filter((m) => BigInt(m.id) < BigInt(q['before']!)).slice(-limit);
        else list = list.slice(-limit);
        // Newest first, as Discord answers.
        return [...list].reverse();
      });
      app.post('/api/v10/channels/:channel/messages', async (req, reply) => {
        const { channel } = req.params as { channel: string };
        if (!channels.some((c) => c.id === channel)) return reply.code(404).send(unknownChannel);
        if (channel === '112' && (req.headers.authorization ?? '').includes('readonly')) return reply.code(403).send({ message: 'Missing Access', code: 50001 });
        const body = (req.body ?? {}) as { content?: string; embeds?: unknown[] };
        if (!body.content && !body.embeds?.length) return reply.code(400).send({ message: 'Cannot send an empty message', code: 50006 });
        if ((body.content ?? '').length > 2000) return reply.code(400).send({ message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } });
        const m = post(channel, body.content ?? '', 'atom-bot');
        m.author.bot = true;
        m.embeds = body.embeds ?? [];
        return m;
      });
      app.patch('/api/v10/channels/:channel/messages/:id', async (req, reply) => {
        const { id } = req.params as { channel: string; id: string };
        const m = messages.find((x) => x.id === id);
        if (!m) return reply.code(404).send({ message: 'Unknown Message', code: 10008 });
        m.content = (req.body as { content?: string }).content ?? m.content;
        return { ...m, edited_timestamp: new Date().toISOString() };
      });
    },
  });
  return Object.assign(fake, { messages, post });
}
