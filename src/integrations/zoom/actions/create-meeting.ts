import { z } from 'zod';
import { meetingFields, meetingOut, toMeeting, zoom, zoomMeeting } from '../auth.js';

export const createMeeting = zoom.operation({
  id: 'zoom.create_meeting',
  title: 'Create a meeting',
  description: 'Schedules a Zoom meeting for the connected user and returns its join link.',
  aiDescription: 'Use to schedule a Zoom meeting (topic, start time, duration in minutes, time zone, agenda); share `joinUrl` with the participants (for example by email or in a calendar event).',
  idempotent: false,
  sideEffect: true,
  input: z.object({ topic: z.string().min(1).max(200), ...meetingFields }),
  output: meetingOut,
  method: 'POST',
  path: () => 'users/me/meetings',
  // type 2: a scheduled meeting.
  body: (i) => ({ topic: i.topic, type: 2, start_time: i.startTime, duration: i.duration, timezone: i.timezone, agenda: i.agenda }),
  response: zoomMeeting,
  map: toMeeting,
});
