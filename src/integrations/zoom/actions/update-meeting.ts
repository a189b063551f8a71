import { z } from 'zod';
import { meetingFields, meetingId, zoom } from '../auth.js';

export const updateMeeting = zoom.operation({
  id: 'zoom.update_meeting',
  title: 'Update a meeting',
  description: 'Changes a Zoom meeting’s topic, start time, duration, time zone or agenda.',
  aiDescription: 'Use to reschedule or rename a Zoom meeting (by number). Only the fields given change; the join link stays the same.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ meetingId, topic: z.string().min(1).max(200).optional(), ...meetingFields }),
  output: z.object({ id: z.number(), updated: z.literal(true) }),
  method: 'PATCH',
  path: (i) => `meetings/${i.meetingId}`,
  body: (i) => ({ topic: i.topic, start_time: i.startTime, duration: i.duration, timezone: i.timezone, agenda: i.agenda }),
  // Zoom answers 204 with no body.
  response: z.unknown(),
  map: (_answer, i) => ({ id: i.meetingId, updated: true as const }),
});
