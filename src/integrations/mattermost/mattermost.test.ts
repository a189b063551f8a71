import { describe, expect, it } from 'vitest';
import { startMattermostFake, type MattermostFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { mattermost, postMessage } from './index.js';

const CH = `ch${'1'.padStart(24, '0')}`;
const CH2 = `ch${'2'.padStart(24, '0')}`;

describeConformance({
  service: mattermost,
  startFake: startMattermostFake,
  basePath: '/api/v4',
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { id: 'api.context.rate_limited', message: 'Too many requests.', status_code: 429 },
  operations: {
    'mattermost.post_message': {
      input: { channelId: CH, message: '**Deploy** finished' },
      check: (out) => expect(out).toMatchObject({ channelId: CH, message: '**Deploy** finished', rootId: null }),
      badInput: { input: { channelId: 'town-square', message: 'x' }, field: 'channelId' },
    },
    'mattermost.list_teams': { input: {}, check: (out) => expect((out as { teams: unknown[] }).teams).toHaveLength(2), badInput: { input: { limit: 0 }, field: 'limit' } },
    'mattermost.list_channels': {
      input: { teamId: 'team1', limit: 220 },
      check: (out) => expect((out as { channels: { name: string }[] }).channels.at(-1)?.name).toBe('channel-220'),
      badInput: { input: { teamId: 'team1', limit: 0 }, field: 'limit' },
    },
  },
  triggers: {
    'mattermost.new_post': {
      config: { channelId: CH2 },
      produce: (f) => void (f as MattermostFake).say(CH2, `alert ${Date.now()}`),
      check: (events) => expect(events[0]).toMatchObject({ channelId: CH2, userId: 'user-ada', message: expect.stringMatching(/^alert/) }),
    },
  },
  extra(ctx) {
    describe('Mattermost specifics', () => {
      it('errors in Mattermost’s words with its error id', async () => {
        await expect(ctx().h.run(postMessage, { channelId: `ch${'9'.padStart(24, '9')}`, message: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Mattermost says “Unable to find the existing channel.”.' });
      });
    });
  },
});
