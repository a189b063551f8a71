import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../../test/fakes/google-apis/server.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { createEvent, listEvents, updateEvent } from './index.js';

let fake: GoogleFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startGoogleFake();
  h = await pieceHarness({ serviceId: 'google-calendar', fake, basePath: '/calendar/v3', tokenPath: '/token' });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});

const soon = (min: number) => new Date(Date.now() + min * 60_000).toISOString();

describe('google_calendar.update_event', () => {
  it('changes only the given fields (PATCH), moves the event and replaces guests', async () => {
    const made = await h.run(createEvent, { summary: 'Standup', start: soon(60), end: soon(75), attendees: ['ada@example.com'] });
    const moved = await h.run(updateEvent, { eventId: made.id, start: soon(120), end: soon(150), attendees: ['bob@example.com'], notify: true });
    expect(moved).toMatchObject({ id: made.id, summary: 'Standup', attendees: ['bob@example.com'] });
    expect(Date.parse(moved.start) - Date.parse(made.start)).toBeGreaterThan(59 * 60_000);
    expect(fake.eventPatches.at(-1)).toMatchObject({ id: made.id, sendUpdates: 'all' });
    expect(Object.keys(fake.eventPatches.at(-1)!.body).sort()).toEqual(['attendees', 'end', 'start']);
    const renamed = await h.run(updateEvent, { eventId: made.id, summary: 'Daily standup', location: 'Room 2' });
    expect(renamed).toMatchObject({ summary: 'Daily standup', location: 'Room 2', attendees: ['bob@example.com'] });
    expect(fake.eventPatches.at(-1)!.sendUpdates).toBe('none');
    expect((await h.run(listEvents, {})).events.map((e) => e.summary)).toContain('Daily standup');
  });

  it('reports a missing event as not found and an empty time range as bad input', async () => {
    await expect(h.run(updateEvent, { eventId: 'nope', summary: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    const made = await h.run(createEvent, { summary: 'Review', start: soon(200), end: soon(230) });
    // Only a new end, before the kept start: Google refuses the range.
    await expect(h.run(updateEvent, { eventId: made.id, end: soon(190) })).rejects.toMatchObject({ code: 'integrations.http.bad_request' });
  });

  it('refuses bad input, naming the field', () => {
    expect(updateEvent.input.safeParse({ eventId: 'e1' }).error?.issues[0]?.path).toEqual(['summary']);
    expect(updateEvent.input.safeParse({ eventId: 'e1', start: soon(10), end: soon(5) }).error?.issues[0]?.path).toEqual(['end']);
    expect(updateEvent.input.safeParse({ eventId: '', summary: 'x' }).error?.issues[0]?.path).toEqual(['eventId']);
    expect(updateEvent.input.safeParse({ eventId: 'e1', attendees: ['not-an-email'] }).error?.issues[0]?.path).toEqual(['attendees', 0]);
  });
});
