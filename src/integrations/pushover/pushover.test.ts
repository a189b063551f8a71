import { describe, expect, it } from 'vitest';
import { PUSHOVER_USER, startPushoverFake, type PushoverFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { pushover, sendMessage, validateUser } from './index.js';

describeConformance({
  service: pushover,
  startFake: startPushoverFake,
  basePath: '/1',
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { status: 0, errors: ['too many requests'], request: 'r' },
  operations: {
    'pushover.send_message': {
      input: { user: PUSHOVER_USER, message: 'Build finished', title: 'CI', priority: 1, sound: 'bike' },
      check: (out, fake) => {
        expect(out).toMatchObject({ request: expect.stringMatching(/-req$/) });
        expect((fake as PushoverFake).messages.at(-1)).toMatchObject({ user: PUSHOVER_USER, message: 'Build finished', title: 'CI', priority: '1', sound: 'bike' });
        // The token travels in the query string, never in the form body.
        expect((fake as PushoverFake).messages.at(-1)).not.toHaveProperty('token');
      },
      badInput: { input: { user: 'short', message: 'x' }, field: 'user' },
    },
    'pushover.validate_user': {
      input: { user: PUSHOVER_USER },
      check: (out) => expect(out).toEqual({ valid: true, isGroup: false, devices: ['iphone', 'desktop'], reason: null }),
      badInput: { input: { user: PUSHOVER_USER, device: 'x'.repeat(40) }, field: 'device' },
    },
    'pushover.list_sounds': {
      input: {},
      check: (out) => expect(out).toMatchObject({ sounds: expect.arrayContaining([{ id: 'bike', name: 'Bike' }]) }),
      badInput: { input: { nameContains: '' }, field: 'nameContains' },
    },
  },
  extra(ctx) {
    describe('Pushover specifics', () => {
      it('an unknown user key is an answer (valid: false), not a failure', async () => {
        const out = await ctx().h.run(validateUser, { user: 'a'.repeat(30) });
        expect(out).toMatchObject({ valid: false, reason: expect.stringContaining('user key is invalid') });
      });
      it('a device the user does not have is refused in Pushover’s words', async () => {
        await expect(ctx().h.run(sendMessage, { user: PUSHOVER_USER, message: 'hi', device: 'watch' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringContaining('device name is not valid for user') });
      });
    });
  },
});
