import { describe, expect, it } from 'vitest';
import { startZoomFake, type ZoomFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { getMeeting, updateMeeting, zoom } from './index.js';

async function seeded(): Promise<ZoomFake> {
  const fake = await startZoomFake();
  // More meetings than one page (300), so lists follow next_page_token.
  for (let i = 1; i <= 310; i++) fake.schedule(`Standup ${i}`, `2026-02-${String((i % 28) + 1).padStart(2, '0')}T09:00:00Z`);
  return fake;
}

describeConformance({
  service: zoom,
  startFake: seeded,
  throttleBody: { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' },
  operations: {
    'zoom.list_meetings': { input: { limit: 305 }, check: (out) => expect((out as { meetings: unknown[] }).meetings).toHaveLength(305), badInput: { input: { type: 'all' }, field: 'type' } },
    'zoom.get_meeting': { input: { meetingId: 81000000001 }, check: (out) => expect(out).toMatchObject({ topic: 'Standup 1', joinUrl: 'https://zoom.us/j/81000000001' }), badInput: { input: { meetingId: 'abc' }, field: 'meetingId' } },
    'zoom.create_meeting': { input: { topic: 'Quarterly review', startTime: '2026-03-01T15:00:00Z', duration: 45 }, check: (out) => expect(out).toMatchObject({ topic: 'Quarterly review', duration: 45, startTime: '2026-03-01T15:00:00Z', joinUrl: expect.stringMatching(/^https:\/\/zoom\.us\/j\//) }), badInput: { input: { topic: 'x', startTime: 'tomorrow' }, field: 'startTime' } },
    'zoom.update_meeting': { input: { meetingId: 81000000002, topic: 'Renamed' }, check: (out) => expect(out).toEqual({ id: 81000000002, updated: true }), badInput: { input: { meetingId: 81000000002, duration: 0 }, field: 'duration' } },
  },
  triggers: {
    'zoom.new_meeting': { config: {}, produce: (f) => void (f as ZoomFake).schedule('Fresh meeting', '2026-04-01T10:00:00Z'), check: (events) => expect(events[0]).toMatchObject({ topic: 'Fresh meeting' }) },
  },
  extra(ctx) {
    describe('Zoom specifics', () => {
      it('an update is visible to a read; a missing meeting is named', async () => {
        const { h } = ctx();
        await h.run(updateMeeting, { meetingId: 81000000003, startTime: '2026-05-05T08:30:00Z', agenda: 'Plans' });
        expect(await h.run(getMeeting, { meetingId: 81000000003 })).toMatchObject({ startTime: '2026-05-05T08:30:00Z', agenda: 'Plans' });
        await expect(h.run(getMeeting, { meetingId: 1 })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Zoom says “Meeting does not exist: 1”.' });
      });
    });
  },
});
