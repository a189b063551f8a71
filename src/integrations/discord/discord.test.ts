import { describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { discord, listMessages, sendMessage } from './index.js';

async function seeded(): Promise<DiscordFake> {
  const fake = await startDiscordFake();
  // More than one page (100) of history in #general.
  for (let i = 1; i <= 130; i++) fake.post('111', `message ${i}`, i % 2 ? 'ada' : 'grace');
  return fake;
}

describeConformance({
  service: discord,
  startFake: seeded,
  basePath: '/api/v10',
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { message: 'You are being rate limited.', retry_after: 1, global: false },
  operations: {
    'discord.send_message': {
      input: { channelId: '111', content: 'Deploy finished', embeds: [{ title: 'v1.2', color: 0x00ff00 }] },
      check: (out) => expect(out).toMatchObject({ channelId: '111', content: 'Deploy finished', authorIsBot: true }),
      badInput: { input: { channelId: 'general', content: 'x' }, field: 'channelId' },
    },
    'discord.edit_message': {
      input: { channelId: '111', messageId: '1200000000000000001', content: 'edited' },
      check: (out) => expect(out).toMatchObject({ content: 'edited' }),
      badInput: { input: { channelId: '111', messageId: '1200000000000000001', content: '' }, field: 'content' },
    },
    'discord.list_messages': {
      input: { channelId: '111', limit: 120 },
      check: (out) => {
        const messages = (out as { messages: { content: string }[] }).messages;
        expect(messages).toHaveLength(120);
        expect(messages[0]?.content).not.toBe('message 1');
      },
      badInput: { input: { channelId: '111', limit: 0 }, field: 'limit' },
    },
    'discord.list_channels': {
      input: { guildId: 'g001' },
      check: (out) => expect(out).toEqual({ channels: [{ id: '111', name: 'general', kind: 'text' }, { id: '112', name: 'alerts', kind: 'text' }, { id: '113', name: 'Voice', kind: 'voice' }] }),
      badInput: { input: {}, field: 'guildId' },
    },
    'discord.list_servers': {
      input: { limit: 250 },
      check: (out) => expect((out as { servers: unknown[] }).servers).toHaveLength(250),
      badInput: { input: { limit: 5000 }, field: 'limit' },
    },
  },
  triggers: {
    'discord.new_message': {
      config: { channelId: '112' },
      produce: (f) => void (f as DiscordFake).post('112', `Server down at ${Date.now()}`, 'grace'),
      check: (events) => expect(events[0]).toMatchObject({ channelId: '112', author: 'grace', authorIsBot: false, content: expect.stringMatching(/^Server down/) }),
    },
  },
  extra(ctx) {
    describe('Discord specifics', () => {
      it('a channel that does not exist is named in Discord’s words; mentions in run data ping no roles', async () => {
        const { h, fake } = ctx();
        await expect(h.run(sendMessage, { channelId: '999999', content: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Discord says “Unknown Channel”.' });
        await h.run(sendMessage, { channelId: '111', content: '@everyone look' });
        expect(fake.requests.at(-1)?.body).toMatchObject({ allowed_mentions: { parse: ['users'] } });
        expect(fake.requests.at(-1)?.headers.authorization).toMatch(/^Bot tok-/);
      });
      it('an Invalid Form Body says which field', async () => {
        const { h, fake } = ctx();
        fake.inject({ kind: 'status', status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } } });
        await expect(h.run(listMessages, { channelId: '111' })).rejects.toMatchObject({ message: 'Discord says “Invalid Form Body” (content: Must be 2000 or fewer in length.).' });
      });
      it('the trigger skips the bot’s own messages unless asked (no loops)', async () => {
        const { h, fake } = ctx();
        const { newMessage } = await import('./index.js');
        const first = await h.poll(newMessage, { channelId: '112' });
        await h.run(sendMessage, { channelId: '112', content: 'bot says hi' });
        (fake as DiscordFake).post('112', 'human says hi', 'ada');
        const r = await h.poll(newMessage, { channelId: '112' }, first.cursor);
        expect(r.events.map((e) => e.content)).toEqual(['human says hi']);
      });
    });
  },
});
