import { describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from './fake.js';
import { workflowDefinitionSchema } from '../../workflows/index.js';
import { describeConformance } from '../testing/conformance.js';
import { pollTriggers } from '../triggers/poller.js';
import { newMessage, sendMessage, telegram } from './index.js';

describeConformance({
  service: telegram,
  startFake: startTelegramFake,
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
  operations: {
    'telegram.send_message': {
      input: { chatId: 42, text: '<b>Build</b> passed', parseMode: 'HTML' },
      check: (out, fake) => {
        expect(out).toMatchObject({ chatId: 42, chatTitle: 'Ada', text: '<b>Build</b> passed' });
        expect(fake.requests.at(-1)?.body).toMatchObject({ chat_id: 42, parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
      },
      badInput: { input: { chatId: 'ops channel', text: 'x' }, field: 'chatId' },
    },
    'telegram.send_photo': {
      input: { chatId: '@atom_news', photoUrl: 'https://example.com/chart.png', caption: 'Weekly chart' },
      check: (out) => expect(out).toMatchObject({ chatId: -1002, chatTitle: 'Atom news', text: 'Weekly chart' }),
      badInput: { input: { chatId: 42, photoUrl: 'file:///etc/passwd' }, field: 'photoUrl' },
    },
    'telegram.get_chat': {
      input: { chatId: -1001 },
      check: (out) => expect(out).toEqual({ id: -1001, kind: 'supergroup', title: 'Ops', username: null }),
      badInput: { input: { chatId: 1.5 }, field: 'chatId' },
    },
  },
  extra(ctx) {
    describe('Telegram specifics', () => {
      it('the token travels in the path (bot<token>/method) to the service only, and errors are in Telegram’s words', async () => {
        const { h, fake } = ctx();
        await h.run(sendMessage, { chatId: 42, text: 'hi' });
        expect(fake.requests.at(-1)?.path).toMatch(/^\/bottok-[^/]+\/sendMessage$/);
        await expect(h.run(sendMessage, { chatId: 5, text: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: expect.stringMatching(/^Telegram says “chat not found”/) });
        await expect(h.run(sendMessage, { chatId: 7, text: 'x' })).rejects.toMatchObject({ code: 'integrations.http.forbidden', message: 'Telegram says “bot was blocked by the user”.' });
      });

      it('new_message: the first poll skips the queue; then each message once, confirmed by the next offset', async () => {
        const { h, fake } = ctx();
        const tg = fake as TelegramFake;
        tg.incoming('old message');
        const first = await h.poll(newMessage, {});
        expect(first.events).toEqual([]);
        tg.incoming('status?');
        tg.incoming('in the ops group', -1001);
        const second = await h.poll(newMessage, {}, first.cursor);
        expect(second.events.map((e) => [e.chatId, e.text, e.from])).toEqual([[42, 'status?', 'ada'], [-1001, 'in the ops group', 'ada']]);
        // Not confirmed yet (a crash now re-reads them); the next poll's offset confirms them.
        expect(tg.updates.map((u) => u.message?.text)).toContain('status?');
        expect((await h.poll(newMessage, {}, second.cursor)).events).toEqual([]);
        expect(tg.updates.map((u) => u.message?.text)).not.toContain('status?');
        tg.incoming('only ops', -1001);
        tg.incoming('not this chat');
        const filtered = await h.poll(newMessage, { chatId: -1001 }, second.cursor);
        expect(filtered.events.map((e) => e.text)).toEqual(['only ops']);
      });

      it('new_message waits out a 429 and starts one workflow run per message through the poller', async () => {
        const { h, fake } = ctx();
        const tg = fake as TelegramFake;
        const first = await h.poll(newMessage, {});
        tg.incoming('retry me');
        fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } });
        expect((await h.poll(newMessage, {}, first.cursor)).events.map((e) => e.text)).toEqual(['retry me']);

        const runs: unknown[] = [];
        const sub = { workspaceId: 'ws-test', workflowId: 'wf-tg', trigger: workflowDefinitionSchema.parse({ trigger: { type: 'integration', trigger: 'telegram.new_message', connectionId: h.connection.id, pollMinutes: 1, config: {} }, steps: [] }).trigger as never };
        const dispatch = { subscriptions: async () => [sub], integrationEvent: async (e: { data: unknown }) => (runs.push(e.data), ['run']) };
        let now = Date.now();
        const pass = () => pollTriggers(h.ctx, dispatch, [newMessage], { clock: { now: () => (now += 2 * 60_000) } });
        expect(await pass()).toMatchObject({ events: 0, failed: 0 });
        tg.incoming('deploy please');
        expect(await pass()).toMatchObject({ events: 1, failed: 0 });
        expect(runs).toEqual([expect.objectContaining({ text: 'deploy please', chatId: 42 })]);
      });
    });
  },
});
